"""Who hears what about an idea, in their language, through background tasks after commit.

Services call the ``notify_*`` functions inside their transaction; the fan-out
runs as a django-tasks task once the transaction has committed, so a rolled
back change never sends mail and a slow mail server never slows a request.

Residents' mail is coalesced: the fan-out queues one ``PendingNotification`` per person and
event; a person's first waiting item schedules ``send_coalesced_mail`` for
``NOTIFICATION_WINDOW_MINUTES`` later (a deferred task on the task worker), and everything that
arrived by then goes out as one mail ("3 Neuigkeiten zu …"). Items for the daily or weekly
digest wait for ``run_daily``. ``send_due_mails`` (``manage.py send_notifications``) sends what
is due where no deferred task could be scheduled.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from .models import Follow, Idea, PendingNotification, Support

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
    "pilot_status",
}
# Events of the pilot pipeline: the idea's supporters hear them too, not only its followers.
PIPELINE_EVENTS = {"pilot_published", "pilot_status"}


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


def notify_event(idea, event, data=None, also=()):
    """For other apps (pilots, comments): tell an idea's followers about ``event``.

    ``also``: ids of further accounts to tell (e.g. the commenters of a pilot), with their
    preferences applied like a follower's.
    """
    _after_commit(
        deliver_idea_event,
        idea_id=idea.pk,
        event=event,
        data=data or {},
        also=sorted(set(also)),
    )


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
    """Followers (and the author) of an idea, with how each hears of it (a
    ``PendingNotification.Delivery``). Events of the pilot pipeline reach the supporters too.

    ``also`` adds accounts the event names itself (a merge: the source's supporters and
    followers, who have moved to the other idea by the time the mail goes out; a pilot's
    commenters).
    """
    user_model = get_user_model()
    follower_ids = set(Follow.objects.filter(idea=idea).values_list("user_id", flat=True))
    follower_ids.update(also)
    follower_ids.add(idea.author_id)
    if event in PIPELINE_EVENTS:
        follower_ids.update(Support.objects.filter(idea=idea).values_list("user_id", flat=True))
    users = user_model.objects.filter(
        pk__in=follower_ids, is_active=True, deleted_at__isnull=True
    ).only("id", "email", "language", "notify", "display_name", "deleted_at", "is_active")
    audience = []
    for user in users:
        is_author = user.pk == idea.author_id
        if event in ("hidden", "restored") and not is_author:
            continue
        if is_author and event in STATUS_EVENTS:
            # Authors always hear about their own idea's status, in their digest if they chose one.
            audience.append((user, delivery_for(user) or PendingNotification.Delivery.MAIL))
            continue
        if user.notify == user_model.Notify.OWN and not is_author:
            continue
        delivery = delivery_for(user)
        if delivery:
            audience.append((user, delivery))
    return audience


def delivery_for(user):
    """How ``user`` hears of news by preference: a ``PendingNotification.Delivery``, or None."""
    notify = get_user_model().Notify
    return {
        notify.NONE: None,
        notify.DAILY: PendingNotification.Delivery.DAILY,
        notify.WEEKLY: PendingNotification.Delivery.WEEKLY,
    }.get(user.notify, PendingNotification.Delivery.MAIL)


# --- Rendering -----------------------------------------------------------------------


def render_idea_mail(user, idea, event, data):
    """Subject and text of one item about ``idea``, in ``user``'s language (greeting and
    footer are the mail's, added when the item is sent)."""
    with translation.override(user.language or "de"):
        context = {
            "user": user,
            "idea": idea,
            "event": event,
            "data": data,
            "from_label": Idea.Status(data["from"]).label if data.get("from") else "",
            "to_label": Idea.Status(data["to"]).label if data.get("to") else "",
            "idea_url": settings.SITE_URL + idea.get_absolute_url(),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("ideas/email/event_subject.txt", context).strip()
        body = render_to_string("ideas/email/event.txt", context).strip()
    return " ".join(subject.split()), body


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


# --- Queueing and coalescing -----------------------------------------------------------


def window():
    return timedelta(minutes=settings.NOTIFICATION_WINDOW_MINUTES)


def queue(user, idea, subject, body, delivery):
    """Queue one item for ``user``; their first waiting item schedules their next mail."""
    opens_window = (
        delivery == PendingNotification.Delivery.MAIL
        and not PendingNotification.objects.filter(
            user=user, delivery=PendingNotification.Delivery.MAIL
        ).exists()
    )
    item = PendingNotification.objects.create(
        user=user, idea=idea, subject=subject, body=body, delivery=delivery
    )
    if opens_window:
        schedule_mail(user.pk, item.created + window())
    return item


def schedule_mail(user_id, due):
    """Send ``user_id``'s waiting items at ``due``: through the task worker when the task
    backend can defer, at once when the window is zero; otherwise ``send_due_mails`` (cron)
    sends them."""
    if not settings.NOTIFICATION_WINDOW_MINUTES:
        send_coalesced_mail.enqueue(user_id=user_id)
    elif default_task_backend.supports_defer:
        send_coalesced_mail.using(run_after=due).enqueue(user_id=user_id)


def _mail_context(user, items):
    ideas = {item.idea_id: item.idea for item in items}
    idea = next(iter(ideas.values())) if len(ideas) == 1 else None
    return {
        "user": user,
        "items": items,
        "idea": idea,
        "idea_count": len(ideas),
        "unsubscribe_url": unsubscribe_url(user, idea.pk) if idea is not None else "",
        "unsubscribe_all_url": unsubscribe_url(user, None),
        "site_url": settings.SITE_URL,
    }


@task()
def send_coalesced_mail(user_id):
    """One mail with everything waiting for ``user_id``'s next mail. The rows are deleted only
    once the mail is handed to the mail server: a failure keeps them for the next try."""
    user = get_user_model().objects.filter(pk=user_id).first()
    with transaction.atomic():
        waiting = PendingNotification.objects.filter(
            user_id=user_id, delivery=PendingNotification.Delivery.MAIL
        )
        # Lock the rows (not the ideas joined for the text): a second run waits, then finds
        # them gone.
        items = list(
            waiting.select_for_update(of=("self",)).select_related("idea").order_by("created", "id")
        )
        if not items:
            return 0
        if user is None or not user.is_active or user.deleted_at is not None:
            waiting.delete()
            return 0
        with translation.override(user.language or "de"):
            context = _mail_context(user, items)
            subject = " ".join(
                render_to_string("ideas/email/mail_subject.txt", context).strip().split()
            )
            body = render_to_string("ideas/email/mail.txt", context)
        unsubscribe = context["unsubscribe_url"] or context["unsubscribe_all_url"]
        build_message(subject, body, user.email, unsubscribe).send()
        PendingNotification.objects.filter(pk__in=[item.pk for item in items]).delete()
    return len(items)


def send_due_mails(now=None):
    """Send every coalesced mail whose window has passed (for ``send_notifications`` and the
    daily job: catches what no deferred task covers). Returns the number of mails."""
    due = (now or timezone.now()) - window()
    user_ids = (
        PendingNotification.objects.filter(
            delivery=PendingNotification.Delivery.MAIL, created__lte=due
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(1 for user_id in list(user_ids) if send_coalesced_mail.call(user_id=user_id))


# --- Tasks ----------------------------------------------------------------------------


@task()
def deliver_idea_event(idea_id, event, data, also=()):
    idea = Idea.objects.select_related("author").filter(pk=idea_id).first()
    if idea is None:
        return 0
    queued = 0
    for user, delivery in idea_audience(idea, event, also):
        subject, body = render_idea_mail(user, idea, event, data)
        queue(user, idea, subject, body, delivery)
        queued += 1
    return queued


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
    """One mail per account with everything collected for its digest: the daily items every
    day, the weekly items once the oldest has waited a week. Returns the number of mails."""
    Delivery = PendingNotification.Delivery
    due_weekly = (
        PendingNotification.objects.filter(
            delivery=Delivery.WEEKLY, created__lte=timezone.now() - timedelta(days=7)
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    batches = [
        (Delivery.DAILY, PendingNotification.objects.filter(delivery=Delivery.DAILY)),
        (
            Delivery.WEEKLY,
            PendingNotification.objects.filter(delivery=Delivery.WEEKLY, user_id__in=due_weekly),
        ),
    ]
    user_model = get_user_model()
    sent = 0
    for delivery, pending in batches:
        user_ids = list(pending.values_list("user_id", flat=True).distinct())
        for user in user_model.objects.filter(pk__in=user_ids, is_active=True):
            items = list(pending.filter(user=user).select_related("idea"))
            if not items:
                continue
            with translation.override(user.language or "de"):
                context = {
                    "user": user,
                    "items": items,
                    "weekly": delivery == Delivery.WEEKLY,
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
