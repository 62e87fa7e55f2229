"""Who may do what with an idea. Checked server-side in views, services and templates."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from participation.accounts.models import user_can_participate

from .models import Idea

EDITABLE_STATUSES = (Idea.Status.SUBMITTED, Idea.Status.PUBLISHED)


def _active_with(user, role):
    return bool(user.is_authenticated and user.is_active and getattr(user, role, False))


def is_editor(user):
    """Editors answer ideas, set their status, edit their content and run pilots."""
    return _active_with(user, "is_editor")


def is_moderator(user):
    """Moderators hide and restore, settle reports and block or unblock accounts."""
    return _active_with(user, "is_moderator")


def is_editorial(user):
    """Editors or moderators: both see hidden and pending ideas."""
    return _active_with(user, "is_editorial")


def can_view(user, idea):
    if idea.is_public:
        return True
    if not user.is_authenticated:
        return False
    return idea.author_id == user.pk or is_editorial(user)


def get_visible_idea_or_404(request, pk, *, merged=False, with_viewer=False):
    """The idea ``pk`` if the requesting user may see it; 404 (not 403) otherwise.

    With ``merged=True`` an idea merged into another is returned too: its page redirects
    there, and a support for it counts there. With ``with_viewer=True`` it carries
    ``viewer_supports`` and ``viewer_follows`` (:meth:`IdeaQuerySet.with_viewer`).
    """
    ideas = Idea.objects.select_related("topic", "district", "author")
    if with_viewer:
        ideas = ideas.with_viewer(request.user)
    idea = get_object_or_404(ideas, pk=pk)
    if merged and idea.merged_into_id:
        return idea
    if not can_view(request.user, idea):
        raise Http404
    return idea


def can_propose(user):
    return user_can_participate(user)


def can_edit(user, idea):
    if is_editor(user):
        return True
    return bool(
        user_can_participate(user)
        and idea.author_id == user.pk
        and idea.support_count == 0
        and idea.status in EDITABLE_STATUSES
    )


def can_support(user, idea):
    return bool(user_can_participate(user) and idea.author_id != user.pk and idea.is_collecting)


def can_withdraw_idea(user, idea):
    return bool(
        user.is_authenticated
        and idea.author_id == user.pk
        and idea.status in (Idea.Status.SUBMITTED, Idea.Status.PUBLISHED)
    )


def can_follow(user):
    return bool(user.is_authenticated and user.is_active)


def can_report(user, idea):
    return bool(user.is_authenticated and user.is_active and idea.author_id != user.pk)
