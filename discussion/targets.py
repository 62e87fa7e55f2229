"""What can be discussed: ideas and live pilot pages. The one place that knows the kinds.

A comment points at its target with django_comments' generic relation (``content_type``,
``object_pk``); URLs name a target by kind and primary key (``/ideen/kommentare/idee/12/…``).
``Idea.comment_count`` counts the visible comments of an idea and is recomputed from the
database in the transaction that changes one (``refresh_target``), so it stays exact.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from ideas import permissions as idea_permissions
from ideas.models import Idea
from pilots.models import PilotPage

from .models import Comment

#: URL kinds of commentable objects and their models.
KINDS = {"idee": Idea, "pilot": PilotPage}


def target_kind(obj):
    """``"idee"`` or ``"pilot"`` for a commentable object, else None."""
    for kind, model in KINDS.items():
        if isinstance(obj, model):
            return kind
    return None


def get_target(kind, pk):
    """The commentable object behind a URL, or None."""
    if kind == "idee":
        return Idea.objects.select_related("author").filter(pk=pk).first()
    if kind == "pilot":
        return PilotPage.objects.live().filter(pk=pk).first()
    return None


def content_type_for(target):
    return ContentType.objects.get_for_model(target)


def target_url(target):
    """The public page of a target (relative)."""
    if isinstance(target, Idea):
        return target.get_absolute_url()
    return target.get_url() or target.url or "/"


def target_title(target):
    return getattr(target, "title", "") or str(target)


def idea_of(target):
    """The idea a target belongs to: the idea itself, or a pilot's idea (or None)."""
    if isinstance(target, Idea):
        return target
    idea_id = getattr(target, "idea_id", None)
    return Idea.objects.filter(pk=idea_id).first() if idea_id else None


def can_view_target(user, target, request=None):
    """Whether ``user`` sees ``target``'s page, and so its comments: an idea as its page
    decides (``ideas.permissions.can_view``: public, or the author's, or for the editorial
    team); a pilot page if it is live and its view restrictions (password, login, groups, on
    it or above it) let the request in, as Wagtail's ``serve`` does. Anything else: never."""
    if isinstance(target, Idea):
        return idea_permissions.can_view(user, target)
    if target_kind(target) is None or not getattr(target, "live", False):
        return False
    # Without a request (a list of one person's comments) no password has been entered.
    request = request or SimpleNamespace(user=user, session={})
    return all(
        restriction.accept_request(request) for restriction in target.get_view_restrictions()
    )


def comments_open(target):
    """Public ideas (not withdrawn) and live pilot pages take comments."""
    if isinstance(target, Idea):
        return target.is_public and target.status != Idea.Status.WITHDRAWN
    return target_kind(target) is not None and bool(getattr(target, "live", False))


def comments_for(target):
    return Comment.objects.filter(
        content_type=content_type_for(target),
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
    )


def attach_targets(comments):
    """Set ``comment.target`` on each comment with one query per kind (for lists)."""
    wanted = defaultdict(set)
    for comment in comments:
        wanted[comment.content_type_id].add(comment.object_pk)
    found = {}
    for content_type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        manager = model._default_manager
        rows = manager.filter(pk__in=[pk for pk in pks if str(pk).isdigit()])
        for obj in rows:
            found[(content_type_id, str(obj.pk))] = obj
    for comment in comments:
        comment.target = found.get((comment.content_type_id, comment.object_pk))
    return comments


def comment_url(comment, target=None):
    """The comment's place on its target's page."""
    target = target or getattr(comment, "target", None) or comment.content_object
    return f"{target_url(target)}#c{comment.pk}"


def refresh_comment_count(idea):
    """Recount the idea's visible comments from the database and store the number."""
    count = (
        comments_for(idea).filter(is_public=True, is_removed=False, hidden_by_reports=False).count()
    )
    Idea.objects.filter(pk=idea.pk).update(comment_count=count)
    idea.comment_count = count
    return count


def refresh_target(target):
    if isinstance(target, Idea):
        return refresh_comment_count(target)
    return None


def lock_target(target):
    """Serialise counter updates per idea (a no-op on SQLite, which locks the database)."""
    if isinstance(target, Idea):
        Idea.objects.select_for_update().filter(pk=target.pk).values_list("pk").first()
