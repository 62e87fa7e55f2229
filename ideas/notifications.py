"""Who hears what about an idea, in their language, through background tasks after commit.

Services call the ``notify_*`` functions inside their transaction; the fan-out
runs as a django-tasks task once the transaction has committed, so a rolled
back change never sends mail and a slow mail server never slows a request.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Follow, Idea, PendingNotification

UNSUBSCRIBE_SALT = "ideas.unsubscribe"

# Events and whether they are about the idea's status (authors always hear those).
STATUS_EVENTS = {
    "status",
    "hidden",
    "restored",
    # The pilot pipeline: the author always hears what becomes of their own idea.
    "review_approved",
    "pilot_published",
    "milestone",
    "update",
    "evaluation",
    # The editors merged the idea into another: where its supports went.
    "merged",
}


def unsubscribe_token(user, idea_id=None):
    return signing.dumps({"u": user.pk, "i": idea_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """Return (user_id, idea_id) or raise signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    return data["u"], data.get("i")


def unsubscribe_url(user, idea_id=None):
    with translation.override(user.language or "de"):
        path = reverse("ideas:unsubscribe", kwargs={"token": unsubscribe_token(user, idea_id)})
    return settings.SITE_URL + path


def _after_commit(func, **kwargs):
    transaction.on_commit(partial(func.enqueue, **kwargs))


# --- Entry points used by services -------------------------------------------------


def notify_status_change(idea, from_status, to_status, note=""):
    _after_commit(
        deliver_idea_event,
        idea_id=idea.pk,
        event="status",
        data={"from": str(from_status), "to": str(to_status), "note": note},
    )


def notify_answer(idea):
    _after_commit(deliver_idea_event, idea_id=idea.pk, event="answer", data={})


def notify_hidden(idea):
    _after_commit(deliver_idea_event, idea_id=idea.pk, event="hidden", data={})


def notify_event(idea, event, data=None):
    """For other apps (pilots, comments): tell an idea's followers about ``event``."""
    _after_commit(deliver_idea_event, idea_id=idea.pk, event=event, data=data or {})


def notify_editors_threshold(idea):
    _after_commit(deliver_editor_notice, idea_id=idea.pk, event="threshold")


def notify_editors_reported(idea):
    _after_commit(deliver_editor_notice, idea_id=idea.pk, event="reported")


def notify_editors_new_idea(idea):
    if settings.IDEA_PREMODERATION:
        _after_commit(deliver_editor_notice, idea_id=idea.pk, event="submitted")


# --- Recipients ---------------------------------------------------------------------


def editor_addresses():
    user_model = get_user_model()
    addresses = set(settings.EDITOR_EMAILS)
    addresses.update(
        user_model.objects.filter(
            groups__name__in=["Editors", "Moderators"], is_active=True, deleted_at__isnull=True
        ).values_list("email", flat=True)
    )
    return sorted(addresses)


def idea_audience(idea, event, also=()):
    """Followers (and the author) of an idea, with whether each gets mail now or in a digest.

    ``also`` adds accounts the event names itself (a merge: the source's supporters and
    followers, who have moved to the other idea by the time the mail goes out).
    """
    user_model = get_user_model()
    follower_ids = set(Follow.objects.filter(idea=idea).values_list("user_id", flat=True))
    follower_ids.update(also)
    follower_ids.add(idea.author_id)
    users = user_model.objects.filter(
        pk__in=follower_ids, is_active=True, deleted_at__isnull=True
    ).only("id", "email", "language", "notify", "display_name", "deleted_at", "is_active")
    audience = []
    for user in users:
        is_author = user.pk == idea.author_id
        if event in ("hidden", "restored") and not is_author:
            continue
        preference = user.notify
        if is_author and event in STATUS_EVENTS:
            # Authors always hear about their own idea's status, at least immediately.
            audience.append((user, "immediate" if preference != "daily" else "daily"))
            continue
        if preference == user_model.Notify.NONE:
            continue
        if preference == user_model.Notify.OWN and not is_author:
            continue
        audience.append((user, "daily" if preference == user_model.Notify.DAILY else "immediate"))
    return audience


# --- Rendering -----------------------------------------------------------------------


def render_idea_mail(user, idea, event, data):
    with translation.override(user.language or "de"):
        context = {
            "user": user,
            "idea": idea,
            "event": event,
            "data": data,
            "from_label": Idea.Status(data["from"]).label if data.get("from") else "",
            "to_label": Idea.Status(data["to"]).label if data.get("to") else "",
            "idea_url": settings.SITE_URL + idea.get_absolute_url(),
            "unsubscribe_url": unsubscribe_url(user, idea.pk),
            "unsubscribe_all_url": unsubscribe_url(user, None),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("ideas/email/event_subject.txt", context).strip()
        body = render_to_string("ideas/email/event.txt", context)
    return " ".join(subject.split()), body, context["unsubscribe_url"]


def build_message(subject, body, to, unsubscribe=None):
    headers = {}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMultiAlternatives(
        subject=f"[Mitwirken] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )


# --- Tasks ----------------------------------------------------------------------------


@task()
def deliver_idea_event(idea_id, event, data):
    idea = Idea.objects.select_related("author").filter(pk=idea_id).first()
    if idea is None:
        return 0
    messages = []
    for user, mode in idea_audience(idea, event, data.get("recipients", ())):
        subject, body, unsubscribe = render_idea_mail(user, idea, event, data)
        if mode == "daily":
            PendingNotification.objects.create(user=user, idea=idea, subject=subject, body=body)
        else:
            messages.append(build_message(subject, body, user.email, unsubscribe))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@task()
def deliver_editor_notice(idea_id, event):
    idea = Idea.objects.filter(pk=idea_id).first()
    recipients = editor_addresses()
    if idea is None or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "idea": idea,
            "event": event,
            "admin_url": f"{settings.SITE_URL}/admin/ideas/idea/edit/{idea.pk}/",
            "idea_url": settings.SITE_URL + idea.get_absolute_url(),
        }
        subject = " ".join(
            render_to_string("ideas/email/editor_subject.txt", context).strip().split()
        )
        body = render_to_string("ideas/email/editor.txt", context)
    message = EmailMultiAlternatives(
        subject=f"[Mitwirken] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.send()
    return len(recipients)


@task()
def send_daily_digests():
    """One mail per account with everything collected since the last digest."""
    user_model = get_user_model()
    user_ids = PendingNotification.objects.values_list("user_id", flat=True).distinct()
    sent = 0
    for user in user_model.objects.filter(pk__in=list(user_ids), is_active=True):
        items = list(PendingNotification.objects.filter(user=user).select_related("idea"))
        if not items:
            continue
        with translation.override(user.language or "de"):
            context = {
                "user": user,
                "items": items,
                "unsubscribe_all_url": unsubscribe_url(user, None),
            }
            subject = " ".join(
                render_to_string("ideas/email/digest_subject.txt", context).strip().split()
            )
            body = render_to_string("ideas/email/digest.txt", context)
        build_message(subject, body, user.email, context["unsubscribe_all_url"]).send()
        PendingNotification.objects.filter(pk__in=[item.pk for item in items]).delete()
        sent += 1
    return sent
