"""Pilots in the Wagtail admin (the pipeline on the dashboard, promoting an idea, the pilot
page editor and workflow actions, no incomplete publish) and the sections pilots add to the
home page and the idea page.

The pilot pipeline on the dashboard, for editors and researchers.

One panel, three lists, each a fixed number of queries:

1. ideas at the threshold that have no pilot yet (or whose pilot is still a draft),
2. pilots in review (a "Pilot-Freigabe" workflow in progress) with their current task,
3. live pilots with an overdue milestone (planned date passed, not done).
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.models import WorkflowState

from ideas.admin_views import can_answer
from ideas.models import Idea
from participation.page_locales import default_locale
from participation.sections import HOME_PAGE_SECTIONS, IDEA_PAGE_SECTIONS

from . import sections
from .admin_views import PilotPageViewSet, PromoteIdeaView
from .models import PilotMilestone, PilotPage
from .workflows import ApprovalRefused

LIMIT = 20


def ideas_at_threshold(limit=LIMIT):
    """Ideas at the threshold without a live pilot, each with ``draft_pilot`` (its German
    draft, or None)."""
    pilots = PilotPage.objects.filter(idea=OuterRef("pk"), locale=default_locale())
    ideas = list(
        Idea.objects.filter(status=Idea.Status.THRESHOLD_REACHED, hidden=False)
        .exclude(Exists(pilots.filter(live=True)))
        .annotate(draft_pilot_id=Subquery(pilots.values("pk")[:1]))
        .order_by("threshold_reached_at", "pk")[:limit]
    )
    drafts = PilotPage.objects.in_bulk(
        [idea.draft_pilot_id for idea in ideas if idea.draft_pilot_id]
    )
    for idea in ideas:
        idea.draft_pilot = drafts.get(idea.draft_pilot_id)
    return ideas


def pilots_in_review(limit=LIMIT):
    """(pilot, workflow state) pairs, oldest request first."""
    states = list(
        WorkflowState.objects.active()
        .filter(content_type=ContentType.objects.get_for_model(PilotPage))
        .select_related("current_task_state__task", "requested_by")
        .order_by("created_at")[:limit]
    )
    pages = PilotPage.objects.in_bulk([int(state.object_id) for state in states])
    pages_by_id = {str(pk): page for pk, page in pages.items()}
    return [
        {"pilot": pages_by_id[state.object_id], "state": state}
        for state in states
        if state.object_id in pages_by_id
    ]


def pilots_with_overdue_milestones(today=None, limit=LIMIT):
    today = today or timezone.localdate()
    overdue = (
        PilotMilestone.objects.filter(
            page__live=True,
            page__locale=default_locale(),  # a translation's milestones are the same
            done_date__isnull=True,
            planned_date__lt=today,
        )
        .exclude(status=PilotMilestone.Status.DONE)
        .select_related("page")
        .order_by("planned_date", "pk")
    )
    pilots = {}
    for milestone in overdue:
        entry = pilots.setdefault(milestone.page_id, {"pilot": milestone.page, "milestones": []})
        entry["milestones"].append(milestone)
    return list(pilots.values())[:limit]


class PilotPipelinePanel(Component):
    name = "pilot_pipeline"
    template_name = "pilots/admin/pipeline_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        context.update(
            {
                "request": parent_context.get("request"),
                "today": today,
                "ideas_at_threshold": ideas_at_threshold(),
                "pilots_in_review": pilots_in_review(),
                "overdue": pilots_with_overdue_milestones(today),
            }
        )
        return context


def sees_pipeline(user):
    return bool(
        user.is_superuser
        or getattr(user, "is_editor", False)
        or getattr(user, "is_researcher", False)
    )


@hooks.register("construct_homepage_panels")
def add_pilot_pipeline_panel(request, panels):
    if sees_pipeline(request.user):
        panels.append(PilotPipelinePanel())


# --- Editors promote an idea below the threshold -------------------------------------------


@hooks.register("register_admin_urls")
def register_promote_url():
    return [
        path(
            "piloten/vorschlagen/<int:idea_id>/",
            PromoteIdeaView.as_view(),
            name="pilots_promote_idea",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def promote_listing_button(snippet, user, next_url=None):
    if not isinstance(snippet, Idea) or not can_answer(user):
        return []
    return [
        ListingMenuItem(
            _("Als Pilotprojekt prüfen"),
            url=reverse("pilots_promote_idea", args=[snippet.pk]),
            icon_name="pick",
            priority=18,
        )
    ]


# --- Pilot pages in the editor -----------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_pilot_page_viewset():
    return PilotPageViewSet("pilot_pages")


@hooks.register("before_publish_page")
def refuse_incomplete_pilot(request, page):
    """A live pilot's update (the only pilot an editor publishes directly, see
    ``pilots.permissions``) must keep what the editorial approval required. The edits are
    already saved as a draft revision."""
    if not issubclass(page.specific_class, PilotPage):
        return None
    missing = page.get_latest_revision_as_object().missing_for_publication()
    if not missing:
        return None
    messages.error(request, ApprovalRefused(missing, publishing=True).message)
    return redirect("wagtailadmin_pages:edit", page.pk)


hooks.register(HOME_PAGE_SECTIONS, sections.home_pilots_section)
hooks.register(IDEA_PAGE_SECTIONS, sections.idea_pilot_section)
