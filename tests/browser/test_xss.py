"""XSS in Chromium: the payloads of ``tests/security/xss_payloads.py`` in ideas, comments and
display names never run, on the public pages, in the search, on the profile and in the admin.

A payload that runs calls ``alert(1)`` (a dialog, recorded by a listener) or sets
``window.__xss``. The CSP (``script-src 'self'``) would also block inline script; the
server-side test (``tests/security/test_xss_escaping.py``) proves the text is escaped
without relying on it, and here a CSP report in the console counts as a failure too: it
means markup from a payload reached the page.
"""

from discussion.models import Comment
from tests.browser.conftest import log_in
from tests.factories import CommentFactory, EditorFactory, IdeaFactory, UserFactory
from tests.security.xss_payloads import PAYLOADS, REFUSED_EVERYWHERE, squash

PASSWORD = "ein-sicheres-passwort-42"
FILLER = " – Dieser Satz füllt die Beschreibung auf die nötigen fünfzig Zeichen auf."
CORPUS = [p for p in PAYLOADS if p not in REFUSED_EVERYWHERE]


def test_payloads_never_run_in_chromium(page, console_errors):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    author = UserFactory(display_name="'\"><svg onload=alert(1)>")
    admin = EditorFactory(is_superuser=True, display_name="Administration Test")
    ideas = []
    for payload in CORPUS:
        idea = IdeaFactory(
            title=squash(payload),
            text=payload + FILLER,
            summary_easy=payload,
            place=payload[:200],
            author=author,
        )
        CommentFactory(target=idea, user=author, text=payload)
        ideas.append(idea)
    assert Comment.objects.count() == len(CORPUS)

    def visit(url):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert dialogs == [], (url, dialogs)
        return response

    response = visit("/")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp

    visit("/ideen/")
    visit("/ideen/?seite=2")
    for idea in ideas:
        visit(idea.get_absolute_url())
    for payload in CORPUS[::4]:
        page.goto("/suche/")
        page.locator("input[name='q']").first.fill(payload)
        page.locator("input[name='q']").first.press("Enter")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert dialogs == [], (payload, dialogs)
        visit("/ideen/?q=" + payload[:100].replace("&", "%26").replace("#", "%23"))

    log_in(page, author.email, PASSWORD)
    visit("/konto/profil/")
    visit("/konto/beteiligung/")
    visit(ideas[0].get_absolute_url())

    page.context.clear_cookies()
    log_in(page, admin.email, PASSWORD)
    visit("/admin/ideas/idea/")
    for idea in ideas[::6]:
        visit(f"/admin/ideas/idea/edit/{idea.pk}/")
    visit("/admin/beteiligung/kommentare/?zustand=alle")

    assert dialogs == []
    csp_reports = [e for e in console_errors if "Content Security Policy" in e]
    assert csp_reports == [], csp_reports
