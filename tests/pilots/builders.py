"""Build pilot pages for tests the way editors do: a page with its children, then a revision
that is published (or left as a draft)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from pilots.models import PilotMilestone, PilotPage, PilotPartner, PilotUpdate
from pilots.services import ensure_pilot_index


def days(offset):
    return timezone.localdate() + timedelta(days=offset)


def kpi(name="Suchverkehr", unit="min", baseline="12", target="6", measurements=None):
    if measurements is None:
        measurements = [(-90, "11.5"), (-60, "10"), (-30, "8.5"), (-5, "7")]
    return (
        "kpi",
        {
            "name": name,
            "unit": unit,
            "baseline": Decimal(baseline) if baseline is not None else None,
            "target": Decimal(target),
            "measurements": [
                {"date": day if isinstance(day, date) else days(day), "value": Decimal(value)}
                for day, value in measurements
            ],
        },
    )


def make_pilot(
    title="Smarte Parkplatzsensoren",
    *,
    live=True,
    idea=None,
    topic=None,
    district=None,
    status=PilotPage.Status.RUNNING,
    milestones=(),
    updates=(),
    partners=(),
    kpis=(),
    index=None,
    **fields,
):
    """A pilot under the pilot index. ``milestones``: (title, planned offset, done offset or
    None); ``updates``: (offset, title, text); ``partners``: (name, kind)."""
    index = index or ensure_pilot_index()
    page = PilotPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        live=False,
        idea=idea,
        topic=topic or (idea.topic if idea else None),
        district=district or (idea.district if idea else None),
        pilot_status=status,
        kpis=list(kpis),
        **fields,
    )
    page.milestones = [
        PilotMilestone(
            title=name,
            planned_date=days(planned),
            done_date=days(done) if done is not None else None,
        )
        for name, planned, done in milestones
    ]
    page.updates = [
        PilotUpdate(date=days(offset), title=name, text=text) for offset, name, text in updates
    ]
    page.partners = [PilotPartner(name=name, kind=kind) for name, kind in partners]
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def publish(page):
    """Publish the page's current in-memory state as a new revision."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
