"""The pilots data set: live pilots with milestones and KPIs, no drafts, no hidden ideas."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from ideas.models import Idea
from pilots.models import PilotPage
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory
from tests.opendata.helpers import PILOTS_URL, body_of, json_rows, queries_for
from tests.pilots.builders import kpi, make_pilot

pytestmark = pytest.mark.django_db


# --- Pilots ------------------------------------------------------------------------------------


@pytest.fixture
def pilots(home):
    traffic = TopicFactory(name="Verkehr", slug="verkehr")
    barmen = DistrictFactory(name="Barmen", slug="barmen")
    elberfeld = DistrictFactory(name="Elberfeld", slug="elberfeld")
    idea = IdeaFactory(title="Parkleitsystem", topic=traffic, district=elberfeld)
    running = make_pilot(
        "Smarte Parkplatzsensoren",
        idea=idea,
        milestones=[("Sensoren bestellt", -30, -28), ("Sensoren montiert", 20, None)],
        partners=[("Stadtwerke", "utility")],
        kpis=[kpi(), kpi(name="Belegung", unit="%", baseline=None, target="80", measurements=[])],
        budget_planned=Decimal("25000.50"),
        place="Neumarkt",
    )
    completed = make_pilot(
        "Pegelsensoren", district=barmen, status=PilotPage.Status.COMPLETED, slug="pegel"
    )
    draft = make_pilot("Geheimer Entwurf", live=False, topic=traffic, kpis=[kpi()])
    return {"running": running, "completed": completed, "draft": draft, "idea": idea}


def test_pilots_json_has_live_pilots_with_milestones_and_kpis_and_no_drafts(client, pilots):
    response = client.get(PILOTS_URL)

    assert response.status_code == 200
    rows = json_rows(response)
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {"Smarte Parkplatzsensoren", "Pegelsensoren"}
    assert "Geheimer Entwurf" not in body_of(client.get(PILOTS_URL))

    running = by_title["Smarte Parkplatzsensoren"]
    page = pilots["running"]
    assert running["status"] == "running"
    assert running["url"] == settings.SITE_URL + page.url
    assert running["topic"] == "verkehr"
    assert running["district"] == "elberfeld"
    assert running["budget_planned"] == 25000.5
    assert running["idea_reference"] == pilots["idea"].reference
    assert running["progress"] == 50
    assert [(m["title"], m["status"]) for m in running["milestones"]] == [
        ("Sensoren bestellt", "done"),
        ("Sensoren montiert", "open"),
    ]
    done = running["milestones"][0]
    assert done["done_date"] == page.milestones.get(title="Sensoren bestellt").done_date.isoformat()
    assert running["kpis"][0]["name"] == "Suchverkehr"
    assert running["kpis"][0]["baseline"] == 12.0
    assert running["kpis"][0]["target"] == 6.0
    assert running["kpis"][0]["latest"] == 7.0
    assert [m["value"] for m in running["kpis"][0]["measurements"]] == [11.5, 10.0, 8.5, 7.0]
    assert running["kpis"][1] == {
        "name": "Belegung",
        "unit": "%",
        "baseline": None,
        "target": 80.0,
        "latest": None,
        "measurements": [],
    }
    assert running["partners"] == [{"name": "Stadtwerke", "kind": "utility", "url": None}]
    assert by_title["Pegelsensoren"]["milestones"] == []


def test_unpublished_changes_of_a_live_pilot_stay_out_of_the_export(client, pilots):
    page = PilotPage.objects.get(pk=pilots["running"].pk)
    page.title = "Noch nicht freigegebener Titel"
    page.save_revision()

    titles = {row["title"] for row in json_rows(client.get(PILOTS_URL))}

    assert "Smarte Parkplatzsensoren" in titles
    assert "Noch nicht freigegebener Titel" not in titles


def test_unpublished_pilot_leaves_the_export(client, pilots):
    pilots["running"].unpublish()

    titles = {row["title"] for row in json_rows(client.get(PILOTS_URL))}

    assert titles == {"Pegelsensoren"}


def test_pilot_of_a_hidden_idea_does_not_reveal_the_idea(client, pilots):
    Idea.objects.filter(pk=pilots["idea"].pk).update(hidden=True)

    running = next(r for r in json_rows(client.get(PILOTS_URL)) if r["status"] == "running")

    assert running["idea_reference"] is None
    assert running["idea_url"] is None


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("status=completed", {"Pegelsensoren"}),
        ("status=running", {"Smarte Parkplatzsensoren"}),
        ("thema=verkehr", {"Smarte Parkplatzsensoren"}),
        ("bezirk=barmen", {"Pegelsensoren"}),
        ("bezirk=barmen&status=running", set()),
    ],
)
def test_pilot_filters_narrow_the_export(client, pilots, query, titles):
    assert {row["title"] for row in json_rows(client.get(f"{PILOTS_URL}?{query}"))} == titles


def test_pilot_status_filter_takes_pilot_statuses_not_idea_statuses(client, pilots):
    response = client.get(f"{PILOTS_URL}?status=published")

    assert response.status_code == 400
    assert (
        "Den Status „published“ gibt es in den offenen Daten nicht"
        in (response.json()["fields"]["status"][0])
    )


def test_pilots_json_streams_as_a_dated_attachment(client, pilots):
    response = client.get(PILOTS_URL)

    assert response.streaming is True
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mitwirken-piloten-{today}.json"'
    )


def test_pilot_query_count_does_not_grow_with_the_number_of_pilots(client, home):
    for number in range(2):
        make_pilot(f"Pilot {number}", milestones=[("M", 1, None)], kpis=[kpi()])
    queries_for(client, PILOTS_URL)
    few, _ = queries_for(client, PILOTS_URL)
    for number in range(2, 8):
        make_pilot(f"Pilot {number}", milestones=[("M", 1, None)], kpis=[kpi()])
    queries_for(client, PILOTS_URL)  # new pages: the kept copies (site, locales) are read again
    many, text = queries_for(client, PILOTS_URL)

    assert len(json.loads(text)) == 8
    assert many == few
