"""The university pages in a real browser: accessible, nothing from other hosts, and a call's
"submit an idea" button leads into the propose form with the call chosen."""

import pytest
from playwright.sync_api import expect

from cms.university import CallForUseCasesPage, ResearchGroupPage
from tests.browser.axe import assert_no_serious_axe_violations


@pytest.fixture
def university(request, transactional_db):
    """The demo site plus the university demo (a no-op once load_demo_content includes it)."""
    from django.contrib.contenttypes.models import ContentType

    from cms import demo_university

    # The transactional flush gives content types new ids; a cache filled before would make
    # Wagtail take the root's "home" page for another model.
    ContentType.objects.clear_cache()
    request.getfixturevalue("demo_content")
    demo_university.load()


def test_research_group_and_call_pages_are_accessible(
    page, university, external_requests, console_errors
):
    group = ResearchGroupPage.objects.get(slug="sensornetze-und-iot")
    call = CallForUseCasesPage.objects.get(slug="aufruf-sensordaten-fuer-die-stadt")

    page.goto(group.url)
    expect(page.locator("h1")).to_have_text("Sensornetze und IoT")
    expect(page.get_by_role("heading", name="Mitglieder")).to_be_visible()
    expect(page.get_by_role("link", name="Wasserstandssensoren an der Wupper")).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.goto(call.url)
    expect(page.get_by_role("link", name="Idee zu diesem Aufruf einreichen")).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.goto("/universitaet/")
    assert_no_serious_axe_violations(page)
    assert external_requests == []
    assert console_errors == []


def test_resident_submits_an_idea_into_a_call_from_the_call_page(page, university, login):
    call = CallForUseCasesPage.objects.get(slug="aufruf-sensordaten-fuer-die-stadt")
    login(page, "bewohnerin@example.org", next_url=call.url)

    page.get_by_role("link", name="Idee zu diesem Aufruf einreichen").click()

    expect(page.locator("#call-notice")).to_contain_text(call.title)
    assert page.locator("input[name='call']").input_value() == str(call.pk)
    assert_no_serious_axe_violations(page)
