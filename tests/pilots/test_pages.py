"""The public pilot pages: index with filters, pilot page, idea link, drafts, query counts;
and the editors' dashboard panel."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ideas.models import Idea
from pilots import charts
from pilots.models import PilotMilestone, PilotPage, PilotPartner
from pilots.services import ensure_pilot_index, start_pilot_review
from tests.factories import DistrictFactory, EditorFactory, IdeaFactory, TopicFactory
from tests.pilots.builders import kpi, make_pilot

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_titles(html):
    return re.findall(r'<h3 class="kern-title card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


# --- Index ------------------------------------------------------------------------------


def test_index_lists_live_pilots_and_filters_by_status_topic_and_district(client, home):
    parken = TopicFactory(name="Mobilität", slug="mobilitaet")
    sensorik = TopicFactory(name="Sensorik", slug="sensorik")
    elberfeld = DistrictFactory(name="Elberfeld", slug="elberfeld")
    barmen = DistrictFactory(name="Barmen", slug="barmen")
    make_pilot("Parksensoren Elberfeld", topic=parken, district=elberfeld)
    make_pilot(
        "Pegelsensoren Barmen", topic=sensorik, district=barmen, status=PilotPage.Status.PLANNED
    )
    make_pilot("Parksensoren Barmen", topic=parken, district=barmen)
    make_pilot("Entwurf Sensorik", topic=sensorik, district=barmen, live=False)

    everything = text(client.get("/piloten/"))
    assert sorted(card_titles(everything)) == [
        "Parksensoren Barmen",
        "Parksensoren Elberfeld",
        "Pegelsensoren Barmen",
    ]
    assert "<progress" in everything
    assert "Läuft" in everything and "Geplant" in everything

    assert card_titles(text(client.get("/piloten/?thema=sensorik"))) == ["Pegelsensoren Barmen"]
    assert sorted(card_titles(text(client.get("/piloten/?bezirk=barmen")))) == [
        "Parksensoren Barmen",
        "Pegelsensoren Barmen",
    ]
    combined = text(client.get("/piloten/?status=running&thema=mobilitaet&bezirk=barmen"))
    assert card_titles(combined) == ["Parksensoren Barmen"]
    # The form keeps the choices, so the URL can be shared and the filter changed.
    assert re.search(r'<option value="barmen" selected>', combined)
    assert "Alle Filter zurücksetzen" in combined


def test_unknown_filter_values_are_ignored_and_no_match_shows_an_empty_state(client, home):
    make_pilot("Parksensoren", topic=TopicFactory(slug="mobilitaet"))
    assert card_titles(text(client.get("/piloten/?thema=gibt-es-nicht"))) == ["Parksensoren"]

    empty = text(client.get("/piloten/?status=stopped"))
    assert card_titles(empty) == []
    assert "Keine Pilotprojekte gefunden" in empty


def test_index_without_pilots_invites_to_the_ideas(client, home):
    ensure_pilot_index()
    page = text(client.get("/piloten/"))
    assert "Noch keine Pilotprojekte" in page
    assert 'href="/ideen/"' in page


def test_index_announces_and_links_its_feeds(client, home):
    ensure_pilot_index()
    page = text(client.get("/piloten/"))
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="/piloten-feed/rss/"', page
    )
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/piloten-feed/atom/"', page
    )
    for visible in (
        '<a href="/piloten-feed/rss/">',
        '<a href="/piloten-feed/atom/">',
        '<a href="/piloten-kalender/meilensteine.ics">',
    ):
        assert visible in page


def test_index_shows_progress_period_and_status_on_each_card(client, home):
    make_pilot(
        "Glasfaser Cronenberg",
        milestones=[("Planung", -100, -90), ("Bau", -50, -40), ("Betrieb", 30, None)],
        start_date=date(2025, 3, 1),
        end_date=date(2026, 12, 31),
    )
    page = text(client.get("/piloten/"))
    assert re.search(r'<progress max="100" value="67"', page)
    assert "1. März 2025" in page and "31. Dezember 2026" in page


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_the_number_of_pilots(client, home):
    topic, district = TopicFactory(), DistrictFactory()
    index = ensure_pilot_index()

    def add(count, start):
        for number in range(start, start + count):
            make_pilot(
                f"Pilot {number}",
                index=index,
                topic=topic,
                district=district,
                milestones=[("Start", -10, -5), ("Ende", 10, None)],
            )

    add(5, 0)
    client.get("/piloten/")  # warm caches (site root paths) like any later request
    five = query_count(client, "/piloten/")
    add(10, 5)
    client.get("/piloten/")  # new pages: the kept copies (site, locales) are read once more
    fifteen = query_count(client, "/piloten/")
    assert len(card_titles(text(client.get("/piloten/")))) == 15
    assert five == fifteen


# --- Pilot page -------------------------------------------------------------------------


def full_pilot(**overrides):
    idea = overrides.pop("idea", None) or IdeaFactory(title="Parkleitsystem für Elberfeld")
    fields = {
        "idea": idea,
        "summary_easy": "Messgeräte im Boden zeigen freie Parkplätze.",
        "problem": "<p>Autos kreisen lange um den Block.</p>",
        "goal": "<p>Den Suchverkehr halbieren.</p>",
        "approach": "<p>240 Bodensensoren melden freie Plätze.</p>",
        "budget_planned": Decimal("185000"),
        "budget_spent": Decimal("92500"),
        "milestones": [
            ("Sensoren eingebaut", -100, -95),
            ("Daten auf den Tafeln", -60, -52),
            ("Offene Schnittstelle", 30, None),
        ],
        "updates": [(-20, "Erste Zahlen", "Der Suchverkehr sinkt.")],
        "partners": [
            ("Wuppertaler Stadtwerke", PilotPartner.Kind.UTILITY),
            ("Lehrstuhl für Verkehrsplanung", PilotPartner.Kind.RESEARCH),
            ("Institut für Sensorik", PilotPartner.Kind.RESEARCH),
        ],
        "kpis": [kpi(), kpi("Auslastung erkannt", "%", "0", "95", [(-30, "81"), (-5, "93")])],
    }
    fields.update(overrides)
    return make_pilot("Smarte Parkplatzsensoren", **fields)


def test_pilot_page_shows_milestones_news_kpi_table_and_chart_with_target_line(client, home):
    pilot = full_pilot()
    html = text(client.get(pilot.url))

    assert "Messgeräte im Boden zeigen freie Parkplätze." in html  # Leichte Sprache
    for heading in ("Das Problem", "Das Ziel", "Das Vorgehen", "Zeitplan und Neuigkeiten"):
        assert heading in html
    # Timeline: milestones and news in one chronological list.
    positions = [
        html.index(title)
        for title in (
            "Sensoren eingebaut",
            "Daten auf den Tafeln",
            "Erste Zahlen",
            "Offene Schnittstelle",
        )
    ]
    assert positions == sorted(positions)
    milestone = PilotMilestone.objects.get(title="Sensoren eingebaut")
    assert f'id="meilenstein-{milestone.pk}"' in html
    assert "67 % erreicht" in html
    assert "2 von 3 Meilensteinen erledigt" in html
    assert "185.000 €" in html and "92.500 €" in html and "50 % des geplanten Budgets" in html
    # Partners grouped by kind.
    assert html.count("Forschungsgruppe") == 1
    assert "Stadtwerke / Versorger" in html

    # KPI table with name, unit, baseline, target and the latest value.
    table = re.search(r'<table class="kpi-table">.*?</table>', html, re.S).group(0)
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?Suchverkehr.*?</tr>", table, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:3] == ["min", "12", "6"]
    assert cells[3].startswith("7 ")
    assert cells[4] == "noch nicht"

    # One SVG chart per KPI with measurements, labelled, with the target line.
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    chart = ET.fromstring(svgs[0])  # noqa: S314 - our own markup
    assert chart.get("role") == "img"
    title_id, desc_id = chart.get("aria-labelledby").split()
    assert chart.find(f"{SVG}title").get("id") == title_id
    assert "Suchverkehr" in chart.find(f"{SVG}title").text
    assert "Zielwert: 6 min" in chart.find(f"{SVG}desc").text
    target = chart.find(f".//{SVG}line[@class='kpi-chart__target-line']")
    assert target is not None and target.get("y1") == target.get("y2")
    assert len(chart.findall(f".//{SVG}circle")) == 4
    assert 'style="' not in html.split("<main", 1)[1]  # the CSP forbids inline styles

    # Back to the idea with its support count.
    assert pilot.idea.get_absolute_url() in html
    assert "0 Unterstützungen" in html


def test_evaluation_and_datasets_are_shown_when_present(client, home):
    from pilots.models import PilotDataset

    pilot = full_pilot(
        status=PilotPage.Status.PERMANENT,
        evaluation_result="<p>Alle Anschlüsse sind in Betrieb.</p>",
        evaluation_decision=PilotPage.Decision.PERMANENT,
    )
    pilot.datasets = [
        PilotDataset(title="Belegung live", kind="sensor", url="https://daten.example.org/a"),
        PilotDataset(title="Messreihe", kind="dataset", url="https://daten.example.org/b"),
    ]
    pilot.save_revision().publish()
    html = text(client.get(pilot.url))
    assert "Alle Anschlüsse sind in Betrieb." in html
    assert "Entscheidung:</strong> Verstetigen" in html
    assert "Sensorfeeds" in html and "Belegung live" in html and "Messreihe" in html


def test_pilot_without_measurements_says_so_instead_of_drawing_a_chart(client, home):
    pilot = make_pilot("Pegelsensoren", kpis=[kpi(measurements=[])])
    html = text(client.get(pilot.url))
    assert "<svg" not in html
    assert "noch keine Messwerte" in html


def test_chart_escapes_text_and_takes_only_numbers_from_the_data():
    row = {
        "name": '<script>alert("x")</script> & Co',
        "unit": "<b>min</b>",
        "baseline": Decimal("12"),
        "target": Decimal("6"),
        "measurements": [
            {"date": date(2026, 3, 1), "value": Decimal("11")},
            {"date": date(2026, 4, 1), "value": Decimal("9.5")},
        ],
    }
    svg = str(charts.kpi_chart(row, 'kpi"><script>'))
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    chart = ET.fromstring(svg)  # noqa: S314 - our own markup, must be well-formed XML
    assert chart.get("viewBox") == "0 0 600 280"
    points = chart.find(f".//{SVG}polyline").get("points")
    assert re.fullmatch(r"[\d.]+,[\d.]+ [\d.]+,[\d.]+", points)


def test_draft_and_in_review_pilots_answer_404_to_the_public(client, home, threshold):
    draft = make_pilot("Noch geheim", live=False)
    assert client.get(f"/piloten/{draft.slug}/").status_code == 404

    threshold(1)
    idea = IdeaFactory(title="Echtzeit-Anzeigen an der Schwebebahn")
    in_review = start_pilot_review(idea, by=EditorFactory(), reason="Test")
    assert in_review.current_workflow_task.name == "Wissenschaftliche Prüfung"
    assert client.get(f"/piloten/{in_review.slug}/").status_code == 404
    assert card_titles(text(client.get("/piloten/"))) == []


# --- The idea's page ---------------------------------------------------------------------


def test_idea_page_links_its_live_pilot(client, home):
    pilot = full_pilot()
    idea = Idea.objects.get(pk=pilot.idea_id)
    assert idea.status == Idea.Status.PILOT  # publishing moved it
    html = text(client.get(idea.get_absolute_url()))
    assert f'href="{pilot.url}"' in html
    assert "Zum Pilotprojekt „Smarte Parkplatzsensoren“" in html


def test_idea_page_does_not_link_a_draft_pilot_and_costs_no_extra_query(client, home):
    idea = IdeaFactory()
    make_pilot("Entwurf", idea=idea, live=False)
    with CaptureQueriesContext(connection) as queries:
        html = text(client.get(idea.get_absolute_url()))
    assert "Pilotprojekt" not in html
    assert not any("pilots_pilotpage" in q["sql"] for q in queries.captured_queries)


def test_idea_page_with_a_live_pilot_costs_a_fixed_number_of_extra_queries(client, home):
    plain = IdeaFactory()
    client.get(plain.get_absolute_url())
    small = full_pilot(milestones=[], updates=[]).idea
    big = full_pilot(
        idea=IdeaFactory(title="Noch eine Idee"),
        slug="gross",
        milestones=[(f"Schritt {n}", n - 10, None) for n in range(12)],
    ).idea
    client.get(small.get_absolute_url())
    baseline = query_count(client, plain.get_absolute_url())
    # The pilot (one join) and, with a database cache, Wagtail's cached site root paths.
    assert query_count(client, small.get_absolute_url()) <= baseline + 2
    assert query_count(client, big.get_absolute_url()) == query_count(
        client, small.get_absolute_url()
    )


# --- Dashboard ---------------------------------------------------------------------------


def test_dashboard_lists_threshold_ideas_pilots_in_review_and_overdue_milestones(
    client, home, threshold
):
    threshold(3)
    waiting = IdeaFactory(title="Idee an der Schwelle", status=Idea.Status.THRESHOLD_REACHED)
    reviewed = IdeaFactory(title="Idee in Prüfung")
    editor = EditorFactory()
    in_review = start_pilot_review(reviewed, by=editor, reason="Passt zum Förderprogramm")
    make_pilot("Pünktlicher Pilot", milestones=[("Start", -5, -4), ("Ende", 20, None)])
    late = make_pilot("Verspäteter Pilot", milestones=[("Einbau der Sensoren", -3, None)])

    client.force_login(editor)
    html = text(client.get("/admin/"))
    panel = html.split('id="pilot-pipeline-section"', 1)[1]
    assert f'href="/admin/ideas/idea/edit/{waiting.pk}/"' in panel
    assert "Idee in Prüfung" not in panel.split("Piloten in Prüfung")[0]
    assert f'href="/admin/pages/{in_review.pk}/edit/"' in panel
    assert "Wissenschaftliche Prüfung" in panel
    overdue = panel.split("überfälligem Meilenstein", 1)[1]
    assert f'href="/admin/pages/{late.pk}/edit/"' in overdue
    assert "Einbau der Sensoren" in overdue
    assert "Pünktlicher Pilot" not in overdue


def test_residents_do_not_get_the_dashboard_panel():
    from pilots.wagtail_hooks import sees_pipeline
    from tests.factories import ResearcherFactory, UserFactory

    assert not sees_pipeline(UserFactory())
    assert sees_pipeline(ResearcherFactory())
    assert sees_pipeline(EditorFactory())


def test_editors_preview_a_draft_pilot_with_its_timeline_and_chart(client, home):
    draft = full_pilot(live=False)
    client.force_login(EditorFactory())
    html = text(client.get(f"/admin/pages/{draft.pk}/view_draft/"))
    assert "Sensoren eingebaut" in html
    assert "kpi-chart__target-line" in html


def test_english_pilot_pages_link_english_urls(client, home):
    full_pilot()
    with translation.override("de"):  # the request activates English; restore afterwards
        index = text(client.get("/en/piloten/"))
        page = text(client.get("/en/piloten/smarte-parkplatzsensoren/"))
    assert 'href="/en/piloten/smarte-parkplatzsensoren/"' in index
    assert 'href="/en/piloten-feed/rss/"' in index
    assert 'href="/en/piloten/"' in page


def test_home_page_shows_live_pilots_only(client, home):
    from pilots.models import PilotPage
    from pilots.services import ensure_pilot_index

    index = ensure_pilot_index()
    live = PilotPage(title="Smarte Parkplatzsensoren", slug="parken", pilot_status="running")
    index.add_child(instance=live)
    draft = PilotPage(title="Entwurf im Review", slug="entwurf", live=False)
    index.add_child(instance=draft)
    html = client.get("/").content.decode()
    assert "Laufende Pilotprojekte" in html
    assert "Smarte Parkplatzsensoren" in html
    assert "Entwurf im Review" not in html
