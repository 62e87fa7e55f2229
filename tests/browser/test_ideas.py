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


PHONE = {"width": 320, "height": 640}


def test_on_a_phone_the_support_button_comes_before_the_text_and_comments(
    page, demo_content, login
):
    from tests.browser.test_accessibility import DEMO_RESIDENT, idea_with_comments_and_assessment

    idea = idea_with_comments_and_assessment()
    assert idea.is_collecting
    page.set_viewport_size(PHONE)

    def top_of(name):
        button = page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name))
        box = button.first.bounding_box()
        assert box is not None, f"{name!r} is not shown"
        return box["y"]

    page.goto(idea.get_absolute_url())
    comments = page.locator("#kommentare, .comments").first.bounding_box()
    visitor_top = top_of("Anmelden und unterstützen")
    assert visitor_top < 2 * PHONE["height"], visitor_top
    assert comments is not None and visitor_top < comments["y"]
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * PHONE["height"]

    login(page, DEMO_RESIDENT, next_url=idea.get_absolute_url())
    page.wait_for_url(f"**{idea.get_absolute_url()}")
    resident_top = top_of("Idee unterstützen")
    assert resident_top < 2 * PHONE["height"], resident_top
    # Keyboard order follows: the support button is reached before the idea's text.
    order = page.evaluate(
        """() => {
          const support = [...document.querySelectorAll("button")]
            .find((b) => b.textContent.trim() === "Idee unterstützen");
          const text = document.querySelector(".idea-detail__body .prose");
          return support.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order
