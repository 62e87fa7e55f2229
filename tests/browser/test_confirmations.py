"""Confirmations as KERN dialogs, the confirmation pages without JavaScript, and the top of an
idea page on a phone with the demo banner showing.

With JavaScript the link to a confirmation page ("Unterstützung zurücknehmen", a comment's
"Löschen") opens a native <dialog> with the same form; without it, the link leads to the
page, which works on its own.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from cms.models import PortalIdentity
from discussion.models import Comment
from ideas.models import Support
from ideas.services import support_idea
from tests.browser.axe import assert_no_axe_violations, horizontal_overflow
from tests.browser.conftest import LOCAL_HOSTS, log_in
from tests.factories import CommentFactory, IdeaFactory, UserFactory

PASSWORD = "ein-sicheres-passwort-42"
PHONE = {"width": 320, "height": 640}


@pytest.fixture
def no_js_page(new_context, live_server, external_requests):
    """A page in a context with JavaScript switched off; other hosts are blocked."""
    context = new_context(java_script_enabled=False)
    allowed = {urlsplit(live_server.url).hostname} | LOCAL_HOSTS

    def only_local(route):
        if urlsplit(route.request.url).hostname in allowed:
            route.continue_()
        else:
            external_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context.new_page()


@pytest.fixture
def demo_banner():
    """The identity's demo banner switched on (as ``load_demo_content`` does)."""
    identity = PortalIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.demo_banner = True
    identity.save()
    return identity


def supported_idea(title="Trinkwasserbrunnen mit Füllstandsanzeige"):
    idea = IdeaFactory(title=title)
    supporter = UserFactory(display_name="Sami Support")
    support_idea(supporter, idea)
    return idea, supporter


def focused_dialog_trigger(page):
    return page.evaluate("() => document.activeElement.getAttribute('data-dialog-open')")


def test_withdrawing_support_in_the_kern_dialog(page, external_requests, console_errors):
    idea, supporter = supported_idea()
    log_in(page, supporter.email, PASSWORD)
    page.goto(idea.get_absolute_url())
    trigger = page.get_by_role("button", name="Unterstützung zurücknehmen")
    dialog = page.get_by_role("dialog", name="Unterstützung zurücknehmen?")
    expect(dialog).to_be_hidden()

    trigger.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Ihre Unterstützung zählt dann nicht mehr für diese Idee.")
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    assert page.url.endswith(idea.get_absolute_url())  # no navigation: the dialog
    assert_no_axe_violations(page)  # the open dialog
    page.set_viewport_size(PHONE)
    assert_no_axe_violations(page)
    width = horizontal_overflow(page)
    assert width["scrollWidth"] <= width["innerWidth"], width

    # Cancelling closes it and gives the focus back to the link.
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(dialog).to_be_hidden()
    assert focused_dialog_trigger(page) == "unterstuetzung-zuruecknehmen"
    # So does Escape, and so does the close button in its header.
    trigger.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused_dialog_trigger(page) == "unterstuetzung-zuruecknehmen"
    trigger.click()
    dialog.get_by_role("button", name="Schließen").click()
    expect(dialog).to_be_hidden()
    assert Support.objects.filter(idea=idea, user=supporter).exists()

    # Confirming withdraws the support.
    trigger.click()
    dialog.get_by_role("button", name="Ja, Unterstützung zurücknehmen").click()
    expect(page.get_by_text("Ihre Unterstützung wurde zurückgenommen.")).to_be_visible()
    expect(page.get_by_role("button", name="Idee unterstützen")).to_be_visible()
    expect(page.get_by_text("0 von 50 Unterstützungen")).to_be_visible()
    assert not Support.objects.filter(idea=idea, user=supporter).exists()
    assert external_requests == []
    assert console_errors == []


def test_deleting_a_comment_in_the_kern_dialog(page, console_errors):
    idea = IdeaFactory()
    anna = UserFactory(display_name="Anna Anwohnerin")
    comment = CommentFactory(target=idea, user=anna, text="Bitte auch am Laurentiusplatz.")
    log_in(page, anna.email, PASSWORD)
    page.goto(idea.get_absolute_url())
    page.get_by_role("button", name="Löschen (Ihr Kommentar)").click()
    dialog = page.get_by_role("dialog", name="Kommentar löschen")
    expect(dialog).to_be_visible()
    expect(dialog.locator("blockquote")).to_contain_text("Bitte auch am Laurentiusplatz.")
    assert_no_axe_violations(page)
    dialog.get_by_role("button", name="Ja, Kommentar löschen").click()
    expect(page.get_by_text("Ihr Kommentar ist gelöscht.")).to_be_visible()
    expect(page.locator(f"#c{comment.pk}")).to_contain_text("Kommentar gelöscht")
    assert Comment.objects.get(pk=comment.pk).is_removed
    assert console_errors == []


def test_without_javascript_the_link_leads_to_the_confirmation_page(no_js_page, demo_banner):
    page = no_js_page
    idea, supporter = supported_idea()
    log_in(page, supporter.email, PASSWORD)
    page.goto(idea.get_absolute_url())
    page.get_by_role("link", name="Unterstützung zurücknehmen").click()
    page.wait_for_url(f"**/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unterstützung zurücknehmen?")
    expect(page.get_by_text("Ihre Unterstützung zählt dann nicht mehr")).to_be_visible()
    assert Support.objects.filter(idea=idea, user=supporter).exists()
    page.get_by_role("button", name="Ja, Unterstützung zurücknehmen").click()
    page.wait_for_url(f"**{idea.get_absolute_url()}#unterstuetzen")
    expect(page.get_by_text("Ihre Unterstützung wurde zurückgenommen.")).to_be_visible()
    assert not Support.objects.filter(idea=idea, user=supporter).exists()

    # The demo banner's dismiss button is a plain form as well.
    banner = page.get_by_role("complementary", name="Hinweis zur Demo-Installation")
    expect(banner).to_be_visible()
    page.get_by_role("button", name="Hinweis ausblenden").click()
    page.wait_for_load_state()
    expect(banner).to_have_count(0)
    assert page.url.endswith(idea.get_absolute_url())  # back where it was (no fragment)


def test_on_a_phone_the_idea_title_starts_within_250_px(page, demo_content, login):
    """With the demo's identity (logo, tagline) and its banner, for visitors and residents."""
    from tests.browser.test_accessibility import DEMO_RESIDENT, idea_with_comments_and_assessment

    idea = idea_with_comments_and_assessment()
    page.set_viewport_size(PHONE)
    for who in ("visitor", "resident"):
        if who == "resident":
            login(page, DEMO_RESIDENT)
        page.goto(idea.get_absolute_url())
        banner = page.get_by_role("complementary", name="Hinweis zur Demo-Installation")
        expect(banner).to_contain_text("Demo: Alle Inhalte sind Beispiele.")
        expect(banner.get_by_role("button", name="Hinweis ausblenden")).to_be_visible()
        assert banner.bounding_box()["height"] <= 64, who
        title = page.get_by_role("heading", level=1).bounding_box()
        assert title["y"] < 250, (who, title)
        width = horizontal_overflow(page)
        assert width["scrollWidth"] <= width["innerWidth"], (who, width)
    # Wide, the banner says it in full.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(banner).to_contain_text("keine Angaben der Stadt")


def test_a_description_list_passes_axe(page):
    resident = UserFactory()
    log_in(page, resident.email, PASSWORD)
    page.goto("/konto/profil/")
    item = page.locator("dl.kern-description-list .kern-description-list-item")
    expect(item.locator("dt")).to_have_text("E-Mail-Adresse (nur für Sie sichtbar)")
    expect(item.locator("dd")).to_have_text(resident.email)
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    assert_no_axe_violations(page)
