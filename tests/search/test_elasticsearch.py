"""Elasticsearch mode, tested against a loopback stub (no Elasticsearch server runs here).

``tests/search/es_stub.py`` serves HTTP on 127.0.0.1 like Elasticsearch 8 (JSON bodies, the
``X-Elastic-Product: Elasticsearch`` header) and records each request body. So these tests
check what the portal *sends* (mappings, queries, bulk and alias requests) and how it *reads*
answers; they do not check Elasticsearch's own ranking or analysis.
"""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ideas import services as idea_services
from search import documents, service
from search.results import SearchFilters
from tests.factories import UserFactory
from tests.search.es_stub import search_response

pytestmark = pytest.mark.django_db

SEARCH_PATH = r"^/mitwirken_portal_ideas,mitwirken_portal_pilots,mitwirken_portal_pages/_search$"
REPO = Path(__file__).resolve().parents[2]


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def index_of(kind):
    return {
        "idea": documents.IdeaDocument,
        "pilot": documents.PilotDocument,
    }.get(kind, documents.PageDocument)._index._name


# --- Mappings ---------------------------------------------------------------------------------


def test_rebuild_creates_indexes_with_german_analyzer_and_keyword_facets(
    elasticsearch_mode, make_idea, make_pilot, make_content_page, university
):
    stub = elasticsearch_mode
    public = make_idea("Sensoren an Brücken")
    hidden = make_idea("Sensoren versteckt", hidden=True)
    submitted = make_idea("Sensoren eingereicht", status="submitted")
    pilot = make_pilot("Sensoren Pilot")
    draft = make_pilot("Sensoren Entwurf", live=False)
    page = make_content_page("Über Sensoren", "Text über Sensoren.")

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    created = {
        r.path.strip("/"): r.body
        for r in stub.requests
        if r.method == "PUT" and not r.path.startswith("/_")
    }
    names = sorted(created)
    assert [re.sub(r"-\d+$", "", name) for name in names] == [
        "mitwirken_portal_ideas",
        "mitwirken_portal_pages",
        "mitwirken_portal_pilots",
    ]
    for body in created.values():
        properties = body["mappings"]["properties"]
        for field in ("title", "text", "summary_easy", "place"):
            assert properties[field] == {"type": "text", "analyzer": "german"}, field
        for field in ("kind", "topic", "district", "status"):
            assert properties[field] == {"type": "keyword"}, field
        assert properties["suggest"] == {"type": "search_as_you_type"}
        assert body["settings"] == {"number_of_shards": 1}
    ideas_mapping = next(b for n, b in created.items() if "ideas" in n)["mappings"]["properties"]
    assert ideas_mapping["support_count"] == {"type": "integer"}
    assert ideas_mapping["created"] == {"type": "date"}
    assert "author" not in json.dumps(ideas_mapping)

    bulk = [line for r in stub.requests_to("PUT", "/_bulk$") for line in r.body] + [
        line for r in stub.requests_to("POST", "/_bulk$") for line in r.body
    ]
    indexed = {}
    for action, source in zip(bulk[::2], bulk[1::2], strict=True):
        meta = action["index"]
        indexed.setdefault(re.sub(r"-\d+$", "", meta["_index"]), set()).add(int(meta["_id"]))
        assert source["object_id"] == int(meta["_id"])
    assert indexed["mitwirken_portal_ideas"] == {public.pk}
    assert hidden.pk not in indexed["mitwirken_portal_ideas"]
    assert submitted.pk not in indexed["mitwirken_portal_ideas"]
    assert indexed["mitwirken_portal_pilots"] == {pilot.pk}
    assert draft.pk not in indexed["mitwirken_portal_pilots"]
    assert page.pk in indexed["mitwirken_portal_pages"]
    assert university["group"].pk in indexed["mitwirken_portal_pages"]
    assert pilot.pk not in indexed["mitwirken_portal_pages"]

    aliases = [r.body for r in stub.requests_to("POST", "^/_aliases$")]
    assert {a["actions"][0]["add"]["alias"] for a in aliases} == {
        "mitwirken_portal_ideas",
        "mitwirken_portal_pilots",
        "mitwirken_portal_pages",
    }
    assert "mitwirken_portal_ideas: 1 documents" in out.getvalue()


def test_rebuild_switches_the_alias_and_drops_the_old_index(elasticsearch_mode, make_idea):
    stub = elasticsearch_mode
    make_idea("Sensoren an Brücken")
    old = "mitwirken_portal_ideas-20260101000000000000"
    stub.respond("HEAD", r"^/_alias/mitwirken_portal_ideas$", {}, status=200)
    stub.respond(
        "GET",
        r"^/_alias/mitwirken_portal_ideas$",
        {old: {"aliases": {"mitwirken_portal_ideas": {}}}},
    )

    call_command("rebuild_search_index", "--skip-wagtail", stdout=StringIO())

    swap = next(
        r.body["actions"]
        for r in stub.requests_to("POST", "^/_aliases$")
        if r.body["actions"][0]["add"]["alias"] == "mitwirken_portal_ideas"
    )
    assert swap[0]["add"]["index"].startswith("mitwirken_portal_ideas-")
    assert swap[1:] == [{"remove_index": {"index": old}}]


def test_rebuild_in_database_mode_only_updates_wagtails_index(es_stub, settings, make_idea):
    settings.ELASTICSEARCH_URL = ""
    make_idea("Sensoren an Brücken")
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "database mode" in out.getvalue()
    assert es_stub.requests == []


def test_elasticsearch_mode_points_wagtails_backend_at_elasticsearch():
    env = {**os.environ, "ELASTICSEARCH_URL": "http://search.internal:9200"}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS['default']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "participation.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    backend = json.loads(result.stdout.strip().splitlines()[-1])
    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["http://search.internal:9200"]
    assert backend["INDEX_PREFIX"] == "mitwirken_"
    assert backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"] == {
        "type": "german"
    }


# --- Queries ----------------------------------------------------------------------------------


def test_two_facet_filters_produce_post_filter_and_filtered_aggregations(
    elasticsearch_mode, topics, districts
):
    stub = elasticsearch_mode
    service.search(
        "Sensoren Brücke", SearchFilters(topics=("sensorik",), districts=("barmen",)), page=2
    )

    first = stub.requests_to("POST", SEARCH_PATH)[0].body
    assert first["query"] == {
        "multi_match": {
            "query": "Sensoren Brücke",
            "fields": ["title^3", "text", "summary_easy", "place"],
            "type": "best_fields",
            "operator": "and",
        }
    }
    topic = {"terms": {"topic": ["sensorik"]}}
    district = {"terms": {"district": ["barmen"]}}
    assert first["post_filter"] == {"bool": {"filter": [topic, district]}}
    aggs = first["aggs"]
    assert set(aggs) == {"kinds", "topics", "districts", "statuses"}
    # Each facet is counted with the other selected facets, never with its own.
    assert aggs["topics"]["filter"] == {"bool": {"filter": [district]}}
    assert aggs["districts"]["filter"] == {"bool": {"filter": [topic]}}
    assert aggs["kinds"]["filter"] == {"bool": {"filter": [topic, district]}}
    assert aggs["statuses"]["filter"] == {"bool": {"filter": [topic, district]}}
    assert aggs["topics"]["aggs"]["by_value"]["terms"]["field"] == "topic"
    assert aggs["statuses"]["aggs"]["by_value"]["terms"]["field"] == "status"
    assert first["from"] == 20 and first["size"] == 20
    assert first["track_total_hits"] is True
    assert first["_source"] == ["kind", "object_id"]

    # Nothing had both words: the search is widened to any of them.
    second = stub.requests_to("POST", SEARCH_PATH)[1].body
    assert second["query"]["multi_match"]["operator"] == "or"


def test_facet_without_other_selections_is_counted_over_all_matches(elasticsearch_mode, topics):
    stub = elasticsearch_mode
    service.search("Sensoren", SearchFilters(topics=("sensorik",)))
    aggs = stub.requests_to("POST", SEARCH_PATH)[0].body["aggs"]
    assert aggs["topics"]["filter"] == {"match_all": {}}
    assert aggs["kinds"]["filter"] == {"bool": {"filter": [{"terms": {"topic": ["sensorik"]}}]}}


def test_stubbed_response_renders_exactly_like_database_mode(
    client, settings, es_stub, make_idea, make_pilot, make_content_page, university
):
    make_idea("Parkplatzsensoren in Barmen", district="barmen")
    make_idea("Parkplatzsensoren am Wall", district="elberfeld")
    make_idea("Parkplatzsensoren im Zoo", topic="mobilitaet", status="declined")
    make_pilot("Parkplatzsensoren Pilot", summary_easy="Parkplatzsensoren zeigen freie Plätze.")
    make_content_page("Parken in der Stadt", "Alles über Parkplatzsensoren.")
    params = {"q": "Parkplatzsensoren", "thema": "sensorik"}

    settings.ELASTICSEARCH_URL = ""
    database_page = service.search(params["q"], SearchFilters(topics=("sensorik",)))
    database_html = main_html(client.get("/suche/", params))
    assert len(database_page.results) == 3

    names = {"typ": "kinds", "thema": "topics", "bezirk": "districts", "status": "statuses"}
    es_stub.respond(
        "POST",
        SEARCH_PATH,
        search_response(
            [
                (index_of(result.kind), result.kind, result.pk, 10.0 - position)
                for position, result in enumerate(database_page.results)
            ],
            total=database_page.total,
            aggregations={
                names[facet.param]: {value.value: value.count for value in facet.values}
                for facet in database_page.facets
            },
        ),
    )
    documents._clients.clear()
    settings.ELASTICSEARCH_URL = es_stub.url
    es_page = service.search(params["q"], SearchFilters(topics=("sensorik",)))
    es_html = main_html(client.get("/suche/", params))
    documents._clients.clear()

    assert es_page.mode == "elasticsearch" and database_page.mode == "database"
    assert es_page.results == database_page.results
    assert es_page.facets == database_page.facets
    assert es_page.total == database_page.total
    assert es_html == database_html
    assert "<mark>Parkplatzsensoren</mark> zeigen freie Plätze." in es_html


def test_hits_that_are_no_longer_public_are_not_shown(elasticsearch_mode, client, make_idea):
    """The index may lag behind (tasks run after commit): results come from the database."""
    public = make_idea("Trinkbrunnen am Markt")
    hidden = make_idea("Trinkbrunnen versteckt", hidden=True)
    elasticsearch_mode.respond(
        "POST",
        SEARCH_PATH,
        search_response(
            [
                ("mitwirken_portal_ideas", "idea", hidden.pk, 2.0),
                ("mitwirken_portal_ideas", "idea", public.pk, 1.0),
                ("mitwirken_portal_pilots", "pilot", 999_999, 0.5),
            ],
            aggregations={"kinds": {"idea": 2, "pilot": 1}},
        ),
    )
    html = client.get("/suche/", {"q": "Trinkbrunnen"}).content.decode()
    assert "Trinkbrunnen am Markt" in html
    assert "Trinkbrunnen versteckt" not in html


def test_unreachable_elasticsearch_shows_a_message_not_an_error(elasticsearch_mode, client):
    elasticsearch_mode.respond(
        "POST", SEARCH_PATH, {"error": {"type": "internal"}, "status": 500}, status=500
    )
    response = client.get("/suche/", {"q": "Sensoren"})
    assert response.status_code == 503
    assert "Die Suche ist gerade nicht erreichbar" in response.content.decode()
    assert client.get("/suche/vorschlaege/", {"q": "Sensoren"}).json() == {"suggestions": []}


def test_autocomplete_asks_for_prefixes_and_shows_only_public_titles(
    elasticsearch_mode, client, make_idea, make_pilot
):
    stub = elasticsearch_mode
    idea = make_idea("Regenwassertonnen für Gärten")
    hidden = make_idea("Regenwasserspeicher", hidden=True)
    pilot = make_pilot("Regenwassersensoren am Rathaus")
    stub.respond(
        "POST",
        r"^/mitwirken_portal_ideas,mitwirken_portal_pilots/_search$",
        search_response(
            [
                ("mitwirken_portal_ideas", "idea", idea.pk, 3.0),
                ("mitwirken_portal_ideas", "idea", hidden.pk, 2.0),
                ("mitwirken_portal_pilots", "pilot", pilot.pk, 1.0),
            ]
        ),
    )
    suggestions = client.get("/suche/vorschlaege/", {"q": "Regenwass"}).json()["suggestions"]
    assert [s["title"] for s in suggestions] == [
        "Regenwassertonnen für Gärten",
        "Regenwassersensoren am Rathaus",
    ]
    body = stub.requests_to("POST", "/_search$")[0].body
    assert body["query"]["multi_match"]["type"] == "bool_prefix"
    assert body["query"]["multi_match"]["fields"] == [
        "suggest",
        "suggest._2gram",
        "suggest._3gram",
    ]


def test_similar_ideas_use_the_elasticsearch_query_in_elasticsearch_mode(
    elasticsearch_mode, make_idea
):
    from ideas.similar import similar_ideas

    existing = make_idea("Pegelsensoren für Hochwasserwarnung")
    elasticsearch_mode.respond(
        "POST", SEARCH_PATH, search_response([("mitwirken_portal_ideas", "idea", existing.pk, 1.0)])
    )
    assert similar_ideas("Pegelsensoren an der Wupper", "Sensoren messen den Pegel") == [existing]
    body = elasticsearch_mode.requests_to("POST", SEARCH_PATH)[0].body
    assert body["query"]["multi_match"]["operator"] == "or"
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"kind": ["idea"]}}]}}
    assert "aggs" not in body


# --- Index updates ----------------------------------------------------------------------------


def test_idea_changes_update_the_index_after_commit(
    elasticsearch_mode, make_idea, django_capture_on_commit_callbacks
):
    stub = elasticsearch_mode
    author = UserFactory(display_name="Roswitha Tannenhof")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        idea = make_idea("Sensoren an Brücken", author=author)
    assert stub.requests == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()

    saved = stub.requests_to("PUT", rf"^/mitwirken_portal_ideas/_doc/{idea.pk}$")
    assert saved
    document = saved[-1].body
    assert document["title"] == "Sensoren an Brücken"
    assert document["kind"] == "idea" and document["status"] == "published"
    assert document["topic"] == "sensorik" and document["district"] == "barmen"
    assert "Roswitha" not in json.dumps(document) and "author" not in document

    with django_capture_on_commit_callbacks(execute=True):
        idea_services.hide_idea(idea, by=None, reason="Test")
    assert stub.requests_to("DELETE", rf"^/mitwirken_portal_ideas/_doc/{idea.pk}$")


def test_threshold_status_change_reindexes_the_idea(
    elasticsearch_mode, make_idea, django_capture_on_commit_callbacks
):
    stub = elasticsearch_mode
    idea = make_idea("Sensoren an Brücken")
    with django_capture_on_commit_callbacks(execute=True):
        assert idea_services.reach_threshold(idea)
    saved = stub.requests_to("PUT", rf"^/mitwirken_portal_ideas/_doc/{idea.pk}$")
    assert saved[-1].body["status"] == "threshold_reached"


def test_publishing_and_unpublishing_a_pilot_updates_the_index(
    elasticsearch_mode, make_pilot, django_capture_on_commit_callbacks
):
    stub = elasticsearch_mode
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_pilot("Sensoren Entwurf", live=False)
    assert stub.requests_to("PUT", rf"/_doc/{draft.pk}$") == []

    with django_capture_on_commit_callbacks(execute=True):
        pilot = make_pilot("Sensoren Pilot", problem="<p>Zu viel <b>Suchverkehr</b></p>")
    document = stub.requests_to("PUT", rf"^/mitwirken_portal_pilots/_doc/{pilot.pk}$")[-1].body
    assert document["kind"] == "pilot" and document["status"] == "running"
    assert document["text"] == "Zu viel Suchverkehr"

    with django_capture_on_commit_callbacks(execute=True):
        pilot.unpublish()
    assert stub.requests_to("DELETE", rf"^/mitwirken_portal_pilots/_doc/{pilot.pk}$")


def test_database_mode_sends_nothing_to_elasticsearch(
    es_stub, settings, make_idea, make_pilot, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        make_idea("Sensoren an Brücken")
        make_pilot("Sensoren Pilot")
    service.search("Sensoren")
    assert es_stub.requests == []
