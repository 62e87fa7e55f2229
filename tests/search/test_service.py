"""The search service's building blocks: snippets, query clean-up, duplicate hints, queries."""

import pytest

from ideas.similar import similar_ideas
from search import service
from search.results import SearchFilters
from search.snippets import excerpt, match_pattern, snippet


def test_snippet_escapes_every_piece_before_marking():
    html = snippet('<b onclick="x">Sensoren</b> & Brücken', "sensor")
    assert html == "&lt;b onclick=&quot;x&quot;&gt;<mark>Sensoren</mark>&lt;/b&gt; &amp; Brücken"


def test_snippet_marks_inflected_forms_of_a_word():
    assert snippet("Weiße Flecken und ein Fleck", "Flecken") == (
        "Weiße <mark>Flecken</mark> und ein <mark>Fleck</mark>"
    )


def test_query_words_cannot_inject_markup_into_the_pattern():
    assert snippet("a+b (c) [d]", "(c) a+b") == "<mark>a</mark>+<mark>b</mark> (<mark>c</mark>) [d]"


def test_long_text_is_cut_around_the_first_match():
    text = (
        " ".join(["Vorwort"] * 60)
        + " Hier stehen Pegelsensoren an der Brücke. "
        + " ".join(["Nachwort"] * 60)
    )
    cut = excerpt(text, match_pattern(["pegelsensoren"]), length=120)
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "Pegelsensoren" in cut
    assert len(cut) <= 124


def test_normalized_query_keeps_only_words():
    assert service.normalize_query('"Sensor*" OR -Brücke (x:y)') == "Sensor OR Brücke x y"
    assert service.normalize_query("   ") == ""


@pytest.mark.django_db
def test_similar_ideas_are_public_ideas_sharing_words(make_idea):
    existing = make_idea("Pegelsensoren für Hochwasserwarnung")
    make_idea("Pegelsensoren versteckt", hidden=True)
    make_idea("Pegelsensoren eingereicht", status="submitted")
    make_idea("Bänke im Park")

    found = similar_ideas("Pegelsensoren an der Wupper", "Messen den Pegel der Wupper.")
    assert found == [existing]
    assert found[0].topic.name == "Sensorik"  # loaded with topic and district
    assert similar_ideas("Pegelsensoren an der Wupper", "", exclude_pk=existing.pk) == []
    assert similar_ideas("und der die", "") == []


@pytest.mark.django_db
def test_similar_ideas_are_limited_and_ranked(make_idea):
    for number in range(7):
        make_idea(f"Hochwasserwarnung Nummer {number}")
    assert len(similar_ideas("Hochwasserwarnung", "", limit=5)) == 5


@pytest.mark.django_db
def test_facet_counts_take_a_fixed_number_of_queries(
    make_idea, django_assert_max_num_queries, settings
):
    settings.SEARCH_CACHE_SECONDS = 0  # the backend's queries, not the cache's (the test below)
    for number in range(30):
        make_idea(f"Fahrradbügel {number}", district="barmen" if number % 3 else "elberfeld")
    with django_assert_max_num_queries(10):
        page = service.search("Fahrradbügel")
    assert page.total == 30
    with django_assert_max_num_queries(10):
        narrowed = service.search("Fahrradbügel", SearchFilters(districts=("elberfeld",)), page=1)
    assert narrowed.total == 10
