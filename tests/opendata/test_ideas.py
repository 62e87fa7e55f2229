"""The ideas data set: every public idea with its database values, nothing personal,
filters that refuse unknown values."""

from datetime import datetime

import pytest
from django.conf import settings

from ideas.models import Idea, OfficialAnswer
from opendata.ideas import IDEA_COLUMNS
from tests.factories import IdeaFactory, UserFactory
from tests.opendata.helpers import CSV_URL, JSON_URL, PILOTS_URL, body_of, csv_rows, json_rows
from tests.pilots.builders import kpi, make_pilot

pytestmark = pytest.mark.django_db


def expected(idea):
    """What the export must say about ``idea``, read from the database row itself."""
    idea = Idea.objects.select_related("topic", "district").get(pk=idea.pk)
    answer = OfficialAnswer.objects.filter(idea=idea).values_list("text", flat=True).first()
    copied = ("reference", "title", "text", "summary_easy", "place", "status")
    counts = ("support_count", "comment_count")
    return {
        **{name: getattr(idea, name) for name in copied + counts},
        "topic": idea.topic.slug,
        "topic_name": idea.topic.name,
        "district": idea.district.slug,
        "district_name": idea.district.name,
        "status_label": str(Idea.Status(idea.status).label),
        # to the second, in the city's time zone (compared as instants)
        "created": idea.created.replace(microsecond=0),
        "published_at": idea.published_at and idea.published_at.replace(microsecond=0),
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
    assert list(rows[0]) == IDEA_COLUMNS


def test_csv_quotes_semicolons_quotes_and_line_breaks_like_rfc_4180(client, ideas):
    text = body_of(client.get(CSV_URL))

    assert '"Fahrradbügel; mehr davon"' in text
    assert '"Mehr Bügel, ""bitte"" –\r\nmit Zeilenumbruch, Semikolon; und Ümläuten."' in text
    assert text.splitlines()[0] == "\ufeff" + ";".join(IDEA_COLUMNS)


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
