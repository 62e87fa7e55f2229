"""No URL of the portal sends a browser to another host (issue 12, item 5).

First a canary (``/kanarienvogel/``) goes to every URL of the walk (``urlconf.walk``) in every
next-style parameter, by GET and by POST, as a superuser and as a visitor: the URLs whose
answer carries it (in ``Location`` or the page) read such a parameter. Those, and the login,
logout, signup and password views that always do, then get every payload of ``PAYLOADS``.
No answer may point off-site: not its ``Location`` as a browser reads it (``urljoin`` against
the page, backslashes as slashes, tabs and line breaks dropped), nor a ``<meta refresh>``,
link or form action built from the parameter. The language switch has its own payloads in
``test_language_switch.py``; here it is one URL of the walk.
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from tests.security import urlconf

pytestmark = pytest.mark.django_db

#: Where Django, allauth and Wagtail read a page to go back to, and names views commonly use.
NEXT_PARAMS = [
    "next",
    "redirect_to",
    "return_url",
    "success_url",
    "back",
    "came_from",
    "redirect",
    "url",
    "goto",
    "return_to",
]

CANARY = "/kanarienvogel/"

PAYLOADS = [
    "//evil.example",
    "///evil.example",
    "////evil.example/",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http://evil.example/ideen/",
    "http:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "//evil.example@testserver",
    "//testserver@evil.example",
    "http://testserver@evil.example/",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "/\n/evil.example",
    "/en//evil.example",
    "/en/\\evil.example",
    " //evil.example",
    "\t//evil.example",
    "\uff0f\uff0fevil.example",
    "//evil\u3002example",
    "//127.0.0.1.evil.example",
    "https://testserver.evil.example",
    "//evil.example%00.testserver",
    "//evil.example/%2e%2e",
]

#: Views that read a next-style parameter whatever the canary sees, with the form they need.
ALWAYS = {
    "account_login": {"login": "admin@example.org", "password": "ein-sicheres-passwort-42"},
    "account_logout": {},
    "account_signup": {},
    "account_reauthenticate": {"password": "ein-sicheres-passwort-42"},
    "set_language": {"language": "de"},
    "language_link": {"language": "de"},
    "wagtailadmin_login": {},
    "wagtailcore_login": {},
    "wagtailcore_authenticate_with_password": {"password": "geheim"},
    "wagtaildocs_authenticate_with_password": {"password": "x"},
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from urlconf.rollback_world(django_db_blocker, tmp_path_factory)


def browser_target(location, base):
    """Scheme and host a browser goes to from ``base`` with this ``Location`` or link."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    target = urlsplit(urljoin(base, cleaned))
    return target.scheme, target.netloc


def off_site(response, base):
    """What in the answer leads off the portal: its ``Location``, a ``<meta refresh>``, or a
    link or form action that carries the payload's host."""
    problems = []
    if "Location" in response:
        scheme, host = browser_target(response["Location"], base)
        if host != "testserver" or scheme not in ("http", "https"):
            problems.append(f"Location: {response['Location']!r}")
    content_type = response.get("Content-Type", "")
    if "html" not in content_type:
        return problems
    html = urlconf.body(response).decode(errors="replace")
    refreshes = re.findall(r'<meta[^>]+http-equiv=["\']?refresh[^>]*>', html, re.I)
    links = re.findall(r'(?:href|action|formaction)\s*=\s*["\']([^"\']*)["\']', html, re.I)
    for refresh in refreshes:
        url = re.search(r"url\s*=\s*([^\"'>]+)", refresh, re.I)
        if url and browser_target(unescape(url.group(1)), base)[1] != "testserver":
            problems.append(f"meta refresh: {refresh!r}")
    for link in map(unescape, links):
        scheme, host = browser_target(link, base)
        if "evil" in host or scheme in ("javascript", "data"):
            problems.append(f"link: {link!r}")
    return problems


def with_next(value, data=None):
    return {**(data or {}), **dict.fromkeys(NEXT_PARAMS, value)}


def reflects_canary(response):
    return CANARY in response.get("Location", "") or CANARY.encode() in urlconf.body(response)


def test_no_url_redirects_off_site(world):
    urls = [url for url in urlconf.walk(world) if url.language == "de"]
    admin = urlconf.Walker(world["admin"])
    visitor = urlconf.Walker(None)
    senders = {"Superuser": admin, "Besuch": visitor}

    readers = {}
    for url in urls:
        for who, sender in senders.items():
            if who == "Besuch" and url.origin == "wagtail-admin" and url.name not in ALWAYS:
                continue  # a visitor only reaches the admin's login
            for method in ("GET", "POST"):
                data = with_next(CANARY, ALWAYS.get(url.name))
                response = sender.send(method, url.path, data)
                if url.name in ALWAYS or reflects_canary(response):
                    readers.setdefault(url.path, (url, set()))[1].add((who, method))
    canary_requests = admin.sent + visitor.sent

    failures = []
    for url, ways in readers.values():
        for who, method in sorted(ways):
            for payload in PAYLOADS:
                response = senders[who].send(
                    method, url.path, with_next(payload, ALWAYS.get(url.name))
                )
                base = "http://testserver" + url.path
                for problem in off_site(response, base):
                    failures.append(f"{who} {method} {url} next={payload!r}: {problem}")

    assert not failures, "\n".join(failures)
    named = {url.name for url, _ways in readers.values()}
    assert {"account_login", "account_logout", "set_language", "language_link"} <= named
    print(
        f"{len(urls)} URLs, {canary_requests} canary requests, {len(readers)} read a next "
        f"parameter ({sorted(named)}), {admin.sent + visitor.sent - canary_requests} payload "
        f"requests ({len(PAYLOADS)} payloads x {len(NEXT_PARAMS)} parameter names)"
    )


@pytest.mark.parametrize("payload", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_login_as_a_browser_does_lands_on_the_portal(world, client, payload):
    """The whole login: the form's page with ``next``, then the form as the browser posts it."""
    page = client.get("/konto/login/", {"next": payload})
    assert page.status_code == 200
    response = client.post(
        "/konto/login/",
        {"login": "admin@example.org", "password": "ein-sicheres-passwort-42", "next": payload},
    )

    assert response.status_code == 302
    assert browser_target(response["Location"], "http://testserver/konto/login/") == (
        "http",
        "testserver",
    )
