"""The discussion's part of "Meine Beteiligung": the person's comments and where they stand."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from participation.sections import ActivityEntry, activity_section

from . import targets
from .models import Comment


def comment_status(comment):
    if comment.is_removed:
        return _("Entfernt")
    if comment.hidden_by_reports:
        return _("Wegen Meldungen ausgeblendet")
    if not comment.is_public:
        return _("Wartet auf Freigabe")
    return _("Sichtbar")


def comment_entry(user, comment):
    target = comment.target
    if target is None:
        return ActivityEntry(_("(gelöschter Beitrag)"), "", comment_status(comment))
    visible = (
        targets.can_view_target(user, target)
        and comment.is_public
        and not comment.is_removed
        and not comment.hidden_by_reports
    )
    return ActivityEntry(
        targets.target_title(target),
        targets.comment_url(comment, target) if visible else "",
        comment_status(comment),
        comment.submit_date,
        Truncator(comment.comment).chars(120),
    )


def my_comments_section(request, user):
    comments = list(Comment.objects.filter(user=user).order_by("-submit_date", "-pk"))
    targets.attach_targets(comments)
    return activity_section(
        _("Meine Kommentare"),
        [comment_entry(user, comment) for comment in comments],
        empty=_("Sie haben noch nichts kommentiert."),
        order=40,
        date_label=_("geschrieben am"),
    )
