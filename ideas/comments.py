"""Comments on ideas and pilots (django-comments-xtd): rules, services, counters, the thread.

Residents write plain text (at most ``COMMENTS_XTD_MAX_LENGTH`` characters) in threads three
levels deep. Our own views (``ideas.comment_views``) call the services here; xtd's endpoints
(``/kommentare/post/`` and its API) are guarded by the same rules through the receivers at
the end of this module, so neither path stores anything for anonymous, unverified or
rate-limited accounts.

State of a comment, and what the public sees:

- visible: ``is_public`` and not ``is_removed`` and not ``hidden_by_reports``;
- removed by its author (``is_removed``): "Kommentar gelöscht", replies keep their place;
- hidden (``hidden_by_reports``, and ``is_public=False`` so xtd's API leaves it out): while
  reports are open "Kommentar ausgeblendet (wird geprüft)", after an editor's decision
  "Kommentar von der Redaktion ausgeblendet". Author and editors still see the text.

``Idea.comment_count`` counts the visible comments only. Every change of state recomputes it
from the database in the same transaction (``refresh_comment_count``), so it stays exact.

Existing comments are changed with ``QuerySet.update()``, never ``save()``: xtd's pre_save
receiver would unpublish the replies of a removed comment and miscount ``nested_count``.
"""

from collections import defaultdict
from datetime import timedelta
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from participation.accounts.models import user_can_participate
from participation.ratelimit import hit

from . import notifications, permissions
from .models import Comment, CommentReport, Follow, Idea, IdeaReport
from .services import IdeaError, NotAllowed

EDIT_WINDOW = timedelta(minutes=15)
MAX_LENGTH = getattr(settings, "COMMENTS_XTD_MAX_LENGTH", 2000)
MAX_LEVEL = settings.COMMENTS_XTD_MAX_THREAD_LEVEL  # 2: levels 0, 1 and 2
NAME_MAX_LENGTH = 50  # django_comments' user_name column

# URL kinds of commentable objects and their models.
KINDS = {"idee": "ideas.idea", "pilot": "pilots.pilotpage"}
SORT_OLDEST = "aelteste"
SORT_NEWEST = "neueste"
SORTS = (SORT_OLDEST, SORT_NEWEST)
SORT_PARAM = "kommentare"
AVATAR_VARIANTS = 6

Reason = IdeaReport.Reason


class CommentError(IdeaError):
    default_message = _("Dieser Kommentar kann nicht gespeichert werden.")


class CommentsClosed(CommentError):
    default_message = _("Hier können keine Kommentare mehr geschrieben werden.")


class ThreadTooDeep(CommentError):
    default_message = _(
        "Auf diese Antwort kann nicht weiter geantwortet werden. Antworten Sie bitte auf den "
        "Kommentar darüber."
    )


class ReplyNotPossible(CommentError):
    default_message = _("Auf diesen Kommentar kann nicht mehr geantwortet werden.")


class EditWindowClosed(CommentError):
    default_message = _(
        "Kommentare können nur in den ersten 15 Minuten nach dem Schreiben bearbeitet werden."
    )


class EmptyComment(CommentError):
    default_message = _("Bitte schreiben Sie einen Kommentar.")


class CommentTooLong(CommentError):
    default_message = _("Ihr Kommentar ist zu lang: höchstens 2.000 Zeichen.")


# --- Targets: ideas and pilot pages --------------------------------------------------------


def target_kind(obj):
    """``"idee"`` or ``"pilot"`` for a commentable object, else None."""
    label = getattr(getattr(obj, "_meta", None), "label_lower", "")
    for kind, model_label in KINDS.items():
        if label == model_label:
            return kind
    return None


def _pilot_model():
    from pilots.models import PilotPage

    return PilotPage


def get_target(kind, pk):
    """The commentable object behind a URL, or None."""
    if kind == "idee":
        return Idea.objects.select_related("author").filter(pk=pk).first()
    if kind == "pilot":
        return _pilot_model().objects.live().filter(pk=pk).first()
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


def can_view_target(user, target):
    if isinstance(target, Idea):
        return permissions.can_view(user, target)
    return bool(getattr(target, "live", False))


def comments_open(target):
    """Public ideas (not withdrawn) and live pilot pages take comments."""
    if isinstance(target, Idea):
        return target.is_public and target.status != Idea.Status.WITHDRAWN
    return target_kind(target) is not None and bool(getattr(target, "live", False))


def can_comment(user, target):
    return bool(user_can_participate(user) and comments_open(target))


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


# --- Counter -------------------------------------------------------------------------------


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


def _lock_target(target):
    """Serialise counter updates per idea (a no-op on SQLite, which locks the database)."""
    if isinstance(target, Idea):
        Idea.objects.select_for_update().filter(pk=target.pk).values_list("pk").first()


# --- Rules ---------------------------------------------------------------------------------


def clean_text(text):
    """Plain text: unified line breaks, trimmed; refused when empty or too long."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise EmptyComment()
    if len(text) > MAX_LENGTH:
        raise CommentTooLong()
    return text


def rate_limit_ok(user):
    """Count one comment attempt of ``user``; False once ``RATE_LIMIT_COMMENT`` is exceeded."""
    return hit(f"comment:{user.pk}", settings.RATE_LIMIT_COMMENT)


def is_hidden(comment):
    return bool(comment.hidden_by_reports or not comment.is_public)


def check_reply(parent, target=None):
    """Raise unless a reply to ``parent`` (on ``target``) is allowed."""
    if target is not None and (
        parent.content_type_id != content_type_for(target).pk or parent.object_pk != str(target.pk)
    ):
        raise NotAllowed()
    if parent.is_removed or is_hidden(parent):
        raise ReplyNotPossible()
    if parent.level >= MAX_LEVEL:
        raise ThreadTooDeep()


def can_edit(user, comment, now=None):
    now = now or timezone.now()
    return bool(
        user.is_authenticated
        and comment.user_id == user.pk
        and not comment.is_removed
        and not is_hidden(comment)
        and user_can_participate(user)
        and now - comment.submit_date <= EDIT_WINDOW
    )


def can_delete(user, comment):
    return bool(
        user.is_authenticated
        and user.is_active
        and comment.user_id == user.pk
        and not comment.is_removed
    )


def can_report(user, comment):
    return bool(
        user.is_authenticated
        and user.is_active
        and not getattr(user, "deleted_at", None)
        and comment.user_id != user.pk
        and not comment.is_removed
    )


# --- Services ------------------------------------------------------------------------------


def post_comment(user, target, text, *, parent=None):
    """Publish a comment (or a reply to ``parent``); counter, follow and notice included."""
    if not user_can_participate(user):
        raise NotAllowed(
            _(
                "Bitte melden Sie sich an und bestätigen Sie Ihre E-Mail-Adresse, "
                "um zu kommentieren."
            )
        )
    if not comments_open(target):
        raise CommentsClosed()
    text = clean_text(text)
    with transaction.atomic():
        _lock_target(target)
        if parent is not None:
            parent = Comment.objects.select_for_update(of=("self",)).get(pk=parent.pk)
            check_reply(parent, target)
        comment = Comment(
            content_type=content_type_for(target),
            object_pk=str(target.pk),
            site_id=settings.SITE_ID,
            user=user,
            user_name=user.public_name[:NAME_MAX_LENGTH],
            user_email=user.email,
            user_url="",
            comment=text,
            submit_date=timezone.now(),
            ip_address=None,  # not needed: accounts are verified and rate limited
            is_public=True,
            is_removed=False,
            parent_id=parent.pk if parent is not None else 0,
            followup=False,
        )
        comment.save()  # new rows only: xtd computes thread, level and order here
        after_post(comment, target)
    return comment


def after_post(comment, target):
    """Inside the posting transaction: exact counter, auto-follow, notice after commit."""
    refresh_target(target)
    idea = idea_of(target)
    user = comment.user
    if idea is not None and user is not None and user.follow_supported:
        try:
            with transaction.atomic():
                Follow.objects.get_or_create(idea=idea, user=user)
        except IntegrityError:  # followed concurrently: fine
            pass
    transaction.on_commit(partial(deliver_comment_notice.enqueue, comment_id=comment.pk))


@transaction.atomic
def edit_comment(user, comment, text):
    """The author corrects a comment within ``EDIT_WINDOW``; ``edited_at`` marks it."""
    locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if locked.user_id != user.pk or locked.is_removed or is_hidden(locked):
        raise NotAllowed()
    if not can_edit(user, locked):
        raise EditWindowClosed()
    text = clean_text(text)
    now = timezone.now()
    Comment.objects.filter(pk=locked.pk).update(comment=text, edited_at=now)
    comment.comment, comment.edited_at = text, now
    return comment


@transaction.atomic
def delete_comment(user, comment):
    """The author removes a comment: "Kommentar gelöscht"; replies keep their place."""
    locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if not can_delete(user, locked):
        raise NotAllowed()
    target = locked.content_object
    if target is not None:
        _lock_target(target)
    Comment.objects.filter(pk=locked.pk).update(is_removed=True)
    comment.is_removed = True
    if target is not None:
        refresh_target(target)
    return comment


def report_comment(user, comment, reason, note=""):
    """One report per person; ``COMMENT_REPORTS_TO_HIDE`` open reports hide the comment.

    Returns False when this person had already reported the comment.
    """
    if not can_report(user, comment):
        raise NotAllowed()
    if reason not in Reason.values:
        reason = Reason.OTHER
    with transaction.atomic():
        try:
            with transaction.atomic():
                CommentReport.objects.create(
                    comment_id=comment.pk, reporter=user, reason=reason, note=(note or "").strip()
                )
        except IntegrityError:
            return False
        target = comment.content_object
        if target is not None:
            _lock_target(target)
        locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        open_reports = CommentReport.objects.filter(comment=locked, resolved=False).count()
        fields = {"report_count": open_reports}
        hides = not locked.hidden_by_reports and open_reports >= settings.COMMENT_REPORTS_TO_HIDE
        if hides:
            fields.update(hidden_by_reports=True, is_public=False)
        Comment.objects.filter(pk=locked.pk).update(**fields)
        for name, value in fields.items():
            setattr(comment, name, value)
        if hides and target is not None:
            refresh_target(target)
    return True


def _moderate(comments, change, *, eligible):
    """Apply ``change`` (field values) to the eligible comments; recount their targets."""
    changed = 0
    with transaction.atomic():
        targets = {}
        for comment in comments:
            locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
            if not eligible(locked):
                continue
            Comment.objects.filter(pk=locked.pk).update(**change)
            CommentReport.objects.filter(comment=locked, resolved=False).update(resolved=True)
            for name, value in change.items():
                setattr(comment, name, value)
            targets[(locked.content_type_id, locked.object_pk)] = locked
            changed += 1
        for locked in targets.values():
            target = locked.content_object
            if target is not None:
                _lock_target(target)
                refresh_target(target)
    return changed


def hide_comments(comments, *, by=None):
    """Editors hide comments for good: open reports are settled, the counter drops."""
    return _moderate(
        comments,
        {"hidden_by_reports": True, "is_public": False, "report_count": 0},
        eligible=lambda c: not c.hidden_by_reports or c.is_public or c.report_count,
    )


def restore_comments(comments, *, by=None):
    """Editors show comments again and settle their open reports."""
    return _moderate(
        comments,
        {"hidden_by_reports": False, "is_public": True, "report_count": 0},
        eligible=lambda c: (
            c.hidden_by_reports
            or not c.is_public
            or c.report_count
            or CommentReport.objects.filter(comment=c, resolved=False).exists()
        ),
    )


def may_be_official(comment):
    """Only comments written by the city's editors can carry the official badge."""
    user = comment.user
    return bool(user is not None and not comment.is_removed and getattr(user, "is_editor", False))


@transaction.atomic
def set_official(comments, official=True, *, by=None):
    """Mark (or unmark) comments as the city's official answer. Returns (changed, refused)."""
    changed = refused = 0
    for comment in comments:
        if official and not may_be_official(comment):
            refused += 1
            continue
        if comment.is_official == official:
            continue
        Comment.objects.filter(pk=comment.pk).update(is_official=official)
        comment.is_official = official
        changed += 1
    return changed, refused


# --- The thread on a page ------------------------------------------------------------------


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
    if user is None or not getattr(user, "is_researcher", False) or user.deleted_at:
        return ""
    badge = user.researcher_badge
    return f"{gettext('Forschung')} · {badge}" if badge else gettext("Forschung")


def thread_queryset(target):
    """All comments of a target with their authors and the authors' groups: 2 queries."""
    return (
        comments_for(target)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("thread_id", "order")
    )


def sort_from(request):
    value = request.GET.get(SORT_PARAM, "")
    return value if value in SORTS else SORT_OLDEST


def thread_context(request, target, *, sort=None):
    """Everything ``ideas/includes/comment_thread.html`` needs, in a constant number of
    queries (comments, authors' groups, the viewer's verification and reports)."""
    user = request.user
    sort = sort if sort in SORTS else sort_from(request)
    comments = list(thread_queryset(target))
    editor = permissions.is_editor(user)
    participant = user_can_participate(user)
    is_open = comments_open(target)
    may_comment = participant and is_open
    reported = set()
    if user.is_authenticated and comments:
        reported = set(
            CommentReport.objects.filter(
                reporter=user, comment_id__in=[c.pk for c in comments]
            ).values_list("comment_id", flat=True)
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
            comment.state != "removed" and (own or editor)
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
        "post_url": reverse("ideas:comment_create", kwargs={"kind": kind, "pk": target.pk}),
        "login_url": f"{reverse('account_login')}?next={quote(page_url)}%23kommentare",
        "can_comment": may_comment,
        "needs_verification": bool(user.is_authenticated and not participant),
        "is_open": is_open,
        "max_length": MAX_LENGTH,
        "is_editor": editor,
    }


def detail_context(request, idea):
    """Context for the comment thread on the idea page."""
    return {"comment_thread": thread_context(request, idea)}


def local_avatar_url(comment):
    """xtd's API avatar: a local SVG with the author's initials (a data: URI), no Gravatar."""
    user = getattr(comment, "user", None)
    initials = user.initials if user is not None and getattr(user, "pk", None) else "?"
    colours = ("#083a69", "#124d26", "#6b2c91", "#8a3b00", "#0f5257", "#7a1f3d")
    colour = colours[(getattr(user, "pk", 0) or 0) % len(colours)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">'
        f'<rect width="48" height="48" rx="24" fill="{colour}"/>'
        '<text x="24" y="30" font-family="sans-serif" font-size="18" font-weight="700" '
        f'text-anchor="middle" fill="#fff">{escape(initials)}</text></svg>'
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


# --- Notifications -------------------------------------------------------------------------


def _notice_text(user, comment, target, role):
    name = author_name(comment)
    title = target_title(target)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if role == "reply":
            intro = gettext("%(name)s hat auf Ihren Kommentar zu „%(title)s“ geantwortet:")
        else:
            intro = gettext("%(name)s hat Ihre Idee „%(title)s“ kommentiert:")
        link = settings.SITE_URL + comment_url(comment, target)
        return (
            f"{intro % {'name': name, 'title': title}}\n\n{comment.comment}\n\n"
            f"{gettext('Zum Kommentar:')} {link}"
        )


@task()
def deliver_comment_notice(comment_id):
    """Tell the idea's author about a new comment and a comment's author about a reply.

    Mail is plain text only (no HTML part), rendered by ``ideas.notifications`` in each
    recipient's language; preferences apply (none, own ideas only, daily digest).
    """
    from django.contrib.auth import get_user_model
    from django.core.mail import get_connection

    from .models import PendingNotification

    comment = Comment.objects.select_related("user").filter(pk=comment_id).first()
    if comment is None or comment.is_removed or is_hidden(comment):
        return 0
    target = comment.content_object
    idea = idea_of(target) if target is not None else None
    if idea is None:
        return 0
    roles = {}
    if isinstance(target, Idea) and idea.author_id != comment.user_id:
        roles[idea.author_id] = "idea"
    if comment.parent_id and comment.parent_id != comment.pk:
        parent_user_id = (
            Comment.objects.filter(pk=comment.parent_id).values_list("user_id", flat=True).first()
        )
        if parent_user_id and parent_user_id != comment.user_id:
            roles[parent_user_id] = "reply"
    user_model = get_user_model()
    messages = []
    for user in user_model.objects.filter(pk__in=roles, is_active=True, deleted_at__isnull=True):
        role = roles[user.pk]
        if user.notify == user_model.Notify.NONE:
            continue
        if user.notify == user_model.Notify.OWN and role != "idea":
            continue
        data = {"text": _notice_text(user, comment, target, role)}
        subject, body, unsubscribe = notifications.render_idea_mail(user, idea, "comment", data)
        if user.notify == user_model.Notify.DAILY:
            PendingNotification.objects.create(user=user, idea=idea, subject=subject, body=body)
        else:
            messages.append(notifications._message(subject, body, user.email, unsubscribe))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


# --- GDPR ----------------------------------------------------------------------------------


def export_comments(user):
    comments = attach_targets(
        list(Comment.objects.filter(user=user).select_related("content_type").order_by("pk"))
    )
    return {
        "comments": [
            {
                "id": comment.pk,
                "on": target_title(comment.target) if comment.target is not None else None,
                "url": comment_url(comment) if comment.target is not None else None,
                "reply_to": comment.parent_id if comment.parent_id != comment.pk else None,
                "text": comment.comment,
                "submitted": comment.submit_date,
                "edited": comment.edited_at,
                "deleted": comment.is_removed,
                "hidden": is_hidden(comment),
                "official": comment.is_official,
            }
            for comment in comments
        ],
        "comment_reports": [
            {
                "comment": report.comment_id,
                "reason": report.reason,
                "note": report.note,
                "created": report.created,
                "resolved": report.resolved,
            }
            for report in CommentReport.objects.filter(reporter=user).order_by("pk")
        ],
    }


def delete_comment_data(user):
    """Comments stay public under "Gelöschtes Konto"; the copies of name and address go."""
    Comment.objects.filter(user=user).update(
        user_name="", user_email="", user_url="", ip_address=None
    )


def register_gdpr():
    from participation.accounts.gdpr import register_deletion, register_export

    register_export(export_comments)
    register_deletion(delete_comment_data)


register_gdpr()


# --- Guarding xtd's own endpoints (/kommentare/post/ and /kommentare/api/comment/) ----------


def _portal_comment(comment):
    if isinstance(comment, Comment):
        return comment
    return Comment.objects.filter(pk=getattr(comment, "pk", None)).first()


def on_comment_will_be_posted(sender, comment, request, **kwargs):
    """Apply the portal's rules to a comment posted through xtd; False refuses it (400/403)."""
    user = getattr(comment, "user", None) or getattr(request, "user", None)
    if user is None or not user_can_participate(user):
        return False
    target = getattr(comment, "content_object", None)
    if target is None or target_kind(target) is None or not comments_open(target):
        return False
    try:
        text = clean_text(getattr(comment, "comment", ""))
        parent_id = getattr(comment, "parent_id", 0) or 0
        if parent_id:
            parent = Comment.objects.filter(pk=parent_id).first()
            if parent is None:
                return False
            check_reply(parent, target)
    except IdeaError:
        return False
    if not rate_limit_ok(user):
        return False
    comment.user = user
    comment.comment = text
    comment.user_name = user.public_name[:NAME_MAX_LENGTH]
    comment.user_email = user.email
    comment.user_url = ""
    comment.ip_address = None
    comment.followup = False  # xtd's own follow-up mails stay off
    comment.is_public = True
    return True


def on_confirmation_received(sender, comment, request, **kwargs):
    """xtd created a comment (form or API): same bookkeeping as ``post_comment``."""
    created = getattr(comment, "xtd_comment", None)
    if created is None:
        return False  # an email confirmation link: the portal never sends those
    created = _portal_comment(created)
    if created is None:
        return None
    target = created.content_object
    if target is not None:
        with transaction.atomic():
            _lock_target(target)
            after_post(created, target)
    return None


def on_comment_was_flagged(sender, comment, flag, created, request, **kwargs):
    """xtd's flag link becomes a report; django_comments' moderator actions keep counts."""
    from django_comments.models import CommentFlag

    portal = _portal_comment(comment)
    if portal is None:
        return
    if flag.flag == CommentFlag.SUGGEST_REMOVAL:
        if created and can_report(request.user, portal):
            report_comment(request.user, portal, Reason.OTHER)
        return
    if flag.flag in (CommentFlag.MODERATOR_DELETION, CommentFlag.MODERATOR_APPROVAL):
        with transaction.atomic():
            if flag.flag == CommentFlag.MODERATOR_APPROVAL:
                Comment.objects.filter(pk=portal.pk).update(hidden_by_reports=False, report_count=0)
                CommentReport.objects.filter(comment=portal, resolved=False).update(resolved=True)
            # xtd's pre_save receiver unpublished the replies of a removed comment.
            Comment.objects.filter(
                thread_id=portal.thread_id,
                level__gt=portal.level,
                hidden_by_reports=False,
                is_public=False,
            ).update(is_public=True)
            target = portal.content_object
            if target is not None:
                refresh_target(target)


def connect_signals():
    from django_comments.signals import comment_was_flagged, comment_will_be_posted
    from django_comments_xtd.signals import confirmation_received

    comment_will_be_posted.connect(
        on_comment_will_be_posted, dispatch_uid="ideas.comments.will_be_posted"
    )
    confirmation_received.connect(
        on_confirmation_received, dispatch_uid="ideas.comments.confirmation_received"
    )
    comment_was_flagged.connect(on_comment_was_flagged, dispatch_uid="ideas.comments.flagged")


connect_signals()


def open_reports_prefetch():
    return Prefetch(
        "reports",
        queryset=CommentReport.objects.filter(resolved=False).order_by("created", "id"),
        to_attr="open_reports",
    )
