"""What pilots add to other apps' pages: the home page's pilots, the idea page's pilot link.

Registered in ``pilots.wagtail_hooks``.
"""

from django.db.models import Case, IntegerField, Value, When

from participation.sections import Section

from .models import PilotIndexPage, PilotPage


def home_pilots_section(request):
    """The home page's pilot section: up to three live pilots, running ones first."""
    index = PilotIndexPage.objects.live().first()
    if index is None:
        return None
    rank = Case(
        When(pilot_status=PilotPage.Status.RUNNING, then=Value(0)),
        When(pilot_status=PilotPage.Status.PREPARING, then=Value(1)),
        When(pilot_status=PilotPage.Status.EVALUATING, then=Value(2)),
        default=Value(9),
        output_field=IntegerField(),
    )
    pilots = list(
        PilotPage.objects.live()
        .public()
        .child_of(index)
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
    """On an idea's page: the link to its live pilot. Only ideas whose status says "pilot"
    (or "implemented") look the pilot up, so every other idea page costs no extra query."""
    if idea.status not in ("pilot", "implemented"):
        return None
    return Section("pilots/includes/idea_pilot.html", order=10)
