"""The idea list pages only so deep (issue 14: page 500 no slower than 1.5x page 1): past the
limit a resident is asked to narrow the list, with links, and never gets an error."""

import re
from html import unescape

import pytest

from ideas import views
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages_deep(monkeypatch):
    """The limit at two pages of 20, and 45 ideas: a third page exists but is not paged to."""
    monkeypatch.setattr(views, "MAX_LIST_PAGES", 2)
    return [IdeaFactory(title=f"Trinkbrunnen {n:02d}") for n in range(45)]


def links(response, rel=None):
    html = response.content.decode()
    pattern = r'<a href="([^"]+)"' + (f' rel="{rel}"' if rel else "")
    return [unescape(href) for href in re.findall(pattern, html)]


def test_a_resident_paging_on_reaches_the_limit_and_is_told_how_to_find_more(
    client, two_pages_deep
):
    page = client.get("/ideen/", {"sortierung": "unterstuetzt"})
    seen = 1
    while next_links := links(page, rel="next"):
        page = client.get("/ideen/" + next_links[0])
        seen += 1

    assert seen == 2
    html = page.content.decode()
    assert "Das ist die letzte Seite, die sich blättern lässt (2 Seiten)" in html
    assert 'href="#id_q"' in html
    assert '<nav class="pagination" aria-label="Seiten">' in html
    assert links(page, rel="prev") == ["?sortierung=unterstuetzt"]


@pytest.mark.parametrize("seite", ["3", "500", "999999999999999999"])
def test_a_page_past_the_limit_answers_with_a_message_and_links_back(client, two_pages_deep, seite):
    response = client.get("/ideen/", {"seite": seite, "thema": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "So weit lässt sich nicht blättern" in html
    assert "Trinkbrunnen" not in html
    targets = links(response)
    assert "?seite=2" in targets and "/ideen/" in targets
    assert links(response, rel="prev") == ["?seite=2"]
    assert not links(response, rel="next")
    followed = client.get("/ideen/?seite=2")
    assert "Trinkbrunnen 05" in followed.content.decode()


def test_the_message_is_in_english_under_en(client, two_pages_deep):
    response = client.get("/en/ideen/", {"seite": "500"})

    html = response.content.decode()
    assert "The list does not go this far" in html
    assert "To page 2" in html


def test_a_short_list_past_its_end_still_shows_its_last_page(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_LIST_PAGES", 2)
    for n in range(25):
        IdeaFactory(title=f"Trinkbrunnen {n:02d}")

    response = client.get("/ideen/", {"seite": "500"})

    assert response.context["page"] == 2
    assert "Trinkbrunnen 00" in response.content.decode()
    assert "So weit" not in response.content.decode()


def test_the_deep_page_costs_no_more_queries_than_the_first(client, two_pages_deep):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/ideen/")  # the copies every page keeps are read once per process
    with CaptureQueriesContext(connection) as first:
        client.get("/ideen/")
    with CaptureQueriesContext(connection) as deep:
        response = client.get("/ideen/", {"seite": "500"})

    assert response.context["too_deep"] is True
    assert len(deep) <= len(first)
