"""Build pilot pages for tests the way editors do: a page with its children, then a revision
that is published (or left as a draft)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

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


# --- The pilot under review, as reviewers write it ---------------------------------------------

COMPLETE = {
    "goal": "<p>Suchverkehr in Elberfeld halbieren.</p>",
    "approach": "<p>Sensoren an 200 Stellplätzen, Anzeige in der App.</p>",
    "responsible_office": "Ressort Straßen und Verkehr",
}

#: What the editorial approval names as missing in an empty pilot, in its order.
MISSING_IN_AN_EMPTY_PILOT = (
    "Ziel",
    "Vorgehen",
    "Zuständiges Amt der Stadt",
    "mindestens ein Meilenstein mit geplantem Datum",
    "mindestens eine Kennzahl mit Einheit, Ausgangswert und Zielwert",
)


def write_draft(page, *, milestones=(("Sensoren montiert", 30),), kpis=None, **fields):
    """Save a new draft revision of ``page`` (what co-writing in the editor leaves): the
    fields of a complete pilot unless overridden, ``milestones`` as (title, planned offset)."""
    page = PilotPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in {**COMPLETE, **fields}.items():
        setattr(page, name, value)
    page.milestones = [
        PilotMilestone(title=name, planned_date=days(planned)) for name, planned in milestones
    ]
    page.kpis = [kpi()] if kpis is None else list(kpis)
    page.save_revision()
    return page


def edit_form(client, page, **changes):
    """What the page editor sends for ``page``: every field as rendered (the form parsed like
    a browser does), KPIs as the editor's script sends them, and ``changes`` on top (form
    data: ``rich_text()``, ``inline_formset()``, ``streamfield()`` from wagtail.test.utils)."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    data.update(nested_form_data({"kpis": streamfield([])}))
    data.update(nested_form_data(changes))
    return data


def complete_form_changes():
    """``edit_form`` changes that make a pilot complete."""
    return {
        "goal": rich_text(COMPLETE["goal"]),
        "approach": rich_text(COMPLETE["approach"]),
        "responsible_office": COMPLETE["responsible_office"],
        "milestones": inline_formset(
            [
                {
                    "title": "Sensoren montiert",
                    "status": "open",
                    "planned_date": days(30).isoformat(),
                    "done_date": "",
                    "description": "",
                }
            ]
        ),
        "kpis": streamfield(
            [
                (
                    "kpi",
                    {
                        "name": "Suchverkehr",
                        "unit": "min",
                        "baseline": "12",
                        "target": "6",
                        "measurements": {"count": "0"},
                    },
                )
            ]
        ),
    }
