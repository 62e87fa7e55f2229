"""Residents discuss an idea without JavaScript; the thread passes axe.

Comments, replies (a native <details> element) and sorting are plain forms and links, so a
browser with JavaScript switched off can do everything.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from discussion import services as comment_services
from discussion.models import Comment
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import LOCAL_HOSTS, log_in
from tests.factories import (
    CommentFactory,
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UserFactory,
)

PASSWORD = "ein-sicheres-passwort-42"


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


def test_comment_and_reply_without_javascript(no_js_page, external_requests):
    page = no_js_page
    idea = IdeaFactory(title="Trinkwasserbrunnen mit Füllstandsanzeige")
    anna = UserFactory(display_name="Anna Anwohnerin")
    ben = UserFactory(display_name="Ben Nachbar")

    log_in(page, anna.email, PASSWORD)
    page.goto(idea.get_absolute_url())
    page.get_by_label("Ihr Kommentar").fill("Gute Idee – bitte auch am Laurentiusplatz.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    first = Comment.objects.get()
    page.wait_for_url(f"**{idea.get_absolute_url()}#c{first.pk}")
    expect(page.get_by_text("Danke! Ihr Kommentar ist veröffentlicht.")).to_be_visible()
    expect(page.locator(f"#c{first.pk}")).to_contain_text("bitte auch am Laurentiusplatz")

    page.context.clear_cookies()
    log_in(page, ben.email, PASSWORD)
    page.goto(idea.get_absolute_url())
    thread = page.locator(f"#c{first.pk}")
    thread.locator("summary").click()  # a native <details>: no script needed
    thread.get_by_label("Ihre Antwort an Anna Anwohnerin").fill("Da stimme ich zu.")
    thread.get_by_role("button", name="Antwort veröffentlichen").click()
    reply = Comment.objects.exclude(pk=first.pk).get()
    page.wait_for_url(f"**#c{reply.pk}")
    expect(page.locator(f"#c{first.pk} .comment-list--replies #c{reply.pk}")).to_contain_text(
        "Da stimme ich zu."
    )
    expect(page.get_by_role("heading", name="Kommentare (2)")).to_be_visible()

    page.get_by_role("link", name="Neueste zuerst").click()
    expect(page.get_by_role("link", name="Neueste zuerst")).to_have_attribute(
        "aria-current", "true"
    )
    assert external_requests == []


def test_idea_page_with_a_comment_thread_passes_axe(page, external_requests, console_errors):
    idea = IdeaFactory(title="Sitzbänke mit Solarladestation")
    resident, other = UserFactory(display_name="Mara K."), UserFactory(display_name="Jens P.")
    researcher = ResearcherFactory(display_name="Dr. Rita Forscher")
    editor = EditorFactory(display_name="Redaktion Stadt")
    first = CommentFactory(target=idea, user=resident, text="Wo sollen die Bänke stehen?")
    answer = CommentFactory(
        target=idea, user=researcher, text="Sonnige Plätze mit viel Publikum.", parent=first
    )
    CommentFactory(target=idea, user=resident, text="Danke!", parent=answer)
    official = CommentFactory(
        target=idea, user=editor, text="Wir prüfen drei Standorte.", parent=first
    )
    comment_services.set_official([official], True)
    removed = CommentFactory(target=idea, user=other, text="Doch nicht.")
    comment_services.delete_comment(other, removed)
    reported = CommentFactory(target=idea, user=other, text="Strittig")
    for reporter in UserFactory.create_batch(3):
        comment_services.report_comment(reporter, reported, "spam")

    log_in(page, resident.email, PASSWORD)
    page.goto(idea.get_absolute_url() + "#kommentare")
    expect(page.get_by_text("Offizielle Antwort der Stadt").first).to_be_visible()
    expect(page.get_by_text("Forschung · Lehrstuhl für Verkehrsplanung").first).to_be_visible()
    expect(page.get_by_text("Kommentar gelöscht", exact=True)).to_be_visible()
    expect(page.get_by_text("Kommentar ausgeblendet (wird geprüft)")).to_be_visible()
    page.locator(f"#c{first.pk} > article summary").click()  # open one reply form
    assert_no_serious_axe_violations(page)

    # The form shown again with an error is accessible too.
    page.get_by_label("Ihr Kommentar").fill("x" * 2001)
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_role("alert")).to_contain_text("zu lang")
    assert_no_serious_axe_violations(page)
    assert external_requests == []
    assert console_errors == []
