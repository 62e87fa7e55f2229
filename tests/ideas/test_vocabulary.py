"""Topics and districts in the page's language: the English name on /en/, else the German one."""

import pytest
from django.utils import translation

from tests.factories import DistrictFactory, IdeaFactory, TopicFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    with translation.override("de"):  # the request activates its language; restore afterwards
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def idea():
    return IdeaFactory(
        topic=TopicFactory(name="Umwelt & Klima", name_en="Environment & climate", slug="umwelt"),
        district=DistrictFactory(name="Elberfeld", slug="elberfeld"),
    )


def test_english_idea_page_and_list_name_the_topic_in_english(client, idea):
    detail = page(client, "/en" + idea.get_absolute_url())
    listing = page(client, "/en/ideen/")

    assert "Environment &amp; climate" in detail
    assert "Umwelt &amp; Klima" not in detail
    # The card and the filter's option both say it in English.
    assert listing.count("Environment &amp; climate") >= 2
    assert '<option value="umwelt">Environment &amp; climate</option>' in listing
    assert "Umwelt &amp; Klima" not in listing


def test_german_pages_keep_the_german_name(client, idea):
    detail = page(client, idea.get_absolute_url())

    assert "Umwelt &amp; Klima" in detail
    assert "Environment" not in detail


def test_without_an_english_name_the_english_page_shows_the_german_one(client, idea):
    detail = page(client, "/en" + idea.get_absolute_url())

    assert "Elberfeld" in detail  # the district has no English name


def test_display_name_follows_the_active_language(idea):
    topic = idea.topic
    with translation.override("en"):
        assert (topic.display_name, str(topic)) == ("Environment & climate",) * 2
    with translation.override("de"):
        assert (topic.display_name, str(topic)) == ("Umwelt & Klima",) * 2
    topic.description, topic.description_en = "Hitze und Starkregen.", ""
    with translation.override("en"):
        assert topic.display_description == "Hitze und Starkregen."
