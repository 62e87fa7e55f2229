"""What pilots add to other apps' pages: the home page's pilots, the idea page's pilot link.

Registered in ``pilots.wagtail_hooks``.
"""

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.translation import get_language

from participation.page_locales import default_locale
from participation.sections import Section

from .models import PilotIndexPage, PilotMilestone, PilotPage


def home_pilots_section(request):
    """The home page's pilot section: up to three live pilots, running ones first."""
    index = PilotIndexPage.objects.live().filter(locale=default_locale()).first()
    if index is None:
        return None
    index = index.localized  # the English index on /en/, where there is one
    rank = Case(
        When(pilot_status=PilotPage.Status.RUNNING, then=Value(0)),
        When(pilot_status=PilotPage.Status.PREPARING, then=Value(1)),
        When(pilot_status=PilotPage.Status.EVALUATING, then=Value(2)),
        default=Value(9),
        output_field=IntegerField(),
    )
    pilots = list(
        index.get_pilots()
        .select_related("topic", "district")
        .prefetch_related("milestones")
        .annotate(rank=rank)
        .order_by("rank", "title", "pk")[:3]
    )
    if not pilots:
        return None
    for pilot in pilots:
        pilot.card_progress = pilot.progress()
    return Section(
        "pilots/includes/home_pilots.html",
        {"home_pilots": pilots, "pilot_index": index},
        order=30,
    )


def idea_pilot_section(request, idea):
    """On an idea's page: the link to its live pilot, in the page's language where translated
    (else the German pilot). Only ideas whose status says "pilot" (or "implemented") look the
    pilot up, so every other idea page costs no extra query."""
    if idea.status not in ("pilot", "implemented"):
        return None
    done = Q(milestones__done_date__isnull=False) | Q(milestones__status=PilotMilestone.Status.DONE)
    # One row per language at most: the page's language wins, else the German pilot.
    pilots = {
        pilot.language: pilot
        for pilot in PilotPage.objects.live()
        .filter(idea=idea)
        .annotate(
            language=F("locale__language_code"),
            milestone_total=Count("milestones"),
            milestone_done=Count("milestones", filter=done),
        )
    }
    pilot = pilots.get(get_language()) or pilots.get(settings.LANGUAGE_CODE)
    if pilot is None:
        return None
    return Section(
        "pilots/includes/idea_pilot.html",
        {
            "pilot": pilot,
            "pilot_progress": pilot.progress((pilot.milestone_total, pilot.milestone_done)),
        },
        order=10,
    )
