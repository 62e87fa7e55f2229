"""The shell around every page: error pages, health check, language switch, CSP, no other hosts."""

from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from participation import urls as project_urls

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied


# This module doubles as a URLconf (see ``pytest.mark.urls`` below): the project's URLs
# plus one view that refuses access, so the 403 page is rendered by the real handler.
urlpatterns = [path("verboten/", _forbidden), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False
    return settings


# --- Error pages --------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url, status, lang, text",
    [
        ("/gibt-es-nicht/", 404, "de", "Seite nicht gefunden"),
        ("/en/gibt-es-nicht/", 404, "en", "Page not found"),
        ("/verboten/", 403, "de", "Zugriff verweigert"),
    ],
    ids=["German 404", "English 404", "German 403"],
)
def test_error_pages_speak_the_visitors_language(client, no_debug, url, status, lang, text):
    response = client.get(url)

    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{lang}" ' in html
    assert text in html
    assert 'class="skip-link"' in html


# --- Health check -------------------------------------------------------------


def test_health_endpoint_answers_503_when_the_database_fails(client):
    # Patched at the one call the health view makes: ``connection.cursor()`` is what fails
    # first when PostgreSQL is down or unreachable. Stopping a real database inside a
    # test would take the test database with it; nothing else in this request uses it.
    failure = OperationalError("connection to server at 127.0.0.1 failed")
    with mock.patch("django.db.connection.cursor", side_effect=failure):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "no-cache" in response["Cache-Control"]


# --- Language switch ------------------------------------------------------------


def test_language_switch_without_javascript_leads_to_the_english_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ideen/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/ideen/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_back_to_german_drops_the_prefix(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/en/ideen/"})

    assert response.status_code == 302
    assert response["Location"] == "/ideen/"


def test_language_switch_refuses_to_redirect_to_another_host(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"}
    )

    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


# --- Content Security Policy and other hosts -----------------------------------

# One demo load per test (it takes seconds), every page checked inside.
PUBLIC_PAGES = ["/", "/en/", "/ideen/", "/en/ideen/", "/konto/login/", "/gibt-es-nicht/"]
KEYWORD_SOURCES = {"'self'", "'none'", "data:"}


def csp_sources(policy):
    """{directive: [sources]} from a Content-Security-Policy header."""
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_public_pages_carry_a_strict_content_security_policy(client, demo_content):
    for url in PUBLIC_PAGES:
        response = client.get(url)

        directives = csp_sources(response["Content-Security-Policy"])
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        for name, sources in directives.items():
            assert set(sources) <= KEYWORD_SOURCES, f"{name} allows {sources} on {url}"


def test_admin_policy_allows_inline_code_but_no_other_hosts(client):
    response = client.get("/admin/")

    for name, sources in csp_sources(response["Content-Security-Policy"]).items():
        for source in sources:
            assert source.startswith("'") or source in {"data:", "blob:"}, f"{name} allows {source}"


class _ResourceCollector(HTMLParser):
    """Collects the addresses a browser would load by itself (not plain links)."""

    RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction"}

    def __init__(self):
        super().__init__()
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            loads = name in self.RESOURCE_ATTRIBUTES or (tag == "link" and name == "href")
            if loads:
                # srcset: "a.jpg 1x, b.jpg 2x"
                candidates = value.split(",") if name == "srcset" else [value]
                for candidate in candidates:
                    if candidate.split():
                        self.addresses.append((tag, name, candidate.split()[0]))


def external_resources(html):
    own_hosts = {"testserver", urlsplit(django_settings.SITE_URL).hostname}
    collector = _ResourceCollector()
    collector.feed(html)
    return [
        (tag, attribute, address)
        for tag, attribute, address in collector.addresses
        if address.startswith(("http://", "https://", "//"))
        and urlsplit(address).hostname not in own_hosts
    ]


def test_resource_collector_finds_addresses_on_other_hosts():
    html = (
        '<link rel="stylesheet" href="https://fonts.example.com/a.css">'
        '<img src="/media/a.jpg" srcset="/media/a.jpg 1x, //cdn.example.com/b.jpg 2x">'
        '<script src="http://testserver/static/js/enhance.js"></script>'
        '<a href="https://www.uni-wuppertal.de/">Universität</a>'
    )

    assert external_resources(html) == [
        ("link", "href", "https://fonts.example.com/a.css"),
        ("img", "srcset", "//cdn.example.com/b.jpg"),
    ]


def test_public_pages_load_nothing_from_other_hosts(client, demo_content):
    for url in PUBLIC_PAGES:
        response = client.get(url, follow=True)

        assert response.status_code in {200, 404}, url
        assert external_resources(response.content.decode()) == [], url


# --- Cookies (docs/data_protection.md) ----------------------------------------------

ESSENTIAL_COOKIES = {"sessionid", "csrftoken", "django_language", "messages"}


def test_reading_pages_sets_no_cookie_but_the_csrf_token_of_a_form(client, demo_content):
    """Only a page with a form (the login) sets a cookie (tests/participation/test_public_cache.py
    checks every public page)."""
    for url in PUBLIC_PAGES:
        response = client.get(url)

        assert set(response.cookies) == ({"csrftoken"} if "login" in url else set()), url
        for morsel in response.cookies.values():
            assert morsel["httponly"], url
            assert morsel["samesite"] == "Lax", url


def test_language_switch_sets_only_the_language_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert set(response.cookies) == {"django_language"}
    assert response.cookies["django_language"]["httponly"]


def test_logging_in_sets_only_essential_cookies(client):
    from tests.factories import UserFactory

    user = UserFactory()
    response = client.post(
        "/konto/login/",
        {"login": user.email, "password": "ein-sicheres-passwort-42"},
        follow=True,
    )

    assert response.wsgi_request.user.is_authenticated
    assert set(client.cookies) <= ESSENTIAL_COOKIES
    assert "sessionid" in client.cookies
