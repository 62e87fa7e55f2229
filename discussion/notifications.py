"""Notices about comments: the idea's author hears of a new comment, a comment's author of a
reply. Plain text, in each recipient's language, by their preference (none, own ideas only,
daily digest); sent by a background task after the comment is committed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from ideas import notifications as idea_notifications
from ideas.models import Idea

from .models import Comment
from .rules import is_hidden
from .targets import comment_url, idea_of, target_title
from .threads import author_name


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
    queued = 0
    for user in user_model.objects.filter(pk__in=roles, is_active=True, deleted_at__isnull=True):
        role = roles[user.pk]
        delivery = idea_notifications.delivery_for(user)
        if delivery is None or (user.notify == user_model.Notify.OWN and role != "idea"):
            continue
        data = {"text": _notice_text(user, comment, target, role)}
        subject, body = idea_notifications.render_idea_mail(user, idea, "comment", data)
        idea_notifications.queue(user, idea, subject, body, delivery)
        queued += 1
    return queued
