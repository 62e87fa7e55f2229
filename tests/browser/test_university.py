"""The university pages in a real browser: accessible, nothing from other hosts, and a call's
"submit an idea" button leads into the propose form with the call chosen."""

from playwright.sync_api import expect

from ideas.models import CallForUseCasesPage
from research.models import ResearchGroupPage
from tests.browser.axe import assert_no_serious_axe_violations


def test_research_group_and_call_pages_are_accessible(
    page, demo_content, external_requests, console_errors
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


def test_resident_submits_an_idea_into_a_call_from_the_call_page(page, demo_content, login):
    call = CallForUseCasesPage.objects.get(slug="aufruf-sensordaten-fuer-die-stadt")
    login(page, "bewohnerin@example.org", next_url=call.url)

    page.get_by_role("link", name="Idee zu diesem Aufruf einreichen").click()

    expect(page.locator("#call-notice")).to_contain_text(call.title)
    assert page.locator("input[name='call']").input_value() == str(call.pk)
    assert_no_serious_axe_violations(page)
