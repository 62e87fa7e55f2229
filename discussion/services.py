"""State changes of comments: post, edit, delete, report, and the editors' moderation.

Services own their transactions and locks and recount ``Idea.comment_count`` in the same
transaction; notices go out after commit. Views translate ``CommentError`` into messages.

State of a comment, and what the public sees:

- visible: ``is_public`` and not ``is_removed`` and not ``hidden_by_reports``;
- removed by its author (``is_removed``): "Kommentar gelöscht", replies keep their place;
- hidden (``hidden_by_reports`` and ``is_public=False``): while reports are open "Kommentar
  ausgeblendet (wird geprüft)", after an editor's decision "Kommentar von der Redaktion
  ausgeblendet". Author and editors still see the text.

Existing comments are changed with ``QuerySet.update()``, never ``save()``: xtd's pre_save
receiver would unpublish the replies of a removed comment and miscount ``nested_count``.
"""

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models import Follow
from ideas.services import IdeaError, NotAllowed
from participation.accounts.models import user_can_participate
from reports import services as reports

from . import notifications
from .models import Comment
from .rules import (
    MAX_LENGTH,
    MAX_LEVEL,
    can_delete,
    can_edit,
    can_report,
    is_hidden,
    may_be_official,
)
from .targets import comments_open, content_type_for, idea_of, lock_target, refresh_target

NAME_MAX_LENGTH = 50  # django_comments' user_name column


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


# --- Checks ---------------------------------------------------------------------------------


def clean_text(text):
    """Plain text: unified line breaks, trimmed; refused when empty or too long."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise EmptyComment()
    if len(text) > MAX_LENGTH:
        raise CommentTooLong()
    return text


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
        lock_target(target)
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
                follow, created = Follow.objects.get_or_create(
                    idea=idea, user=user, defaults={"origin": Follow.Origin.COMMENT}
                )
                if not created and follow.origin == Follow.Origin.SUPPORT:
                    # Taking part in the discussion is a reason to follow of its own.
                    Follow.objects.filter(pk=follow.pk).update(origin=Follow.Origin.COMMENT)
        except IntegrityError:  # followed concurrently: fine
            pass
    transaction.on_commit(
        partial(notifications.deliver_comment_notice.enqueue, comment_id=comment.pk)
    )


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
        lock_target(target)
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
    with transaction.atomic():
        if not reports.file_report(user, comment, reason, note):
            return False
        target = comment.content_object
        if target is not None:
            lock_target(target)
        locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        open_reports = reports.open_report_count(locked)
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
            reports.resolve_reports(locked)
            for name, value in change.items():
                setattr(comment, name, value)
            targets[(locked.content_type_id, locked.object_pk)] = locked
            changed += 1
        for locked in targets.values():
            target = locked.content_object
            if target is not None:
                lock_target(target)
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
            c.hidden_by_reports or not c.is_public or c.report_count or reports.has_open_reports(c)
        ),
    )


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
