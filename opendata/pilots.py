"""The pilots data set (``/offene-daten/piloten.json``).

Live, public pilot pages of the German tree only (no drafts, no pages behind a view
restriction, no translation: an English page repeats its German pilot), each with its
milestones, KPIs with measurements, partners and data sets. The published state is what is
exported: drafts of a live page are stored as revisions and never reach the page row.
Filters ``thema``, ``bezirk`` and ``status`` (the pilot's own status); an unknown value is
answered with 400, as for the ideas. Streaming, batching and licence: ``opendata.formats``.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy
from wagtail.rich_text import expand_db_html

from participation.page_locales import default_locale
from pilots.models import PilotPage

from .filters import OpenDataFilterForm
from .formats import absolute_url, isoformat


def pilot_status_choices():
    return list(PilotPage.Status.choices)


class PilotOpenDataFilterForm(OpenDataFilterForm):
    status_choices = staticmethod(pilot_status_choices)
    status_label = gettext_lazy("Status der Pilotprojekte")


def filtered_pilots(form):
    pilots = (
        PilotPage.objects.live()
        .public()
        .filter(locale=default_locale())
        .select_related("topic", "district", "idea")
        .prefetch_related("milestones", "partners", "datasets")
    )
    return form.apply(pilots, status_lookup="pilot_status")


T_TEXT = gettext_lazy("Text")
T_CODE = gettext_lazy("Kürzel")
T_DATE = gettext_lazy("Datum (JJJJ-MM-TT)")
T_TIME = gettext_lazy("Zeitpunkt (ISO 8601)")
T_NUMBER = gettext_lazy("Zahl oder null")
T_HTML = gettext_lazy("HTML")
T_URL = gettext_lazy("Adresse (URL)")
T_LIST = gettext_lazy("Liste")

# (field, type, meaning) of a pilot, its milestones and its KPIs: shown on /offene-daten/.
PILOT_FIELDS = [
    ("title", T_TEXT, gettext_lazy("Titel des Pilotprojekts")),
    ("url", T_URL, gettext_lazy("Seite des Pilotprojekts im Portal")),
    ("status", T_CODE, gettext_lazy("Stand (wie im Filter „status“)")),
    ("status_label", T_TEXT, gettext_lazy("Stand in Worten")),
    ("topic", T_CODE, gettext_lazy("Thema (Kürzel) oder null")),
    ("topic_name", T_TEXT, gettext_lazy("Name des Themas oder null")),
    ("district", T_CODE, gettext_lazy("Stadtbezirk (Kürzel) oder null")),
    ("district_name", T_TEXT, gettext_lazy("Name des Stadtbezirks oder null")),
    ("place", T_TEXT, gettext_lazy("Ort")),
    ("summary_easy", T_TEXT, gettext_lazy("Zusammenfassung in Leichter Sprache")),
    ("problem", T_HTML, gettext_lazy("Problem")),
    ("goal", T_HTML, gettext_lazy("Ziel")),
    ("approach", T_HTML, gettext_lazy("Vorgehen")),
    ("start_date", T_DATE, gettext_lazy("Beginn oder null")),
    ("end_date", T_DATE, gettext_lazy("Ende oder null")),
    ("budget_planned", T_NUMBER, gettext_lazy("Geplantes Budget in Euro")),
    ("budget_spent", T_NUMBER, gettext_lazy("Ausgegebenes Budget in Euro")),
    ("progress", gettext_lazy("Ganzzahl 0–100"), gettext_lazy("Fortschritt in Prozent")),
    ("evaluation_result", T_HTML, gettext_lazy("Ergebnis der Auswertung")),
    (
        "evaluation_decision",
        T_CODE,
        gettext_lazy("Entscheidung: permanent, extend, stop oder leer (noch offen)"),
    ),
    (
        "idea_reference",
        T_TEXT,
        gettext_lazy("Aktenzeichen der Idee, aus der der Pilot entstand, oder null"),
    ),
    ("idea_url", T_URL, gettext_lazy("Seite dieser Idee oder null")),
    ("first_published_at", T_TIME, gettext_lazy("Erstmals veröffentlicht")),
    ("last_published_at", T_TIME, gettext_lazy("Zuletzt veröffentlicht")),
    ("milestones", T_LIST, gettext_lazy("Meilensteine (Felder siehe unten)")),
    ("kpis", T_LIST, gettext_lazy("Kennzahlen mit Messwerten (Felder siehe unten)")),
    ("partners", T_LIST, gettext_lazy("Partner: name, kind (Art), url")),
    (
        "datasets",
        T_LIST,
        gettext_lazy("Daten und Sensorfeeds: title, kind (dataset/sensor), url, description"),
    ),
]
PILOT_MILESTONE_FIELDS = [
    ("title", T_TEXT, gettext_lazy("Titel des Meilensteins")),
    ("planned_date", T_DATE, gettext_lazy("Geplant für")),
    ("done_date", T_DATE, gettext_lazy("Erledigt am oder null")),
    ("status", T_CODE, gettext_lazy("open, in_progress, done oder delayed")),
    ("status_label", T_TEXT, gettext_lazy("Status in Worten")),
    ("description", T_TEXT, gettext_lazy("Beschreibung")),
]
PILOT_KPI_FIELDS = [
    ("name", T_TEXT, gettext_lazy("Name der Kennzahl")),
    ("unit", T_TEXT, gettext_lazy("Einheit, leer wenn keine")),
    ("baseline", T_NUMBER, gettext_lazy("Ausgangswert")),
    ("target", T_NUMBER, gettext_lazy("Zielwert")),
    ("latest", T_NUMBER, gettext_lazy("Letzter Messwert")),
    (
        "measurements",
        T_LIST,
        gettext_lazy("Messwerte nach Datum: date (JJJJ-MM-TT) und value (Zahl)"),
    ),
]


def number(value):
    """Decimals as JSON numbers (two decimal places at most, so a float is exact enough)."""
    if value is None or value == "":
        return None
    return float(value) if isinstance(value, Decimal) else value


def rich_text(value):
    return expand_db_html(value) if value else ""


def _kpi(row):
    return {
        "name": row["name"],
        "unit": row["unit"] or "",
        "baseline": number(row["baseline"]),
        "target": number(row["target"]),
        "latest": number(row["latest"]),
        "measurements": [
            {"date": isoformat(m["date"]), "value": number(m["value"])} for m in row["measurements"]
        ],
    }


def pilot_record(pilot, request=None):
    idea = pilot.idea if pilot.idea_id and pilot.idea.is_public else None
    return {
        "title": pilot.title,
        "url": absolute_url(pilot.get_url(request=request)),
        "status": pilot.pilot_status,
        "status_label": str(pilot.get_pilot_status_display()),
        "topic": pilot.topic.slug if pilot.topic else None,
        "topic_name": pilot.topic.name if pilot.topic else None,
        "district": pilot.district.slug if pilot.district else None,
        "district_name": pilot.district.name if pilot.district else None,
        "place": pilot.place,
        "summary_easy": pilot.summary_easy,
        "problem": rich_text(pilot.problem),
        "goal": rich_text(pilot.goal),
        "approach": rich_text(pilot.approach),
        "start_date": isoformat(pilot.start_date),
        "end_date": isoformat(pilot.end_date),
        "budget_planned": number(pilot.budget_planned),
        "budget_spent": number(pilot.budget_spent),
        "progress": pilot.progress(),
        "evaluation_result": rich_text(pilot.evaluation_result),
        "evaluation_decision": pilot.evaluation_decision,
        "idea_reference": idea.reference if idea else None,
        "idea_url": absolute_url(idea.get_absolute_url()) if idea else None,
        "first_published_at": isoformat(pilot.first_published_at),
        "last_published_at": isoformat(pilot.last_published_at),
        "milestones": [
            {
                "title": m.title,
                "planned_date": isoformat(m.planned_date),
                "done_date": isoformat(m.done_date),
                "status": m.status,
                "status_label": str(m.get_status_display()),
                "description": m.description,
            }
            for m in pilot.milestones.all()
        ],
        "kpis": [_kpi(row) for row in pilot.kpi_rows()],
        "partners": [
            {"name": p.name, "kind": p.kind, "url": p.url or None} for p in pilot.partners.all()
        ],
        "datasets": [
            {"title": d.title, "kind": d.kind, "url": d.url, "description": d.description}
            for d in pilot.datasets.all()
        ],
    }
