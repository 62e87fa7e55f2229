"""How downloads are delivered: streamed attachments, read in keyset batches with a constant
number of queries, CSV cells a spreadsheet cannot run as formulas."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import OfficialAnswer
from opendata import formats as opendata
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory
from tests.opendata.helpers import CSV_URL, JSON_URL, csv_rows, json_rows, queries_for

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_query_count_does_not_grow_with_the_number_of_ideas(client, db, url):
    topic, district = TopicFactory(), DistrictFactory()
    ideas = IdeaFactory.create_batch(5, topic=topic, district=district)
    OfficialAnswer.objects.create(idea=ideas[0], text="Antwort")
    queries_for(client, url)  # warm caches (content types, sites)
    few, _ = queries_for(client, url)

    IdeaFactory.create_batch(55, topic=topic, district=district)
    many, _ = queries_for(client, url)

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
