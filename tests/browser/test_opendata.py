"""The open data page in a real browser: accessible, filterable without JavaScript."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_axe_violations
from tests.factories import DistrictFactory, IdeaFactory, TopicFactory


def test_open_data_page_is_accessible_and_its_filter_goes_into_the_download_links(
    page, external_requests, console_errors
):
    traffic = TopicFactory(name="Verkehr", slug="verkehr")
    barmen = DistrictFactory(name="Barmen", slug="barmen")
    IdeaFactory(title="Fahrradbügel am Werth", topic=traffic, district=barmen)

    response = page.goto("/offene-daten/")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Daten")
    expect(
        page.get_by_text("Datenquelle: Stadt Wuppertal – Mitwirken, Lizenz: CC BY 4.0")
    ).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_label("Thema").select_option(label="Verkehr")
    page.get_by_label("Stadtbezirk").select_option(label="Barmen")
    page.get_by_role("button", name="Auswahl übernehmen").click()
    page.wait_for_url("**/offene-daten/?thema=verkehr&bezirk=barmen*")

    csv_link = page.get_by_role("link", name="Ideen als CSV-Tabelle")
    expect(csv_link).to_have_attribute(
        "href", "/offene-daten/ideen.csv?thema=verkehr&bezirk=barmen"
    )
    expect(page.get_by_role("link", name="Pilotprojekte als JSON")).to_have_attribute(
        "href", "/offene-daten/piloten.json?thema=verkehr&bezirk=barmen"
    )
    assert_no_serious_axe_violations(page)

    with page.expect_download() as download_info:
        csv_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("mitwirken-ideen-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Fahrradbügel am Werth" in text

    # Invalid values (a stale shared link) are shown as errors, not as a server error.
    page.goto("/offene-daten/?thema=gibtsnicht")
    expect(page.get_by_role("alert")).to_contain_text("Das Thema „gibtsnicht“ gibt es nicht.")
    assert_no_serious_axe_violations(page)

    assert external_requests == []
    assert console_errors == []
