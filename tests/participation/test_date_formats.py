"""One date format per language: the idea page and the pilot page write dates alike.

Before, English idea pages said "29. October 2026" (a German pattern with English month
names) and pilot pages "Aug. 29, 2026" (Django's American default).
"""

import pytest
from django.utils import timezone, translation

from tests.factories import IdeaFactory
from tests.pilots.builders import days, make_pilot

pytestmark = pytest.mark.django_db

GERMAN_MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


def german(day):
    return f"{day.day}. {GERMAN_MONTHS[day.month - 1]} {day.year}"


def english(day):
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def html(client, url):
    with translation.override("de"):  # the request activates its language; restore afterwards
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def pilot(home):
    idea = IdeaFactory(title="Parkleitsystem für Elberfeld")
    return make_pilot(
        "Smarte Parkplatzsensoren",
        idea=idea,
        milestones=[("Sensoren eingebaut", -100, -95)],
    )


def test_english_idea_and_pilot_pages_write_dates_the_same_way(client, pilot):
    submitted = timezone.localdate(pilot.idea.created)
    planned, done = days(-100), days(-95)

    idea_page = html(client, "/en" + pilot.idea.get_absolute_url())
    pilot_page = html(client, "/en" + pilot.url)

    assert f"on {english(submitted)}" in idea_page
    assert english(done) in pilot_page
    assert english(planned) in pilot_page
    for page in (idea_page, pilot_page):
        assert ". " + ENGLISH_MONTHS[submitted.month - 1] not in page  # no "29. October"


def test_german_idea_and_pilot_pages_write_dates_the_same_way(client, pilot):
    submitted = timezone.localdate(pilot.idea.created)

    idea_page = html(client, pilot.idea.get_absolute_url())
    pilot_page = html(client, pilot.url)

    assert f"am {german(submitted)}" in idea_page
    assert german(days(-95)) in pilot_page
    assert german(days(-100)) in pilot_page
