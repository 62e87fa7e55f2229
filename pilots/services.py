"""The pilot pipeline: from an idea at its threshold to a published, tracked pilot.

``start_pilot_review(idea)`` is the one entry point (called by ``ideas.services`` when an
idea reaches its threshold, or by editors promoting an idea with a public reason). It runs
at most once per idea: the idea row is locked, and a pilot is one-to-one with its idea.
"""

import logging

import django_comments
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Workflow, WorkflowPage

from cms.models import HomePage
from ideas import notifications as idea_notifications
from ideas import services as idea_services
from ideas.models import Idea
from participation.page_locales import default_locale, is_default_locale

from .models import PilotIndexPage, PilotNotice, PilotPage
from .workflows import WORKFLOW_NAME, ThresholdGuardTask

logger = logging.getLogger(__name__)
Status = Idea.Status


class PilotError(idea_services.IdeaError):
    pass


def pilot_workflow():
    return Workflow.objects.get(name=WORKFLOW_NAME)


@transaction.atomic
def ensure_pilot_index():
    """The pilot index at /piloten/ under the home page, with "Pilot-Freigabe" assigned."""
    index = PilotIndexPage.objects.filter(locale=default_locale()).first()
    if index is None:
        # The German tree's home page: pilots are written in German first.
        home = (
            HomePage.objects.filter(locale=default_locale()).first() or Page.get_first_root_node()
        )
        # Two first pilots at once: the lock on the parent page lets only one create the index.
        Page.objects.select_for_update().filter(pk=home.pk).first()
        index = PilotIndexPage.objects.filter(locale=default_locale()).first()
    if index is None:
        home.refresh_from_db()
        index = PilotIndexPage(
            title="Pilotprojekte",
            slug="piloten",
            intro=(
                "Aus Ideen werden Pilotprojekte: Hier sehen Sie, was die Stadt gemeinsam mit "
                "der Universität und Partnern ausprobiert – mit Meilensteinen und Kennzahlen."
            ),
        )
        home.add_child(instance=index)
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": pilot_workflow()})
    return index


def _unique_slug(index, base):
    base = (slugify(base) or "pilot")[:60]
    slug, number = base, 2
    while Page.objects.filter(path__startswith=index.path, slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _text_to_html(text):
    return linebreaks(escape(text))


def start_pilot_review(idea, *, by=None, reason=""):
    """Create the draft pilot for ``idea`` and start "Pilot-Freigabe". Exactly once per idea.

    Returns the pilot page, or None if the idea already has one.
    """
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if PilotPage.objects.filter(idea=locked).exists():
            return None
        index = ensure_pilot_index()
        # Serialise page inserts under the index: concurrent add_child collides on `path`.
        Page.objects.select_for_update().filter(pk=index.pk).first()
        index.refresh_from_db()
        page = PilotPage(
            title=locked.title,
            slug=_unique_slug(index, locked.title),
            live=False,
            idea=locked,
            summary_easy=locked.summary_easy,
            problem=_text_to_html(locked.text),
            topic=locked.topic,
            district=locked.district,
            place=locked.place,
            promotion_reason=reason.strip(),
            owner=by,
        )
        index.add_child(instance=page)
        page.save_revision(user=by, log_action=True)
        workflow_state = pilot_workflow().start(page, by)
        if locked.status in (Status.PUBLISHED, Status.EXPIRED, Status.DECLINED):
            # Editors promoted an idea below its threshold.
            idea_services.change_status(
                locked, Status.THRESHOLD_REACHED, by=by, note=reason.strip(), force=True
            )
        current = workflow_state.current_task_state
        if current and not isinstance(current.task.specific, ThresholdGuardTask):
            idea_services.change_status(
                locked,
                Status.IN_REVIEW,
                by=by,
                note=str(_("Stadt und Universität prüfen die Idee als Pilotprojekt.")),
            )
    locked.refresh_from_db(fields=["status"])
    idea.status = locked.status
    return page


def promote_idea(idea, *, by, reason):
    """Editors promote an idea below the threshold, with a public reason."""
    if not (by and getattr(by, "is_editor", False)):
        raise idea_services.NotAllowed()
    if not reason.strip():
        raise PilotError(_("Bitte begründen Sie die Aufnahme öffentlich."))
    return start_pilot_review(idea, by=by, reason=reason)


def on_threshold_reached(idea):
    """An idea crossed its threshold (inside that transaction): its review starts."""
    start_pilot_review(idea)


def decline_pilot(page, *, by, reason, task_state=None):
    """Decline the pilot at any step: the workflow ends and the idea is declined publicly."""
    reason = (reason or "").strip()
    if not reason:
        raise PilotError(_("Eine Ablehnung braucht eine öffentliche Begründung."))
    with transaction.atomic():
        idea = page.idea
        # Decline the idea first, so the cancellation below is not read as "review aborted".
        if idea is not None and idea.status != Status.DECLINED:
            idea_services.change_status(idea, Status.DECLINED, by=by, note=reason, force=True)
        workflow_state = page.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=by)
        if task_state is not None:
            task_state.refresh_from_db()
            if task_state.status == task_state.STATUS_IN_PROGRESS or (
                task_state.status == task_state.STATUS_CANCELLED
            ):
                type(task_state).objects.filter(pk=task_state.pk).update(
                    status=task_state.STATUS_REJECTED, comment=reason, finished_by=by
                )


def on_workflow_cancelled(page, user):
    """A reviewer cancelled the workflow without deciding: the idea waits at the threshold
    again (editors see it on their dashboard and can restart the review)."""
    idea = page.idea
    if idea is not None and idea.status == Status.IN_REVIEW and not page.live:
        idea_services.change_status(
            idea,
            Status.THRESHOLD_REACHED,
            by=user,
            note=str(_("Die Prüfung wurde unterbrochen und wird neu gestartet.")),
            force=True,
        )


def on_review_started(task_state, user):
    """A review task started (also after an editor approved the threshold step or restarted
    the workflow in the admin): the idea is now "in review"."""
    page = task_state.workflow_state.content_object.specific
    idea = getattr(page, "idea", None)
    if idea is not None and idea.status == Status.THRESHOLD_REACHED:
        idea_services.change_status(
            idea,
            Status.IN_REVIEW,
            by=user,
            note=str(_("Stadt und Universität prüfen die Idee als Pilotprojekt.")),
        )


def on_review_task_approved(task_state, user):
    page = task_state.workflow_state.content_object.specific
    if not isinstance(page, PilotPage) or page.idea is None:
        return
    idea_notifications.notify_event(
        page.idea,
        "review_approved",
        {"task": task_state.task.name, "pilot": page.title},
    )


def on_pilot_published(page):
    """After each publish: move the idea to "pilot" and announce what is new, once each.

    Only the German page announces: its translation tells the same news in another language
    (its facts are the German page's, ``pilots.translation``)."""
    idea = page.idea
    if idea is None or not is_default_locale(page):
        return
    url = settings.SITE_URL + page.url if page.url else ""
    if idea.status not in (Status.PILOT, Status.IMPLEMENTED):
        idea_services.change_status(
            idea,
            Status.PILOT,
            note=str(_("Die Idee ist jetzt ein Pilotprojekt.")),
            force=True,
        )
    first_publish = _first_notice(page, "published")
    if first_publish:
        idea_notifications.notify_event(
            idea, "pilot_published", {"pilot": page.title, "url": url}, also=_commenters(page)
        )
    _announce_status(page, idea, url, silently=first_publish)
    for milestone in page.milestones.all():
        if milestone.is_done and _first_notice(page, f"milestone:{milestone.pk}"):
            idea_notifications.notify_event(
                idea,
                "milestone",
                {
                    "pilot": page.title,
                    "title": milestone.title,
                    "url": url,
                    "date": (milestone.done_date or timezone.localdate()).isoformat(),
                },
            )
    for update in page.updates.all():
        if _first_notice(page, f"update:{update.pk}"):
            idea_notifications.notify_event(
                idea,
                "update",
                {"pilot": page.title, "title": update.title, "text": update.text, "url": url},
            )
    if page.evaluation_decision and _first_notice(page, f"evaluation:{page.evaluation_decision}"):
        idea_notifications.notify_event(
            idea,
            "evaluation",
            {"pilot": page.title, "decision": page.get_evaluation_decision_display(), "url": url},
        )


def _status_label(code):
    """The German label of a pilot status (the msgid: each mail translates it)."""
    with translation.override(None):
        return str(PilotPage.Status(code).label)


def _announce_status(page, idea, url, *, silently=False):
    """Tell the idea's author, supporters, followers and the pilot's and idea's commenters
    when a published revision changes the pilot's status; "made permanent" implements the
    idea. The first publish only records the status (its own mail says the pilot is live)."""
    notices = PilotNotice.objects.filter(pilot=page, key__startswith="status:")
    last = notices.order_by("-created", "-pk").first()
    previous = last.key.split(":")[1] if last else None
    if previous == page.pilot_status:
        return
    _first_notice(page, f"status:{page.pilot_status}:{notices.count() + 1}")
    if page.pilot_status == PilotPage.Status.PERMANENT and idea.status == Status.PILOT:
        idea_services.change_status(
            idea,
            Status.IMPLEMENTED,
            note=str(_("Das Pilotprojekt wird dauerhaft weitergeführt.")),
            force=True,
        )
    if silently or previous is None:
        return
    idea_notifications.notify_event(
        idea,
        "pilot_status",
        {
            "pilot": page.title,
            "code": page.pilot_status,
            "status": _status_label(page.pilot_status),
            "previous": _status_label(previous),
            "reason": page.status_reason.strip(),
            "url": url,
        },
        also=_commenters(page),
    )


def _commenters(page):
    """Accounts that commented on the pilot or on its idea (comments are django_comments',
    read through its API: the discussion app sits above this one)."""
    comment_model = django_comments.get_model()
    targets = Q(content_type=ContentType.objects.get_for_model(PilotPage), object_pk=str(page.pk))
    if page.idea_id:
        targets |= Q(
            content_type=ContentType.objects.get_for_model(Idea), object_pk=str(page.idea_id)
        )
    return set(
        comment_model.objects.filter(targets, is_public=True, is_removed=False, user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _first_notice(page, key):
    """True the first time ``key`` is seen for this pilot (a unique row records it)."""
    _notice, created = PilotNotice.objects.get_or_create(pilot=page, key=key)
    return created
