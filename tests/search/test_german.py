"""German words in their inflected forms, on both databases, and the order of results.

These tests run on SQLite (the portal's backend stems with Snowball German, see
``search/backends/sqlite.py``) and on PostgreSQL (``SEARCH_CONFIG = "german"``) alike: CI runs
them on both.
"""

import pytest

from tests.search.test_views import result_titles

pytestmark = pytest.mark.django_db


def titles_for(client, query):
    return result_titles(client.get("/suche/", {"q": query}).content.decode())


def suggested(client, query):
    response = client.get("/suche/vorschlaege/", {"q": query})
    return [item["title"] for item in response.json()["suggestions"]]


@pytest.fixture
def inflected(make_idea):
    make_idea(
        "Sensoren an der Wupper",
        text="Fünf Sensoren messen den Pegel und warnen die Anwohner früh vor Hochwasser.",
    )
    make_idea("Mehr Parkplätze für Lastenräder", text="Am Rathaus fehlen Abstellplätze.")
    make_idea("Trinkbrunnen vor allen Schulen", text="Wasser für die Pausen auf den Höfen.")
    make_idea("Bänke im Park", text="Zum Ausruhen auf dem Weg zum Markt.")


def test_base_form_finds_the_inflected_forms(client, inflected):
    assert titles_for(client, "Sensor") == ["Sensoren an der Wupper"]
    assert titles_for(client, "Parkplatz") == ["Mehr Parkplätze für Lastenräder"]
    assert titles_for(client, "Schule") == ["Trinkbrunnen vor allen Schulen"]


def test_inflected_form_finds_the_base_form(client, make_idea):
    make_idea("Ein Sensor für jede Brücke", text="Er misst, wie stark die Brücke schwingt.")
    assert titles_for(client, "Sensoren") == ["Ein Sensor für jede Brücke"]
    assert titles_for(client, "Brücken") == ["Ein Sensor für jede Brücke"]


def test_every_word_of_the_query_is_stemmed(client, inflected):
    assert titles_for(client, "Sensor Anwohnern") == ["Sensoren an der Wupper"]


def test_excerpt_marks_the_inflected_form(client, inflected):
    html = client.get("/suche/", {"q": "Sensor"}).content.decode()
    assert "Fünf <mark>Sensoren</mark> messen den Pegel" in html

    html = client.get("/suche/", {"q": "Abstellplatz"}).content.decode()
    assert "Am Rathaus fehlen <mark>Abstellplätze</mark>." in html


def test_autocomplete_completes_the_word_being_typed(client, inflected):
    assert suggested(client, "Senso") == ["Sensoren an der Wupper"]
    assert suggested(client, "parkplä") == ["Mehr Parkplätze für Lastenräder"]
    assert suggested(client, "Trinkbrunnen vor al") == ["Trinkbrunnen vor allen Schulen"]
    assert suggested(client, "Wupperbrücke") == []


def test_ideas_that_are_over_come_after_open_ones(client, make_idea, make_pilot):
    # The ideas that are over match best (short titles, the word in the text too) ...
    make_idea("Sensoren", text="Sensoren am Bahnhof.", status="declined")
    make_idea("Sensoren zählen", text="Sensoren zählen Fahrräder.", status="expired")
    make_idea("Sensoren am Zoo", text="Sensoren am Zoo.", status="withdrawn")
    # ... the open ones less well.
    make_idea("Sensoren für freie Parkplätze in der ganzen Innenstadt und in allen Stadtteilen")
    make_idea("Mehr Sensoren an Ampeln und Kreuzungen im Tal", status="threshold_reached")
    make_idea("Sensoren an Brücken melden Schäden an Pfeilern und Geländern", status="implemented")
    make_pilot("Sensoren im Quartier, ein Pilotprojekt der Stadt mit der Universität")

    shown = titles_for(client, "Sensor")

    assert len(shown) == 7
    assert set(shown[:4]) == {
        "Sensoren für freie Parkplätze in der ganzen Innenstadt und in allen Stadtteilen",
        "Mehr Sensoren an Ampeln und Kreuzungen im Tal",
        "Sensoren an Brücken melden Schäden an Pfeilern und Geländern",
        "Sensoren im Quartier, ein Pilotprojekt der Stadt mit der Universität",
    }
    assert set(shown[4:]) == {"Sensoren", "Sensoren zählen", "Sensoren am Zoo"}

    suggestions = suggested(client, "Senso")
    assert set(suggestions[4:]) == {"Sensoren", "Sensoren zählen", "Sensoren am Zoo"}


def test_relevance_decides_among_open_ideas(client, make_idea):
    make_idea("Bessere Beleuchtung", text="Auch Sensoren könnten helfen.")
    make_idea("Sensoren an Laternen", text="Sensoren schalten das Licht, wenn jemand kommt.")

    assert titles_for(client, "Sensor") == ["Sensoren an Laternen", "Bessere Beleuchtung"]
