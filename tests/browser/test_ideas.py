"""A resident proposes an idea with an image, finds it, and another resident supports it."""

from ideas.models import Idea
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import log_in
from tests.factories import DistrictFactory, TopicFactory, UserFactory
from tests.ideas.image_samples import jpeg_with_gps_bytes

PASSWORD = "ein-sicheres-passwort-42"


def test_propose_find_and_support_an_idea(page, tmp_path, external_requests):
    TopicFactory(name="Sensorik & LoRaWAN", slug="sensorik")
    DistrictFactory(name="Barmen", slug="barmen")
    author = UserFactory(display_name="Paula Pegel")
    supporter = UserFactory(display_name="Sami Support")
    photo = tmp_path / "wupper.jpg"
    photo.write_bytes(jpeg_with_gps_bytes())

    log_in(page, author.email, PASSWORD)
    page.goto("/ideen/neu/")
    assert_no_serious_axe_violations(page)  # empty form

    page.get_by_label("Titel").fill("Pegelsensoren an der Wupper in Barmen")
    page.get_by_label("Beschreibung", exact=False).first.fill("Zu kurz")
    page.get_by_label("Thema").select_option(label="Sensorik & LoRaWAN")
    page.get_by_label("Stadtbezirk").select_option(label="Barmen")
    page.get_by_label("Bild (optional)").set_input_files(str(photo))
    page.get_by_label("Bildbeschreibung (Alternativtext)").fill("Die Wupper unter einer Brücke")
    page.get_by_role("button", name="Weiter zur Vorschau").click()

    # Failed submit: summary with links, typed input and the image kept.
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Titel").input_value() == "Pegelsensoren an der Wupper in Barmen"
    assert page.get_by_text("Ihr Bild ist gespeichert").is_visible()
    assert_no_serious_axe_violations(page)

    page.locator("#id_text").fill(
        "LoRaWAN-Sensoren an drei Brücken messen den Pegel der Wupper und warnen früh "
        "vor Hochwasser. Die Daten sind offen für alle."
    )
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.get_by_role("button", name="Idee veröffentlichen").click()
    page.wait_for_url("**/ideen/*/*/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Pegelsensoren an der Wupper in Barmen"
    )
    idea = Idea.objects.get(title="Pegelsensoren an der Wupper in Barmen")
    assert idea.image and idea.author == author

    page.context.clear_cookies()
    log_in(page, supporter.email, PASSWORD)
    page.goto("/ideen/?bezirk=barmen")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Pegelsensoren an der Wupper in Barmen").click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Idee unterstützen").click()
    assert page.get_by_text("Danke für Ihre Unterstützung").is_visible()
    assert page.get_by_text("1 von 50 Unterstützungen").is_visible()
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert external_requests == []
