"""Open data: /offene-daten/ and its CSV and JSON downloads of ideas and pilots."""

import csv
import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from ideas import opendata
from ideas.models import Idea, OfficialAnswer
from pilots.models import PilotPage
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory, UserFactory
from tests.pilots.builders import kpi, make_pilot

pytestmark = pytest.mark.django_db

CSV_URL = "/offene-daten/ideen.csv"
JSON_URL = "/offene-daten/ideen.json"
PILOTS_URL = "/offene-daten/piloten.json"


@pytest.fixture
def home(db):
    """A home page as the default site's root, so pilot pages have URLs."""
    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Mitwirken", slug="home-test", intro_heading="Willkommen", intro="Test")
    root.add_child(instance=home)
    Site.objects.update(root_page=home, is_default_site=True)
    return home


@pytest.fixture
def ideas():
    """Public ideas in two topics and districts, plus a hidden and a submitted one."""
    traffic = TopicFactory(name="Verkehr", slug="verkehr")
    climate = TopicFactory(name="Klima & Umwelt", slug="klima")
    barmen = DistrictFactory(name="Barmen", slug="barmen")
    elberfeld = DistrictFactory(name="Elberfeld", slug="elberfeld")
    public = [
        IdeaFactory(title="Parkleitsystem", topic=traffic, district=elberfeld, place="Neumarkt"),
        IdeaFactory(
            title="Pegelsensoren an der Wupper",
            topic=climate,
            district=barmen,
            status=Idea.Status.THRESHOLD_REACHED,
            summary_easy="Sensoren messen das Wasser.",
            support_count=57,
            comment_count=4,
        ),
        IdeaFactory(
            title="Fahrradbügel; mehr davon",
            text='Mehr Bügel, "bitte" –\r\nmit Zeilenumbruch, Semikolon; und Ümläuten.',
            topic=traffic,
            district=barmen,
            status=Idea.Status.DECLINED,
        ),
    ]
    OfficialAnswer.objects.create(idea=public[1], text="Die Stadt prüft einen Pilot.")
    hidden = IdeaFactory(title="Ausgeblendete Idee", topic=traffic, district=barmen, hidden=True)
    submitted = IdeaFactory(
        title="Eingereichte Idee", topic=traffic, district=barmen, status=Idea.Status.SUBMITTED
    )
    return {"public": public, "hidden": hidden, "submitted": submitted}


def body_of(response):
    assert response.streaming is True
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    text = body_of(response)
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def json_rows(response):
    return json.loads(body_of(response))


def expected(idea):
    """What the export must say about ``idea``, read from the database row itself."""
    idea = Idea.objects.select_related("topic", "district").get(pk=idea.pk)
    answer = OfficialAnswer.objects.filter(idea=idea).values_list("text", flat=True).first()
    return {
        "reference": idea.reference,
        "title": idea.title,
        "text": idea.text,
        "summary_easy": idea.summary_easy,
        "topic": idea.topic.slug,
        "topic_name": idea.topic.name,
        "district": idea.district.slug,
        "district_name": idea.district.name,
        "place": idea.place,
        "status": idea.status,
        "status_label": str(Idea.Status(idea.status).label),
        # to the second, in the city's time zone (compared as instants)
        "created": idea.created.replace(microsecond=0),
        "published_at": idea.published_at and idea.published_at.replace(microsecond=0),
        "support_count": idea.support_count,
        "comment_count": idea.comment_count,
        "url": settings.SITE_URL + idea.get_absolute_url(),
        "official_answer": answer,
    }


def as_csv_cells(values):
    cells = {}
    for key, value in values.items():
        if value is None:
            cells[key] = ""
        elif isinstance(value, datetime):
            cells[key] = value
        else:
            cells[key] = str(value)
    return cells


def parse_times(row):
    for key in ("created", "published_at"):
        if row[key]:
            row[key] = datetime.fromisoformat(row[key])
    return row


# --- Ideas: content --------------------------------------------------------------------------


def test_csv_lists_every_public_idea_with_its_database_values(client, ideas):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    rows = [parse_times(row) for row in csv_rows(response)]
    assert len(rows) == Idea.objects.public().count() == 3
    by_reference = {row["reference"]: row for row in rows}
    for idea in ideas["public"]:
        assert by_reference[idea.reference] == as_csv_cells(expected(idea))
    assert list(rows[0]) == opendata.IDEA_COLUMNS


def test_csv_quotes_semicolons_quotes_and_line_breaks_like_rfc_4180(client, ideas):
    text = body_of(client.get(CSV_URL))

    assert '"Fahrradbügel; mehr davon"' in text
    assert '"Mehr Bügel, ""bitte"" –\r\nmit Zeilenumbruch, Semikolon; und Ümläuten."' in text
    assert text.splitlines()[0] == "\ufeff" + ";".join(opendata.IDEA_COLUMNS)


def test_json_lists_every_public_idea_with_its_database_values(client, ideas):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    rows = [parse_times(row) for row in json_rows(response)]
    assert len(rows) == Idea.objects.public().count() == 3
    by_reference = {row["reference"]: row for row in rows}
    for idea in ideas["public"]:
        assert by_reference[idea.reference] == expected(idea)
    answered = by_reference[ideas["public"][1].reference]
    assert answered["official_answer"] == "Die Stadt prüft einen Pilot."
    assert answered["support_count"] == 57


def test_json_of_no_ideas_is_an_empty_list(client, db):
    assert json_rows(client.get(JSON_URL)) == []


def test_hidden_and_submitted_ideas_are_in_no_export(client, ideas):
    csv_text = body_of(client.get(CSV_URL))
    json_text = body_of(client.get(JSON_URL))

    for idea in (ideas["hidden"], ideas["submitted"]):
        for text in (csv_text, json_text):
            assert idea.title not in text
            assert idea.reference not in text


def test_no_email_address_author_or_account_id_appears_in_any_export(client, ideas, home):
    user = UserFactory(email="geheim@example.org", display_name="Geheime Person")
    IdeaFactory(author=user, title="Idee von jemandem")
    make_pilot("Pilot ohne Namen", idea=ideas["public"][1], kpis=[kpi()])
    authors = [idea.author for group in ideas.values() for idea in _as_list(group)] + [user]

    for url in (CSV_URL, JSON_URL, PILOTS_URL):
        text = body_of(client.get(url))
        assert "@example.org" not in text
        for author in authors:
            assert author.email not in text
            assert author.display_name not in text
    for row in json_rows(client.get(JSON_URL)):
        assert not {"author", "author_id", "email", "id"} & set(row)


def _as_list(group):
    return group if isinstance(group, list) else [group]


def test_formula_cells_are_neutralised_in_csv_but_kept_in_json(client, db):
    idea = IdeaFactory(
        title='=HYPERLINK("http://example.com","Klick")',
        place="+49 202 563 0",
        summary_easy="@SUMME(A1:A9)",
        text="-2+3 ist eine Rechnung, die ein Tabellenprogramm sonst ausführen würde.",
    )
    OfficialAnswer.objects.create(idea=idea, text="\t=1+1")

    row = csv_rows(client.get(CSV_URL))[0]

    assert row["title"] == '\'=HYPERLINK("http://example.com","Klick")'
    assert row["place"] == "'+49 202 563 0"
    assert row["summary_easy"] == "'@SUMME(A1:A9)"
    assert row["text"].startswith("'-2+3")
    assert row["official_answer"] == "'\t=1+1"
    assert row["reference"] == idea.reference  # ordinary cells stay as they are
    assert json_rows(client.get(JSON_URL))[0]["title"] == idea.title


# --- Ideas: filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("thema=verkehr", {"Parkleitsystem", "Fahrradbügel; mehr davon"}),
        ("bezirk=barmen", {"Pegelsensoren an der Wupper", "Fahrradbügel; mehr davon"}),
        ("status=threshold_reached", {"Pegelsensoren an der Wupper"}),
        ("thema=verkehr&bezirk=barmen", {"Fahrradbügel; mehr davon"}),
        ("thema=verkehr&bezirk=barmen&status=published", set()),
        (
            "thema=&bezirk=&status=",
            {"Parkleitsystem", "Pegelsensoren an der Wupper", "Fahrradbügel; mehr davon"},
        ),
    ],
)
def test_filters_narrow_csv_and_json_alike(client, ideas, query, titles):
    csv_titles = {row["title"] for row in csv_rows(client.get(f"{CSV_URL}?{query}"))}
    json_titles = {row["title"] for row in json_rows(client.get(f"{JSON_URL}?{query}"))}

    assert csv_titles == json_titles == titles


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("thema=gibtsnicht", "thema", "Das Thema „gibtsnicht“ gibt es nicht."),
        ("bezirk=atlantis", "bezirk", "Den Stadtbezirk „atlantis“ gibt es nicht."),
        (
            "status=submitted",
            "status",
            "Den Status „submitted“ gibt es in den offenen Daten nicht.",
        ),
        ("status=running", "status", "Erlaubt: published, threshold_reached"),
    ],
)
def test_unknown_filter_value_is_refused_with_a_german_message(
    client, ideas, query, field, message
):
    for url in (CSV_URL, JSON_URL):
        response = client.get(f"{url}?{query}")

        assert response.status_code == 400
        assert not response.streaming
        data = response.json()
        assert data["error"].startswith("Ungültige Filter")
        assert message in data["fields"][field][0]


def test_a_submitted_idea_cannot_be_fetched_by_filtering_for_its_status(client, ideas):
    response = client.get(f"{JSON_URL}?status=submitted")

    assert response.status_code == 400
    assert ideas["submitted"].title not in response.content.decode()


# --- Ideas: streaming ------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "extension"), [(CSV_URL, "csv"), (JSON_URL, "json")])
def test_downloads_stream_as_dated_attachments_with_licence_and_short_cache(
    client, ideas, url, extension
):
    response = client.get(url)

    assert response.streaming is True
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mitwirken-ideen-{today}.{extension}"'
    )
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert opendata.LICENCE_URL in response["Link"]


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows = body_of(response)
    return len(queries), rows


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_query_count_does_not_grow_with_the_number_of_ideas(client, db, url):
    topic, district = TopicFactory(), DistrictFactory()
    ideas = IdeaFactory.create_batch(5, topic=topic, district=district)
    OfficialAnswer.objects.create(idea=ideas[0], text="Antwort")
    _queries_for(client, url)  # warm caches (content types, sites)
    few, _ = _queries_for(client, url)

    IdeaFactory.create_batch(55, topic=topic, district=district)
    many, _ = _queries_for(client, url)

    assert opendata.BATCH_SIZE > 60
    assert many == few


def test_ideas_are_read_in_keyset_batches_so_memory_stays_flat(client, db, monkeypatch):
    monkeypatch.setattr(opendata, "BATCH_SIZE", 10)
    topic, district = TopicFactory(), DistrictFactory()
    created = IdeaFactory.create_batch(25, topic=topic, district=district)
    IdeaFactory(topic=topic, district=district, hidden=True)

    with CaptureQueriesContext(connection) as queries:
        rows = json_rows(client.get(JSON_URL))
    idea_selects = [q["sql"] for q in queries if 'FROM "ideas_idea"' in q["sql"]]

    assert [row["reference"] for row in rows] == [idea.reference for idea in created]
    assert len(idea_selects) == 3  # 10 + 10 + 5 rows; the short batch ends the loop
    assert all("LIMIT 10" in sql for sql in idea_selects)
    assert '"ideas_idea"."id" >' in idea_selects[1]


def test_a_full_last_batch_costs_one_more_empty_query(client, db, monkeypatch):
    monkeypatch.setattr(opendata, "BATCH_SIZE", 10)
    topic, district = TopicFactory(), DistrictFactory()
    IdeaFactory.create_batch(20, topic=topic, district=district)

    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(client.get(CSV_URL))

    assert len(rows) == 20
    assert len([q for q in queries if 'FROM "ideas_idea"' in q["sql"]]) == 3


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
    _queries_for(client, PILOTS_URL)
    few, _ = _queries_for(client, PILOTS_URL)
    for number in range(2, 8):
        make_pilot(f"Pilot {number}", milestones=[("M", 1, None)], kpis=[kpi()])
    many, text = _queries_for(client, PILOTS_URL)

    assert len(json.loads(text)) == 8
    assert many == few


# --- The page ------------------------------------------------------------------------------


def test_open_data_page_explains_licence_fields_and_links_the_downloads(client, ideas):
    response = client.get("/offene-daten/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "CC BY 4.0" in html
    assert opendata.DATA_HOLDER in html
    assert opendata.attribution() in html
    assert opendata.LICENCE_URL in html
    for name in opendata.IDEA_COLUMNS:
        assert f"<code>{name}</code>" in html
    for name in ("milestones", "kpis", "planned_date", "measurements"):
        assert f"<code>{name}</code>" in html
    assert f'href="{CSV_URL}"' in html
    assert f'href="{JSON_URL}"' in html
    assert f'href="{PILOTS_URL}"' in html
    assert "<code>verkehr</code>" in html  # the filter values are listed


def test_attribution_names_the_holder_from_one_constant(client, db, monkeypatch):
    monkeypatch.setattr(opendata, "DATA_HOLDER", "Stadt Musterstadt – Test")

    html = client.get("/offene-daten/").content.decode()

    assert "Datenquelle: Stadt Musterstadt – Test, Lizenz: CC BY 4.0" in html
    assert "Stadt Wuppertal – Mitwirken" not in html


def test_page_carries_the_chosen_filters_into_the_download_links(client, ideas):
    html = client.get(
        "/offene-daten/?thema=verkehr&bezirk=barmen&status=declined&pilotstatus=running"
    ).content.decode()

    assert f'href="{CSV_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=declined"' in html
    assert f'href="{JSON_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=declined"' in html
    assert f'href="{PILOTS_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=running"' in html
    assert '<option value="verkehr" selected>' in html


def test_page_shows_invalid_filters_as_errors_and_leaves_them_out_of_the_links(client, ideas):
    response = client.get("/offene-daten/?thema=gibtsnicht&bezirk=barmen")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Das Thema „gibtsnicht“ gibt es nicht." in html
    assert f'href="{CSV_URL}?bezirk=barmen"' in html
    assert "thema=gibtsnicht" not in html.split('id="opendata-downloads"')[1]


def test_page_mentions_the_pilot_feeds(client, db):
    html = client.get("/offene-daten/").content.decode()

    assert 'href="/piloten-feed/rss/"' in html
    assert 'href="/piloten-kalender/meilensteine.ics"' in html


def test_english_page_and_downloads_live_under_en(client, ideas):
    page = client.get("/en/offene-daten/")
    rows = json_rows(client.get("/en/offene-daten/ideen.json"))

    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()
    assert 'href="/en/offene-daten/ideen.csv"' in page.content.decode()
    assert len(rows) == 3
    assert all(row["url"].startswith(settings.SITE_URL + "/en/ideen/") for row in rows)
