"""Page numbers from the address never break a list (issue 12, finding 3a).

``?seite=999999999999999999`` overflowed the database's OFFSET (bigint out of range on
PostgreSQL, OverflowError on SQLite): 500. Every paginated list now answers 200: a number past
the end shows the last page, one that is no number shows the first.
"""

import pytest

from tests.factories import IdeaFactory
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db

BEYOND = ["999999999999999999", "99999999999999999999999999", "10001", "500"]
NO_NUMBER = ["abc", "", "-3", "0", "1e3", "9" * 5000, "1.5", "\u0660x"]


def make_ideas(count):
    return [IdeaFactory(title=f"Trinkbrunnen {n:02d}") for n in range(count)]


@pytest.mark.parametrize("seite", BEYOND)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_idea_list_past_the_end_shows_the_last_page(client, seite, prefix):
    make_ideas(25)  # 20 a page: the last page is 2, with the 5 oldest

    response = client.get(f"{prefix}/ideen/", {"seite": seite})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trinkbrunnen 00" in html
    assert "Trinkbrunnen 24" not in html
    assert response.context["page"] == 2
    assert response.context["previous_url"]
    assert not response.context["next_url"]


@pytest.mark.parametrize("seite", NO_NUMBER)
def test_idea_list_with_no_page_number_shows_the_first_page(client, seite):
    make_ideas(25)

    response = client.get("/ideen/", {"seite": seite})

    assert response.status_code == 200
    assert "Trinkbrunnen 24" in response.content.decode()
    assert response.context["page"] == 1


def test_empty_idea_list_past_the_end_shows_the_empty_first_page(client):
    response = client.get("/ideen/", {"seite": "999999999999999999"})

    assert response.status_code == 200
    assert response.context["page"] == 1


@pytest.mark.parametrize("seite", BEYOND)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pilot_list_past_the_end_shows_the_last_page(client, home, seite, prefix):
    make_pilot("Smarte Parkplatzsensoren")

    response = client.get(f"{prefix}/piloten/", {"seite": seite})

    assert response.status_code == 200
    assert "Smarte Parkplatzsensoren" in response.content.decode()
    assert response.context["page_number"] == 1


@pytest.mark.parametrize("seite", NO_NUMBER)
def test_pilot_list_with_no_page_number_shows_the_first_page(client, home, seite):
    make_pilot("Smarte Parkplatzsensoren")

    response = client.get("/piloten/", {"seite": seite})

    assert response.status_code == 200
    assert "Smarte Parkplatzsensoren" in response.content.decode()


@pytest.mark.parametrize("seite", BEYOND + NO_NUMBER)
def test_search_with_any_page_number_answers(client, seite):
    make_ideas(3)

    response = client.get("/suche/", {"q": "Trinkbrunnen", "seite": seite})

    assert response.status_code == 200
