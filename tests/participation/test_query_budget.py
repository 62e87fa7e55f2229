"""Every public page a visitor meets costs a bounded number of queries once the process has
its kept copies (issue 14: at most 12, the same at 1k and 100k ideas; the benchmark measures
the time, this test guards the count so a change that adds an N+1 or a per-page lookup fails).

The support POST is held to the same budget; the benchmark compares its time with a bare
INSERT and ``F()`` UPDATE."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.models import Idea
from pilots.models import PilotPage
from research.models import ResearchGroupPage

BUDGET = 12


def queries_of(client, url):
    client.get(url)
    client.get(url)  # the first views keep the copies (and may create the rules' row)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    # Without Redis the cache is a table: its reads and writes (image renditions, limits) are
    # the cache's cost, not the page's, and go to Redis in production; so does the session
    # (``cached_db``: Redis in front of the table).
    return len([q for q in queries.captured_queries if not is_cache_query(q["sql"])])


def is_cache_query(sql):
    return (
        "mitwirken_cache" in sql
        or '"django_session"' in sql
        or sql.split(" ", 1)[0]
        in {
            "BEGIN",
            "COMMIT",
            "ROLLBACK",
            "SAVEPOINT",
            "RELEASE",
        }
    )


def public_pages():
    idea = Idea.objects.public().order_by("-comment_count", "pk").first()
    pilot = PilotPage.objects.live().filter(locale__language_code="de").order_by("pk").first()
    group = (
        ResearchGroupPage.objects.live().filter(locale__language_code="de").order_by("pk").first()
    )
    return {
        "home": ("/", BUDGET),
        "home (English)": ("/en/", BUDGET),
        "idea list": ("/ideen/", BUDGET),
        "idea list, most supported": ("/ideen/?sortierung=unterstuetzt", BUDGET),
        "idea page": (idea.get_absolute_url(), BUDGET),
        "pilot index": ("/piloten/", BUDGET),
        "pilot page": (pilot.url, BUDGET),
        "university": ("/universitaet/", BUDGET),
        "research group": (group.url, BUDGET),
        "search": ("/suche/?q=Sensor", BUDGET),
        "imprint": ("/impressum/", BUDGET),
    }


@pytest.mark.django_db
def test_anonymous_pages_stay_within_their_query_budget(client, demo_content):
    over = {}
    for name, (url, budget) in public_pages().items():
        count = queries_of(client, url)
        if count > budget:
            over[name] = (url, count, budget)

    assert over == {}, over


@pytest.mark.django_db
def test_a_residents_idea_page_stays_within_the_budget(client, demo_content, django_user_model):
    client.force_login(django_user_model.objects.get(email="bewohnerin@example.org"))
    idea = Idea.objects.public().order_by("-comment_count", "pk").first()

    assert queries_of(client, idea.get_absolute_url()) <= BUDGET


@pytest.mark.django_db
def test_a_support_stays_within_the_budget_and_counts(client, demo_content, django_user_model):
    resident = django_user_model.objects.get(email="bewohnerin@example.org")
    client.force_login(resident)
    client.get("/")
    idea = (
        Idea.objects.filter(status=Idea.Status.PUBLISHED, hidden=False)
        .exclude(author=resident)
        .exclude(supports__user=resident)
        .order_by("support_count", "pk")
        .first()
    )
    before = idea.support_count

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("ideas:support", args=[idea.pk]))

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == before + 1
    assert idea.follows.filter(user=resident).exists() == resident.follow_supported
    assert len([q for q in queries.captured_queries if not is_cache_query(q["sql"])]) <= BUDGET
