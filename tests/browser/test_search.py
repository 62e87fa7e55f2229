"""The search page in a real browser, with JavaScript switched off: the form, the facet
checkboxes and the result links work as plain HTML; the results page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory

TEXT = (
    "An den Brücken über die Wupper sollen Sensoren den Pegel messen und die Nachbarschaft "
    "früh vor Hochwasser warnen."
)


@pytest.fixture
def search_data():
    sensorik = TopicFactory(name="Sensorik", slug="sensorik")
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    barmen, elberfeld = DistrictFactory(name="Barmen"), DistrictFactory(name="Elberfeld")
    for title, topic, district in [
        ("Pegelsensoren in Barmen", sensorik, barmen),
        ("Pegelsensoren in Elberfeld", sensorik, elberfeld),
        ("Pegelsensoren für Radwege in Barmen", mobility, barmen),
    ]:
        IdeaFactory(title=title, text=TEXT, topic=topic, district=district)
    IdeaFactory(title="Pegelsensoren versteckt", text=TEXT, topic=sensorik, hidden=True)


@pytest.fixture
def no_js_page(new_context, live_server, console_errors):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    return page


def result_titles(page):
    return sorted(page.locator(".search-result__title a").all_inner_texts())


def test_two_facets_narrow_the_results_without_javascript(no_js_page, search_data):
    page = no_js_page
    page.goto("/suche/")
    page.get_by_label("Suchbegriff").fill("Pegelsensoren")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/suche/?q=Pegelsensoren*")

    expect(
        page.get_by_role("heading", level=2, name="3 Treffer für „Pegelsensoren“")
    ).to_be_visible()
    assert "Pegelsensoren versteckt" not in page.content()

    page.get_by_role("group", name="Thema").get_by_label("Sensorik").check()
    page.get_by_role("group", name="Stadtbezirk").get_by_label("Barmen").check()
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**thema=sensorik**")

    assert "bezirk=barmen" in page.url  # a shareable address
    assert result_titles(page) == ["Pegelsensoren in Barmen"]
    expect(
        page.get_by_role("heading", level=2, name="1 Treffer für „Pegelsensoren“")
    ).to_be_visible()
    expect(page.get_by_role("group", name="Thema").get_by_label("Sensorik")).to_be_checked()
    expect(page.get_by_role("group", name="Stadtbezirk").get_by_label("Barmen")).to_be_checked()

    page.get_by_role("link", name="Pegelsensoren in Barmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pegelsensoren in Barmen")


def test_search_page_is_accessible_and_suggests_titles_with_javascript(
    page, search_data, external_requests, console_errors
):
    page.goto("/suche/?q=Pegel&thema=sensorik")
    expect(page.locator(".search-result")).to_have_count(2)
    expect(page.locator(".search-result mark").first).to_have_text("Pegel")
    assert_no_serious_axe_violations(page)

    page.goto("/suche/")
    assert_no_serious_axe_violations(page)  # the help page with the empty form

    # With JavaScript the box suggests titles of public ideas (a native <datalist>).
    page.get_by_label("Suchbegriff").press_sequentially("Pegelsens", delay=20)
    options = page.locator("datalist#search-q-suggestions option")
    expect(options).to_have_count(3)
    assert "Pegelsensoren versteckt" not in [o.get_attribute("value") for o in options.all()]
    expect(page.get_by_label("Suchbegriff")).to_have_attribute("list", "search-q-suggestions")
    assert external_requests == []
    assert console_errors == []
