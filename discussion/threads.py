"""The comment thread as a page shows it: nested, sorted, each comment with what the viewer
may do with it, in a constant number of queries."""

from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ideas import permissions as idea_permissions
from ideas.models import Idea
from participation.accounts.models import user_can_participate
from participation.sections import Section
from reports.models import Report

from .models import Comment
from .rules import MAX_LENGTH, MAX_LEVEL, can_delete, can_edit, can_report, is_hidden
from .targets import comments_for, comments_open, target_kind

SORT_OLDEST = "aelteste"
SORT_NEWEST = "neueste"
SORTS = (SORT_OLDEST, SORT_NEWEST)
SORT_PARAM = "kommentare"
AVATAR_VARIANTS = 6


def author_name(comment):
    if comment.user_id and comment.user is not None:
        return comment.user.public_name
    return comment.user_name or gettext("Gelöschtes Konto")


def author_initials(comment):
    if comment.user_id and comment.user is not None:
        return comment.user.initials
    return "?"


def research_badge(user):
    """The badge text for researchers ("Forschung · Lehrstuhl · Institution"), else ""."""
    if user is None or not getattr(user, "shows_research_badge", False) or user.deleted_at:
        return ""
    badge = user.researcher_badge
    return f"{gettext('Forschung')} · {badge}" if badge else gettext("Forschung")


def thread_queryset(target):
    """All comments of a target with their authors: one query (the researcher badges come
    from the kept list, ``User.shows_research_badge``)."""
    return comments_for(target).select_related("user").order_by("thread_id", "order")


def sort_from(request):
    value = request.GET.get(SORT_PARAM, "")
    return value if value in SORTS else SORT_OLDEST


def thread_context(request, target, *, sort=None):
    """Everything ``discussion/includes/comment_thread.html`` needs, in a constant number of
    queries (comments, authors' groups, the viewer's verification and reports)."""
    user = request.user
    sort = sort if sort in SORTS else sort_from(request)
    comments = list(thread_queryset(target))
    editorial = idea_permissions.is_editorial(user)
    participant = user_can_participate(user)
    is_open = comments_open(target)
    may_comment = participant and is_open
    reported = set()
    if user.is_authenticated and comments:
        reported = set(
            Report.objects.filter(
                reporter=user,
                content_type=ContentType.objects.get_for_model(Comment),
                object_id__in=[c.pk for c in comments],
            ).values_list("object_id", flat=True)
        )
    now = timezone.now()
    by_pk, roots = {}, []
    visible = 0
    for comment in comments:
        comment.children = []
        own = bool(user.is_authenticated and comment.user_id == user.pk)
        hidden = is_hidden(comment)
        if comment.is_removed:
            comment.state = "removed"
        elif hidden:
            comment.state = "review" if comment.report_count else "hidden"
        else:
            comment.state = "visible"
            visible += 1
        comment.is_own = own
        comment.show_text = comment.state == "visible" or (
            comment.state != "removed" and (own or editorial)
        )
        comment.author_name = author_name(comment)
        comment.author_initials = author_initials(comment)
        comment.research_badge = research_badge(comment.user)
        comment.avatar_variant = (comment.user_id or 0) % AVATAR_VARIANTS
        comment.can_edit = own and can_edit(user, comment, now)
        comment.can_delete = own and can_delete(user, comment)
        comment.can_reply = may_comment and comment.state == "visible" and comment.level < MAX_LEVEL
        comment.can_report = comment.state == "visible" and can_report(user, comment)
        comment.reported = comment.pk in reported
        by_pk[comment.pk] = comment
        parent = by_pk.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent.children if parent is not None else roots).append(comment)

    def chronological(item):
        return (item.submit_date, item.pk)

    roots.sort(key=chronological, reverse=sort == SORT_NEWEST)
    for comment in comments:
        comment.children.sort(key=chronological)

    kind = target_kind(target)
    page_url = request.path
    count = target.comment_count if isinstance(target, Idea) else visible
    return {
        "target": target,
        "kind": kind,
        "comments": roots,
        "has_comments": bool(comments),
        "count": count,
        "sort": sort,
        "sort_oldest_url": f"{page_url}?{SORT_PARAM}={SORT_OLDEST}#kommentare",
        "sort_newest_url": f"{page_url}?{SORT_PARAM}={SORT_NEWEST}#kommentare",
        "post_url": reverse("discussion:comment_create", kwargs={"kind": kind, "pk": target.pk}),
        "login_url": f"{reverse('account_login')}?next={quote(page_url)}%23kommentare",
        "can_comment": may_comment,
        "needs_verification": bool(user.is_authenticated and not participant),
        "is_open": is_open,
        "max_length": MAX_LENGTH,
        "is_editorial": editorial,
    }


def idea_comments_section(request, idea):
    """The comment thread at the end of the idea page."""
    return Section(
        "discussion/includes/comment_thread.html",
        {"thread": thread_context(request, idea)},
        order=90,
        region="end",
    )
