"""Database mode on PostgreSQL: the German configuration (``SEARCH_CONFIG = "german"``), facet
counts computed by the database, and what must never be found.

Run with ``DATABASE_URL=postgres://…``; on SQLite these tests are skipped. German inflections
are tested on both databases in ``test_german.py``.
"""

import pytest
from django.conf import settings
from django.db.models import Count

from ideas.models import Idea
from pilots.models import PilotPage
from search import service
from search.results import SearchFilters
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL"),
    pytest.mark.django_db,
]


def titles(result_page):
    return {result.title for result in result_page.results}


def facet_counts(result_page, param):
    facet = next(f for f in result_page.facets if f.param == param)
    return {value.value: value.count for value in facet.values}


def test_search_backend_uses_the_german_configuration():
    from wagtail.search.backends import get_search_backend

    assert get_search_backend().config == "german"


def test_facet_counts_equal_the_database_counts(
    make_idea, make_pilot, make_content_page, university
):
    statuses = ["published", "published", "declined", "threshold_reached", "implemented"]
    for number, status in enumerate(statuses):
        make_idea(
            f"Ladestation Nummer {number}",
            topic="sensorik" if number % 2 else "mobilitaet",
            district="barmen" if number < 3 else "elberfeld",
            status=status,
        )
    make_idea("Ladestation versteckt", hidden=True)
    make_idea("Ladestation eingereicht", status="submitted")
    make_pilot("Ladestationen im Quartier", status=PilotPage.Status.RUNNING)
    make_pilot("Ladestationen am Bahnhof", district="elberfeld", status=PilotPage.Status.PLANNED)
    make_pilot("Ladestationen Entwurf", live=False)
    make_content_page("Laden in der Stadt", "Wo es Ladestationen gibt.")

    page = service.search("Ladestation")

    ideas = Idea.objects.public().filter(title__startswith="Ladestation")
    pilots = PilotPage.objects.live().filter(title__startswith="Ladestation")
    assert page.total == ideas.count() + pilots.count() + 1
    assert facet_counts(page, "typ") == {"idea": ideas.count(), "pilot": pilots.count(), "page": 1}

    expected_topics = {}
    for queryset in (ideas, pilots):
        for row in queryset.values("topic__slug").annotate(n=Count("pk")):
            expected_topics[row["topic__slug"]] = (
                expected_topics.get(row["topic__slug"], 0) + row["n"]
            )
    assert facet_counts(page, "thema") == expected_topics

    expected_districts = {}
    for queryset in (ideas, pilots):
        for row in queryset.values("district__slug").annotate(n=Count("pk")):
            slug = row["district__slug"]
            expected_districts[slug] = expected_districts.get(slug, 0) + row["n"]
    assert facet_counts(page, "bezirk") == expected_districts

    expected_statuses = {
        row["status"]: row["n"] for row in ideas.values("status").annotate(n=Count("pk"))
    }
    expected_statuses.update(
        {
            row["pilot_status"]: row["n"]
            for row in pilots.values("pilot_status").annotate(n=Count("pk"))
        }
    )
    assert facet_counts(page, "status") == expected_statuses

    # Narrowed by district: topics are counted within Barmen, districts across all.
    narrowed = service.search("Ladestation", SearchFilters(districts=("barmen",)))
    in_barmen = {}
    for queryset in (ideas, pilots):
        for row in (
            queryset.filter(district__slug="barmen").values("topic__slug").annotate(n=Count("pk"))
        ):
            in_barmen[row["topic__slug"]] = in_barmen.get(row["topic__slug"], 0) + row["n"]
    assert facet_counts(narrowed, "thema") == in_barmen
    assert facet_counts(narrowed, "bezirk") == expected_districts
    assert narrowed.total == sum(in_barmen.values())


def test_hidden_idea_and_draft_pilot_never_appear(client, make_idea, make_pilot):
    make_idea("Luftqualitätssensoren öffentlich")
    make_idea("Luftqualitätssensoren versteckt", hidden=True)
    make_idea("Luftqualitätssensoren eingereicht", status="submitted")
    make_pilot("Luftqualitätssensoren Entwurf", live=False)
    live = make_pilot("Luftqualitätssensoren Pilot")
    live.unpublish()

    page = service.search("Luftqualitätssensor")
    assert titles(page) == {"Luftqualitätssensoren öffentlich"}
    assert page.total == 1
    assert sum(facet_counts(page, "typ").values()) == 1
    suggestions = client.get("/suche/vorschlaege/", {"q": "Luftqual"}).json()["suggestions"]
    assert [item["title"] for item in suggestions] == ["Luftqualitätssensoren öffentlich"]


def test_account_deleted_by_its_owner_no_longer_appears_by_name(client, make_idea):
    from participation.accounts.services import delete_account

    author = UserFactory(display_name="Walburga Eichenkamp")
    make_idea("Obstbäume an der Trasse", author=author)

    delete_account(author)

    for query in ("Walburga", "Eichenkamp", "Walburga Eichenkamp"):
        assert service.search(query).total == 0
        assert client.get("/suche/vorschlaege/", {"q": query}).json() == {"suggestions": []}
    html = client.get("/suche/", {"q": "Obstbäume"}).content.decode()
    assert "Obstbäume an der Trasse" in html
    assert "Walburga" not in html and "Eichenkamp" not in html
