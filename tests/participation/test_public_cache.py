"""Anonymous pages are cacheable (issue 14, item 4).

A visitor who only reads gets no cookie, and the page says ``Cache-Control: public,
max-age=PUBLIC_CACHE_SECONDS``, so a proxy in front of the portal can answer the next visitor
(``participation.middleware.PublicCacheMiddleware``). Logged-in visitors, a visit with a
session (the demo banner dismissed), a page showing a message and every page with a form
(which sets the CSRF cookie) stay private.

``Vary: Cookie`` stays on these pages: they do depend on the session (a logged-in visitor sees
"Mein Konto" and the support button). Visitors without cookies all share one cached copy, and
a browser that kept the anonymous page asks again once it sends a session cookie
(``tests/browser/test_cookies.py``). ``Accept-Language`` is not in ``Vary``: the language is
in the URL.
"""

import re
from html import unescape

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction

from ideas.models import Idea
from pilots.models import PilotIndexPage, PilotPage
from research.models import ResearchGroupPage, UniversityIndexPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def public_pages():
    """Every page a visitor reads, German and English: home, ideas, pilots, the university,
    search, open data and the legal pages."""
    idea = Idea.objects.filter(status="published", hidden=False).order_by("pk").first()
    german = Locale.objects.get(language_code="de")
    pages = [
        model.objects.live().filter(locale=german).order_by("pk").first()
        for model in (PilotIndexPage, PilotPage, UniversityIndexPage, ResearchGroupPage)
    ]
    paths = ["/", "/ideen/", "/ideen/?sortierung=neueste", idea.get_absolute_url()]
    paths += [page.url for page in pages]
    paths += ["/suche/?q=Sensor", "/offene-daten/"]
    english = [f"/en{path}" for path in paths if path.startswith(("/ideen/", "/suche/"))]
    with translation.override("en"):
        english += ["/en/", "/en/offene-daten/"] + [page.localized.url for page in pages]
    legal = ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/leichte-sprache/"]
    return paths + english + legal + ["/en/imprint/", "/en/privacy/"]


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part}


def test_reading_any_public_page_sets_no_cookie_and_may_be_cached_by_everyone(
    client, demo_content, settings
):
    settings.PUBLIC_CACHE_SECONDS = 120
    failures = []
    for path in public_pages():
        response = client.get(path)
        problems = []
        if response.status_code != 200:
            problems.append(f"status {response.status_code}")
        if response.cookies:
            problems.append(f"Set-Cookie {sorted(response.cookies)}")
        if cache_control(response) != {"public", "max-age=120"}:
            problems.append(f"Cache-Control {response.get('Cache-Control')!r}")
        if "accept-language" in vary(response):
            problems.append(f"Vary {response.get('Vary')!r}")
        if problems:
            failures.append(f"{path}: {', '.join(problems)}")
    assert not failures, "\n".join(failures)
    assert not client.cookies


def test_public_pages_vary_only_on_the_cookie(client, demo_content):
    """The page depends on the session (the header), never on ``Accept-Language``."""
    for path in ("/", "/ideen/", "/en/ideen/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

        assert vary(response) == {"cookie"}, path


def test_an_address_without_prefix_is_german_whatever_the_browser_or_a_cookie_says(
    client, demo_content
):
    """Why ``Vary`` needs no ``Accept-Language`` and the language cookie can go unset."""
    client.cookies["django_language"] = "en"

    german = client.get("/ideen/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    english = client.get("/en/ideen/", HTTP_ACCEPT_LANGUAGE="de")

    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_the_configured_seconds_are_the_max_age_and_zero_adds_nothing(client, home, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    assert client.get("/")["Cache-Control"] == "public, max-age=60"

    settings.PUBLIC_CACHE_SECONDS = 0
    response = client.get("/")
    assert "Cache-Control" not in response
    assert not response.cookies


def test_a_head_request_is_public_like_the_page(client, home):
    response = client.head("/")

    assert cache_control(response) == {"public", "max-age=60"}


@pytest.mark.parametrize("path", ["/", "/ideen/", "idea", "/en/ideen/"])
def test_logged_in_pages_are_private(client, demo_content, resident, path):
    if path == "idea":
        path = Idea.objects.filter(status="published").order_by("pk").first().get_absolute_url()
    client.force_login(resident)

    response = client.get(path)

    assert response.status_code == 200
    assert "public" not in cache_control(response)
    assert {"private", "no-cache"} <= cache_control(response)


def test_a_page_that_shows_a_message_is_private(client, home, resident):
    """After logging out, the next page says so: it is that visitor's page, not everyone's."""
    client.force_login(resident)

    response = client.post("/konto/logout/", follow=True)

    assert response.redirect_chain
    assert 'class="container messages"' in response.content.decode()
    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)


def test_a_visit_with_a_session_is_private(client, demo_content):
    """A visitor who dismissed the demo banner has a session: the page without the banner is
    theirs."""
    before = client.get("/")
    assert "demo-banner" in before.content.decode()

    client.post("/demo-hinweis/ausblenden/", {"next": "/"}, HTTP_ORIGIN="http://testserver")
    after = client.get("/")

    assert "demo-banner" not in after.content.decode()
    assert "public" not in cache_control(after)
    assert "private" in cache_control(after)


def test_pages_with_a_form_set_the_csrf_cookie_and_are_private(client, demo_content):
    for path in ("/konto/login/", "/konto/signup/", "/kontakt/"):
        response = client.get(path)

        assert response.status_code == 200, path
        assert "csrftoken" in response.cookies, path
        assert "public" not in cache_control(response), path
        assert "private" in cache_control(response), path


def test_a_cookie_makes_even_a_page_its_view_called_public_private(client, rf, settings):
    """A proxy must never hand one visitor's cookie to the next."""
    from django.http import HttpResponse

    from participation.middleware import PublicCacheMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        response.set_cookie("sessionid", "abc")
        return response

    response = PublicCacheMiddleware(view)(rf.get("/"))

    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)


@pytest.fixture
def restricted_pages(home):
    from cms.models import ContentPage

    pages = {}
    for kind, slug in (
        (PageViewRestriction.PASSWORD, "intern"),
        (PageViewRestriction.LOGIN, "team"),
    ):
        page = ContentPage(title=slug.title(), slug=slug)
        home.add_child(instance=page)
        page.save_revision().publish()
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="geheim")
        pages[kind] = Page.objects.get(pk=page.pk).url
    return pages


def test_pages_behind_a_password_or_login_stay_private(client, restricted_pages, resident):
    password_form = client.get(restricted_pages[PageViewRestriction.PASSWORD])
    login_redirect = client.get(restricted_pages[PageViewRestriction.LOGIN])
    client.force_login(resident)
    for_the_resident = client.get(restricted_pages[PageViewRestriction.LOGIN])

    assert password_form.status_code == 200
    assert login_redirect.status_code == 302
    assert for_the_resident.status_code == 200
    for response in (password_form, login_redirect, for_the_resident):
        assert "public" not in cache_control(response)
        assert "private" in cache_control(response)


def test_a_restriction_an_editor_adds_applies_to_the_page_and_below_at_once(client, home):
    from cms.models import ContentPage

    page = ContentPage(title="Intern", slug="intern")
    home.add_child(instance=page)
    page.save_revision().publish()
    below = ContentPage(title="Protokolle", slug="protokolle")
    page.add_child(instance=below)
    below.save_revision().publish()
    url, below_url = Page.objects.get(pk=page.pk).url, Page.objects.get(pk=below.pk).url
    assert 'name="password"' not in client.get(url).content.decode()
    assert 'name="password"' not in client.get(below_url).content.decode()

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    assert 'name="password"' in client.get(url).content.decode()
    assert 'name="password"' in client.get(below_url).content.decode()


# --- Reading without cookies does not stop anyone from taking part ----------------------


def test_a_visitor_without_cookies_can_still_log_in_sign_up_and_propose(client, demo_content):
    browser = Client(enforce_csrf_checks=True)
    assert not browser.get("/ideen/").cookies

    propose = browser.get("/ideen/neu/")
    assert propose.status_code == 302
    assert propose["Location"].startswith("/konto/login/?next=/ideen/neu/")

    signup = browser.get("/konto/signup/")
    assert signup.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in signup.content.decode()

    user = UserFactory()
    page = browser.get(propose["Location"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = browser.post(
        propose["Location"],
        {
            "login": user.email,
            "password": "ein-sicheres-passwort-42",
            "csrfmiddlewaretoken": unescape(token.group(1)),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/ideen/neu/"
    assert browser.get("/ideen/neu/").status_code == 200


def test_posts_without_a_token_are_still_refused(demo_content, resident):
    """Pages set no cookie now; every state change still needs its token."""
    idea = Idea.objects.filter(status="published").order_by("pk").first()
    supports = idea.support_count
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(idea.get_absolute_url())
    assert visitor.post("/konto/login/", {"login": resident.email}).status_code == 403
    assert visitor.post("/konto/signup/", {"email": "neu@example.org"}).status_code == 403

    member = Client(enforce_csrf_checks=True)
    member.force_login(resident)
    member.get(idea.get_absolute_url())
    for path, form in (
        (f"/ideen/{idea.pk}/unterstuetzen/", {}),
        (f"/ideen/{idea.pk}/folgen/", {"action": "follow"}),
        (f"/ideen/kommentare/idee/{idea.pk}/schreiben/", {"text": "Ohne Token."}),
        ("/konto/logout/", {}),
        ("/i18n/setlang/", {"language": "en", "next": "/"}),
    ):
        assert member.post(path, form, HTTP_ORIGIN="http://testserver").status_code == 403, path
    idea.refresh_from_db()
    assert idea.support_count == supports
