"""Who may do what with comments. Views, the thread and the services ask these same rules."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from participation.accounts.models import user_can_participate
from participation.ratelimit import hit

from .targets import comments_open

EDIT_WINDOW = timedelta(minutes=15)
MAX_LENGTH = getattr(settings, "COMMENTS_XTD_MAX_LENGTH", 2000)
MAX_LEVEL = settings.COMMENTS_XTD_MAX_THREAD_LEVEL  # 2: levels 0, 1 and 2


def can_comment(user, target):
    return bool(user_can_participate(user) and comments_open(target))


def rate_limit_ok(user):
    """Count one comment attempt of ``user``; False once ``RATE_LIMIT_COMMENT`` is exceeded."""
    return hit(f"comment:{user.pk}", settings.RATE_LIMIT_COMMENT)


def is_hidden(comment):
    return bool(comment.hidden_by_reports or not comment.is_public)


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


def may_be_official(comment):
    """Only comments written by the city's editors can carry the official badge."""
    user = comment.user
    return bool(user is not None and not comment.is_removed and getattr(user, "is_editor", False))
