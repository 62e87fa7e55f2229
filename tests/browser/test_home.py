"""The home page in a real browser: language, keyboard, accessibility, no other hosts."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations


@pytest.mark.parametrize(
    ("path", "lang", "other_language"),
    [("/", "de", "English"), ("/en/", "en", "Deutsch")],
    ids=["german", "english"],
)
def test_home_page_is_accessible_by_keyboard_and_loads_nothing_from_other_hosts(
    page, demo_content, external_requests, console_errors, path, lang, other_language
):
    response = page.goto(path)

    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).not_to_be_empty()
    expect(page.get_by_role("link", name=other_language)).to_be_visible()

    # The first Tab reaches the skip link; Enter moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('#')[0]}#main")
    expect(page.locator("main#main")).to_be_focused()

    assert_no_serious_axe_violations(page)
    assert external_requests == []
    assert console_errors == []


def test_german_home_page_greets_in_german(page, demo_content):
    page.goto("/")

    expect(page.locator(".skip-link")).to_have_text("Zum Inhalt springen")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_contain_text("Ideen")
    expect(page.locator("h1")).not_to_contain_text("Welcome")
