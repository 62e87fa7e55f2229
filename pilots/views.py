"""Context for the public pilot pages (the pages themselves are Wagtail pages).

``PilotIndexPage.get_context`` and ``PilotPage.get_context`` call the two functions here.
The index filters with a plain GET form (shareable URLs, no JavaScript) and costs the same
number of queries for 5 or 500 pilots; the pilot page merges milestones and news into one
chronological timeline and renders a chart per KPI on the server (``charts.py``).
"""

from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.forms import district_filter_field, topic_filter_field

from . import charts

PER_PAGE = 24
FINISHED = ("completed", "stopped", "permanent")


class PilotFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), required=False)
    thema = topic_filter_field()
    bezirk = district_filter_field()

    def __init__(self, *args, **kwargs):
        from .models import PilotPage

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle")), *PilotPage.Status.choices]

    def filters(self):
        """The valid filters only: an unknown slug in a shared link is ignored, not an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {name: data[name] for name in ("status", "thema", "bezirk") if data.get(name)}


def _page_number(request):
    try:
        return max(1, int(request.GET.get("seite", "1")))
    except ValueError:
        return 1


def _page_link(request, number):
    query = request.GET.copy()
    query.pop("seite", None)
    if number > 1:
        query["seite"] = str(number)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else request.path


def feed_links():
    return {
        "rss_url": reverse("pilots:feed_rss"),
        "atom_url": reverse("pilots:feed_atom"),
        "ics_url": reverse("pilots:milestones_ics"),
    }


def pilot_index_context(index_page, request):
    """Live pilots under ``index_page``, filtered by status, topic and district, paginated
    without COUNT: one row more than shown tells whether a next page exists."""
    from .models import PilotPage

    form = PilotFilterForm(request.GET or None)
    filters = form.filters()
    pilots = (
        PilotPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("topic", "district")
        .prefetch_related("milestones")
        .order_by(F("start_date").desc(nulls_last=True), "title", "pk")
    )
    if "status" in filters:
        pilots = pilots.filter(pilot_status=filters["status"])
    if "thema" in filters:
        pilots = pilots.filter(topic=filters["thema"])
    if "bezirk" in filters:
        pilots = pilots.filter(district=filters["bezirk"])

    number = _page_number(request)
    start = (number - 1) * PER_PAGE
    rows = list(pilots[start : start + PER_PAGE + 1])
    has_next = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    for pilot in rows:
        pilot.card_progress = pilot.progress()
    return {
        "pilots": rows,
        "filter_form": form,
        "is_filtered": bool(filters),
        "page_number": number,
        "previous_url": _page_link(request, number - 1) if number > 1 else "",
        "next_url": _page_link(request, number + 1) if has_next else "",
        **feed_links(),
    }


def _timeline(milestones, updates, today):
    """Milestones and news in one list, oldest first (a plan reads forwards).

    A milestone sits on the day it was done, or while open on the day it is planned for;
    on the same day milestones come before news.
    """
    entries = []
    for milestone in milestones:
        day = milestone.done_date or milestone.planned_date
        entries.append(
            {
                "kind": "milestone",
                "date": day,
                "order": (0, milestone.sort_order or 0, milestone.pk or 0),
                "milestone": milestone,
                "anchor": f"meilenstein-{milestone.pk}",
                "is_done": bool(milestone.done_date),
                "is_overdue": not milestone.done_date and milestone.planned_date < today,
            }
        )
    for update in updates:
        entries.append(
            {
                "kind": "update",
                "date": update.date,
                "order": (1, update.sort_order or 0, update.pk or 0),
                "update": update,
                "anchor": f"neuigkeit-{update.pk}",
            }
        )
    entries.sort(key=lambda entry: (entry["date"], entry["order"]))
    return entries


def _partner_groups(partners):
    from .models import PilotPartner

    labels = dict(PilotPartner.Kind.choices)
    groups = []
    for kind, label in labels.items():
        members = [p for p in partners if p.kind == kind]
        if members:
            groups.append({"kind": kind, "label": label, "partners": members})
    known = set(labels)
    others = [p for p in partners if p.kind not in known]
    if others:
        groups.append({"kind": "other", "label": labels.get("other", ""), "partners": others})
    return groups


def _kpis(page):
    rows = []
    for number, row in enumerate(page.kpi_rows(), start=1):
        rows.append(
            {
                **row,
                "anchor": f"kennzahl-{number}",
                "chart": charts.kpi_chart(row, f"kpi-chart-{number}"),
                "reached": charts.target_reached(row),
                "latest_date": row["measurements"][-1]["date"] if row["measurements"] else None,
            }
        )
    return rows


def pilot_page_context(page, request):
    from .models import PilotDataset

    today = timezone.localdate()
    milestones = list(page.milestones.all())
    updates = list(page.updates.select_related("image"))
    partners = list(page.partners.all())
    datasets = list(page.datasets.all())
    idea = page.idea if page.idea_id else None
    if idea is not None and not idea.is_public:
        idea = None
    budget_share = None
    if page.budget_planned and page.budget_spent is not None and page.budget_planned > 0:
        budget_share = round(page.budget_spent * 100 / page.budget_planned)
    return {
        "progress": page.progress(),
        "kpis": _kpis(page),
        "timeline": _timeline(milestones, updates, today),
        "milestone_count": len(milestones),
        "milestones_done": sum(1 for m in milestones if m.done_date),
        "partner_groups": _partner_groups(partners),
        "datasets": [d for d in datasets if d.kind != PilotDataset.Kind.SENSOR],
        "sensor_feeds": [d for d in datasets if d.kind == PilotDataset.Kind.SENSOR],
        "idea": idea,
        "budget_share": budget_share,
        "is_finished": page.pilot_status in FINISHED,
        **feed_links(),
    }


def home_pilots_context(request):
    """The home page's pilot section: up to three live pilots, running ones first."""
    from .models import PilotIndexPage, PilotPage

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
    return {"home_pilots": pilots, "pilot_index": index}
