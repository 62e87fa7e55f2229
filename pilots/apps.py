from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilotprojekte")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import (
            page_published,
            task_approved,
            task_submitted,
            workflow_cancelled,
        )

        from ideas import services as idea_services

        from . import services
        from .models import PilotPage
        from .workflows import PilotReviewTask

        # The one place the pilot pipeline hooks into the idea lifecycle.
        if services.on_threshold_reached not in idea_services.THRESHOLD_HOOKS:
            idea_services.THRESHOLD_HOOKS.append(services.on_threshold_reached)

        def published(sender, instance, **kwargs):
            services.on_pilot_published(instance.specific)

        def approved(sender, instance, user=None, **kwargs):
            if isinstance(instance.task.specific, PilotReviewTask):
                services.on_review_task_approved(instance, user)

        def cancelled(sender, instance, user=None, **kwargs):
            page = instance.content_object
            if page is not None and isinstance(page.specific, PilotPage):
                services.on_workflow_cancelled(page.specific, user)

        def review_started(sender, instance, user=None, **kwargs):
            if isinstance(instance.task.specific, PilotReviewTask):
                services.on_review_started(instance, user)

        task_submitted.connect(review_started, weak=False, dispatch_uid="pilots.review_started")
        workflow_cancelled.connect(cancelled, weak=False, dispatch_uid="pilots.cancelled")
        page_published.connect(
            published, sender=PilotPage, weak=False, dispatch_uid="pilots.published"
        )
        task_approved.connect(approved, weak=False, dispatch_uid="pilots.task_approved")

        from cms import home as cms_home

        from .views import home_pilots_context

        cms_home.register(
            "pilots",
            template="pilots/includes/home_pilots.html",
            get_context=home_pilots_context,
            order=30,
        )
