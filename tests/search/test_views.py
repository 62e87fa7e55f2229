"""The search page and the autocomplete endpoint (any database: SQLite or PostgreSQL).

German inflections ("Sensor" finds "Sensoren") are tested in ``test_german.py``.
"""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def result_titles(html):
    return re.findall(r'<h3 class="search-result__title"><a href="[^"]*">([^<]*)</a>', html)


def facet_checkbox(html, param, value):
    """The checkbox of one facet value and its label text, or None."""
    match = re.search(
        rf'<input type="checkbox" name="{param}" value="{re.escape(value)}"[^>]*>\s*'
        r"<span>([^<]*)<span class=\"facet__count\">\((\d+)\)</span>",
        html,
    )
    return (match.group(1).strip(), int(match.group(2))) if match else None


@pytest.fixture
def mixed(make_idea, make_pilot, make_content_page, university):
    return {
        "barmen_sensor": make_idea(
            "Parkplatzsensoren in Barmen", topic="sensorik", district="barmen"
        ),
        "elberfeld_sensor": make_idea(
            "Parkplatzsensoren am Wall", topic="sensorik", district="elberfeld"
        ),
        "barmen_mobility": make_idea(
            "Parkplatzsensoren für Lastenräder", topic="mobilitaet", district="barmen"
        ),
        "declined": make_idea(
            "Parkplatzsensoren im Zoo", topic="mobilitaet", district="elberfeld", status="declined"
        ),
        "pilot": make_pilot(
            "Parkplatzsensoren Pilot", summary_easy="Parkplatzsensoren zeigen freie Plätze."
        ),
        "page": make_content_page("Parken in der Stadt", "Alles über Parkplatzsensoren."),
    }


def test_empty_query_shows_a_short_help(client):
    response = client.get("/suche/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "So finden Sie, was Sie suchen" in html
    assert 'role="search"' in html
    assert "search-result" not in html


def test_results_show_type_status_and_snippet_with_marked_match(client, mixed):
    response = client.get("/suche/", {"q": "Parkplatzsensoren"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "6 Treffer für „Parkplatzsensoren“" in html
    assert set(result_titles(html)) == {
        "Parkplatzsensoren in Barmen",
        "Parkplatzsensoren am Wall",
        "Parkplatzsensoren für Lastenräder",
        "Parkplatzsensoren im Zoo",
        "Parkplatzsensoren Pilot",
        "Parken in der Stadt",
    }
    idea = mixed["barmen_sensor"]
    item = html[html.index(f'href="{idea.get_absolute_url()}"') :].split("</li>", 1)[0]
    assert '<span class="tag">Idee</span>' in item
    assert "Sammelt Unterstützung" in item
    assert "Sensorik" in item and "Barmen" in item
    pilot_item = html[html.index("Parkplatzsensoren Pilot") :].split("</li>", 1)[0]
    assert '<span class="tag">Pilotprojekt</span>' in pilot_item
    assert "<mark>Parkplatzsensoren</mark> zeigen freie Plätze." in pilot_item
    page_item = html[html.index("Parken in der Stadt") :].split("</li>", 1)[0]
    assert '<span class="tag">Seite</span>' in page_item
    assert "Alles über <mark>Parkplatzsensoren</mark>." in page_item


def test_university_pages_are_found_as_university(client, university):
    html = client.get("/suche/", {"q": "Sensoren"}).content.decode()
    assert set(result_titles(html)) == {
        "Lehrstuhl für Verkehrsplanung",
        "Aufruf: Daten für die Wupper",
    }
    assert html.count('<span class="tag">Universität</span>') == 2


def test_facets_count_each_value_with_the_other_facets_applied(client, mixed):
    html = client.get("/suche/", {"q": "Parkplatzsensoren"}).content.decode()
    assert facet_checkbox(html, "typ", "idea") == ("Ideen", 4)
    assert facet_checkbox(html, "typ", "pilot") == ("Pilotprojekte", 1)
    assert facet_checkbox(html, "typ", "page") == ("Seiten", 1)
    assert facet_checkbox(html, "thema", "sensorik") == ("Sensorik", 3)  # 2 ideas + pilot
    assert facet_checkbox(html, "thema", "mobilitaet") == ("Mobilität", 2)
    assert facet_checkbox(html, "bezirk", "barmen") == ("Barmen", 3)
    assert facet_checkbox(html, "status", "published") == ("Sammelt Unterstützung", 3)
    assert facet_checkbox(html, "status", "declined") == ("Abgelehnt", 1)
    assert facet_checkbox(html, "status", "running") == ("Läuft (Pilotprojekt)", 1)

    narrowed = client.get(
        "/suche/", {"q": "Parkplatzsensoren", "thema": "sensorik", "bezirk": "barmen"}
    ).content.decode()
    assert set(result_titles(narrowed)) == {
        "Parkplatzsensoren in Barmen",
        "Parkplatzsensoren Pilot",
    }
    assert "2 Treffer" in narrowed
    # Each facet is counted with the others applied: other topics within Barmen,
    # other districts within Sensorik.
    assert facet_checkbox(narrowed, "thema", "mobilitaet") == ("Mobilität", 1)
    assert facet_checkbox(narrowed, "thema", "sensorik") == ("Sensorik", 2)
    assert facet_checkbox(narrowed, "bezirk", "elberfeld") == ("Elberfeld", 1)
    assert facet_checkbox(narrowed, "typ", "idea") == ("Ideen", 1)
    assert facet_checkbox(narrowed, "typ", "page") is None  # pages have no topic
    assert 'name="thema" value="sensorik" form="search-form" checked' in narrowed
    assert 'name="bezirk" value="barmen" form="search-form" checked' in narrowed


def test_values_of_one_facet_are_alternatives(client, mixed):
    html = client.get(
        "/suche/", {"q": "Parkplatzsensoren", "typ": ["idea", "pilot"], "bezirk": "barmen"}
    ).content.decode()
    assert set(result_titles(html)) == {
        "Parkplatzsensoren in Barmen",
        "Parkplatzsensoren für Lastenräder",
        "Parkplatzsensoren Pilot",
    }


def test_status_filter_applies_to_ideas_and_pilots(client, mixed):
    html = client.get(
        "/suche/", {"q": "Parkplatzsensoren", "status": ["declined", "running"]}
    ).content.decode()
    assert set(result_titles(html)) == {"Parkplatzsensoren im Zoo", "Parkplatzsensoren Pilot"}


def test_unknown_filter_values_are_ignored(client, mixed):
    html = client.get(
        "/suche/", {"q": "Parkplatzsensoren", "thema": "gibt-es-nicht", "typ": "<b>"}
    ).content.decode()
    assert len(result_titles(html)) == 6


def test_query_without_results_says_so_and_suggests_ideas_and_proposing(client, mixed):
    html = client.get("/suche/", {"q": "Seilbahn"}).content.decode()
    assert "0 Treffer für „Seilbahn“" in html
    assert "Dazu haben wir nichts gefunden" in html
    assert 'href="/ideen/"' in html
    assert 'href="/ideen/neu/"' in html


def test_filtered_search_without_results_offers_to_reset_filters(client, mixed):
    html = client.get(
        "/suche/", {"q": "Parkplatzsensoren", "typ": "page", "status": "declined"}
    ).content.decode()
    assert "Mit diesen Filtern haben wir nichts gefunden" in html
    assert 'href="/suche/?q=Parkplatzsensoren">Filter zurücksetzen' in html
    # Selected values stay visible (count 0) so they can be unticked.
    assert facet_checkbox(html, "status", "declined") == ("Abgelehnt", 0)


def test_words_found_separately_widen_the_search(client, mixed):
    html = client.get("/suche/", {"q": "Lastenräder Seilbahn"}).content.decode()
    assert result_titles(html) == ["Parkplatzsensoren für Lastenräder"]
    assert "Kein Treffer enthält alle Wörter" in html


def test_pages_of_twenty_results(client, make_idea):
    for number in range(45):
        make_idea(f"Trinkbrunnen Nummer {number}")

    first = client.get("/suche/", {"q": "Trinkbrunnen", "thema": "sensorik"}).content.decode()
    assert len(result_titles(first)) == 20
    assert "Seite 1 von 3" in first
    assert 'href="/suche/?q=Trinkbrunnen&amp;thema=sensorik&amp;seite=2" rel="next"' in first
    assert 'rel="prev"' not in first

    third = client.get(
        "/suche/", {"q": "Trinkbrunnen", "thema": "sensorik", "seite": "3"}
    ).content.decode()
    assert len(result_titles(third)) == 5
    assert '<ol class="search-results__list" start="41">' in third
    assert 'href="/suche/?q=Trinkbrunnen&amp;thema=sensorik&amp;seite=2" rel="prev"' in third
    assert 'rel="next"' not in third

    seen = set(result_titles(first)) | set(result_titles(third))
    second = client.get("/suche/", {"q": "Trinkbrunnen", "seite": "2"}).content.decode()
    seen |= set(result_titles(second))
    assert len(seen) == 45  # no result twice, none lost

    beyond = client.get("/suche/", {"q": "Trinkbrunnen", "seite": "99"}).content.decode()
    assert "Seite 3 von 3" in beyond


def test_hidden_submitted_and_draft_content_never_appears(
    client, make_idea, make_pilot, make_content_page
):
    make_idea("Wasserstandsmelder öffentlich")
    make_idea("Wasserstandsmelder ausgeblendet", hidden=True)
    make_idea("Wasserstandsmelder eingereicht", status="submitted")
    make_pilot("Wasserstandsmelder Entwurf", live=False)
    make_content_page("Wasserstandsmelder Seite", "Entwurf", live=False)

    html = client.get("/suche/", {"q": "Wasserstandsmelder"}).content.decode()
    assert result_titles(html) == ["Wasserstandsmelder öffentlich"]
    assert "ausgeblendet" not in html and "eingereicht" not in html and "Entwurf" not in html
    assert "1 Treffer" in html


def test_snippet_escapes_markup_from_idea_text(client, make_idea):
    make_idea(
        "Sichere Schulwege",
        text='Ampeln <script>alert("x")</script> an jeder Schulwegkreuzung & mehr Zebrastreifen.',
    )
    html = client.get("/suche/", {"q": "Schulwegkreuzung"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>Schulwegkreuzung</mark> &amp; mehr" in html


def test_query_is_escaped_and_operators_are_plain_words(client, make_idea):
    make_idea("Bänke am Laurentiusplatz")
    html = client.get("/suche/", {"q": '"><script>x</script> OR Laurentiusplatz*'}).content.decode()
    assert "<script>x</script>" not in html
    assert "Bänke am Laurentiusplatz" in html


def test_autocomplete_returns_titles_of_public_ideas_and_pilots_only(client, make_idea, make_pilot):
    make_idea("Regenwassertonnen für Gärten")
    make_idea("Regenwasserspeicher unter Plätzen", hidden=True)
    make_idea("Regenwasserkarte", status="submitted")
    make_pilot("Regenwassersensoren am Rathaus")
    make_pilot("Regenwasserzisterne Entwurf", live=False)

    response = client.get("/suche/vorschlaege/", {"q": "Regenwass"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    titles = {item["title"] for item in response.json()["suggestions"]}
    assert titles == {"Regenwassertonnen für Gärten", "Regenwassersensoren am Rathaus"}
    kinds = {item["title"]: item["kind"] for item in response.json()["suggestions"]}
    assert kinds["Regenwassersensoren am Rathaus"] == "Pilotprojekt"

    assert client.get("/suche/vorschlaege/", {"q": "R"}).json() == {"suggestions": []}


def test_search_box_is_enhanced_by_a_static_script_only(client):
    html = client.get("/suche/").content.decode()
    assert 'data-suggest-url="/suche/vorschlaege/"' in html
    assert '<script src="/static/search/autocomplete.js" defer></script>' in html
    assert "<script>" not in html
    assert " style=" not in html


def test_english_search_page(client, make_idea):
    idea = make_idea("Parkplatzsensoren in Barmen")
    response = client.get("/en/suche/", {"q": "Parkplatzsensoren", "bezirk": "barmen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert "1 result for “Parkplatzsensoren”" in html
    assert "Apply filters" in html and "<legend>District</legend>" in html
    assert '<span class="tag">Idea</span>' in html
    assert f'href="/en/ideen/{idea.pk}/parkplatzsensoren-in-barmen/"' in html
    assert 'data-suggest-url="/en/suche/vorschlaege/"' in html
    assert "How to find what you are looking for" in client.get("/en/suche/").content.decode()


def test_account_deleted_by_its_owner_is_not_found_by_name(client, make_idea):
    from participation.accounts.services import delete_account

    author = UserFactory(display_name="Hildegard Quellenbach")
    idea = make_idea("Sitzbänke an der Nordbahntrasse", author=author)
    assert result_titles(client.get("/suche/", {"q": "Quellenbach"}).content.decode()) == []

    delete_account(author)

    html = client.get("/suche/", {"q": "Hildegard Quellenbach"}).content.decode()
    assert result_titles(html) == []
    assert "0 Treffer für „Hildegard Quellenbach“" in html
    found = client.get("/suche/", {"q": "Nordbahntrasse"}).content.decode()
    assert result_titles(found) == [idea.title]  # the contribution itself stays findable
    assert "Hildegard" not in found


def test_pages_in_a_private_section_are_not_found(client, make_content_page):
    from wagtail.models import PageViewRestriction

    make_content_page("Öffentliche Hinweise zum Baumkataster", "Baumkataster für alle")
    private = make_content_page("Interne Hinweise zum Baumkataster", "Baumkataster intern")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = client.get("/suche/", {"q": "Baumkataster"}).content.decode()
    assert result_titles(html) == ["Öffentliche Hinweise zum Baumkataster"]


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    ["/suche/?q=Parkplatz", "/suche/?q=Parkplatz&thema=sensorik&bezirk=barmen&status=published"],
)
def test_search_query_count_does_not_grow_with_ideas_topics_and_districts(
    client, url, make_idea, make_pilot, university
):
    from tests.factories import DistrictFactory, IdeaFactory, TopicFactory

    make_idea("Parkplätze vor der Schule")
    make_pilot("Parkplatzsensoren im Pilot")
    client.get(url)  # warm the kept copies (site, rules, footer, search vocabulary)
    client.get(url)
    few = _count_queries(client, url)
    for number in range(12):
        IdeaFactory.create_batch(
            4,
            title=f"Parkplatz Nummer {number}",
            topic=TopicFactory(),
            district=DistrictFactory(),
        )
    make_idea("Parkplätze am Bahnhof", district="elberfeld", status="declined")
    client.get(url)  # new topics and districts: the vocabulary is read once more
    many = _count_queries(client, url)
    # A first page of ideas only loads no pilots or pages: fewer queries, never more.
    assert many <= few <= 12


# --- Kept matches: a newspaper's readers searching the same words ------------------------------


def test_a_repeated_search_does_not_search_again_and_changes_show_at_once(
    client, make_idea, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ideas import services

    settings.SEARCH_CACHE_SECONDS = 60
    first = make_idea("Fahrradbügel am Bahnhof")
    make_idea("Fahrradbügel am Rathaus")
    assert len(result_titles(client.get("/suche/?q=Fahrradbügel").content.decode())) == 2

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/suche/?q=Fahrradbügel").content.decode()

    assert result_titles(again) == result_titles(
        client.get("/suche/?q=Fahrradbügel").content.decode()
    )
    assert len(result_titles(again)) == 2
    assert not [q for q in queries.captured_queries if "wagtailsearch_indexentry" in q["sql"]]

    make_idea("Fahrradbügel an der Schwebebahn")
    assert "Fahrradbügel an der Schwebebahn" in result_titles(
        client.get("/suche/?q=Fahrradbügel").content.decode()
    )
    services.hide_idea(first, by=None, reason="Test")
    assert "Fahrradbügel am Bahnhof" not in result_titles(
        client.get("/suche/?q=Fahrradbügel").content.decode()
    )
