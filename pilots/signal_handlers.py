"""Where the pilot pipeline reacts to the idea lifecycle and to Wagtail's workflow.

Connected in ``PilotsConfig.ready``. Each receiver hands over to ``pilots.services``.
"""

from wagtail.signals import page_published, task_approved, task_submitted, workflow_cancelled

from ideas.signals import threshold_reached

from . import services, translations
from .models import PilotPage
from .workflows import PilotReviewTask, review_declined


def threshold_reached_handler(sender, idea, **kwargs):
    services.on_threshold_reached(idea)


def page_published_handler(sender, instance, **kwargs):
    page = instance.specific
    translations.on_pilot_published(page)
    services.on_pilot_published(page)


def task_approved_handler(sender, instance, user=None, **kwargs):
    if isinstance(instance.task.specific, PilotReviewTask):
        services.on_review_task_approved(instance, user)


def task_submitted_handler(sender, instance, user=None, **kwargs):
    if isinstance(instance.task.specific, PilotReviewTask):
        services.on_review_started(instance, user)


def workflow_cancelled_handler(sender, instance, user=None, **kwargs):
    page = instance.content_object
    if page is not None and isinstance(page.specific, PilotPage):
        services.on_workflow_cancelled(page.specific, user)


def review_declined_handler(sender, task_state, user, reason, **kwargs):
    page = task_state.workflow_state.content_object.specific
    services.decline_pilot(page, by=user, reason=reason, task_state=task_state)


def connect():
    threshold_reached.connect(threshold_reached_handler, dispatch_uid="pilots.threshold")
    page_published.connect(
        page_published_handler, sender=PilotPage, dispatch_uid="pilots.published"
    )
    task_approved.connect(task_approved_handler, dispatch_uid="pilots.task_approved")
    task_submitted.connect(task_submitted_handler, dispatch_uid="pilots.review_started")
    workflow_cancelled.connect(workflow_cancelled_handler, dispatch_uid="pilots.cancelled")
    review_declined.connect(review_declined_handler, dispatch_uid="pilots.declined")
