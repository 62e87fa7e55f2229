"""The language switch stays on the portal (issue 12, finding 1).

The header's switch is a link, ``GET /i18n/sprache/?language=en&next=…`` (issue 14, item 4:
no form, so reading a page sets no cookie); ``POST /i18n/setlang/`` stays for anyone who posts
to it. Both take the page to come back to in ``next``. Whatever ``next`` says, the answer's
``Location`` is a path on this site, also after the ``/en`` prefix is taken off, and also as a
browser reads it (backslashes as slashes, tabs and line breaks dropped).
"""

import re
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "/en//evil.example",
    "/en//evil.example/",
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "/en/\\/evil.example",
    "/en/\\\\evil.example",
    "/en/\t/evil.example",
    "/en//\tevil.example",
    "///evil.example",
    "/en///evil.example",
]


def host_a_browser_goes_to(location):
    """Where a browser goes with this ``Location``, seen from a page on testserver."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    return urlsplit(urljoin("http://testserver/ideen/", cleaned)).netloc


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("next_url", PAYLOADS)
def test_language_switch_never_leaves_the_portal(client, language, next_url, method):
    url = "/i18n/sprache/" if method == "get" else "/i18n/setlang/"
    response = getattr(client, method)(url, {"language": language, "next": next_url})

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/")
    assert location[1:2] not in ("/", "\\")
    assert "evil.example" not in location
    assert host_a_browser_goes_to(location) == "testserver"


def test_language_switch_to_german_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/en/ideen/"})

    assert response["Location"] == "/ideen/"


def test_language_switch_to_english_keeps_the_page_and_its_query(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ideen/?seite=2"})

    assert response["Location"] == "/en/ideen/?seite=2"


def language_link(response):
    """The header's language switch: the address of its link."""
    html = response.content.decode()
    return unescape(re.search(r'<a class="lang-switch" href="([^"]*)"', html).group(1))


def language_form_next(response):
    """The page the switch comes back to (its link's ``next``)."""
    return parse_qs(urlsplit(language_link(response)).query)["next"][0]


@pytest.mark.parametrize(
    "path", ["/en//evil.example/", "/en/%5C/evil.example/", "/en///evil.example/"]
)
def test_not_found_page_offers_no_language_switch_to_another_host(client, path):
    """One click on the 404 page of a crafted link must not lead away from the portal."""
    response = client.get(path)

    assert response.status_code == 404
    next_url = language_form_next(response)
    assert "evil.example" not in next_url
    switched = client.get(language_link(response))
    assert host_a_browser_goes_to(switched["Location"]) == "testserver"
    posted = client.post("/i18n/setlang/", {"language": "de", "next": next_url})
    assert host_a_browser_goes_to(posted["Location"]) == "testserver"


def test_language_form_carries_the_current_page(client):
    response = client.get("/ideen/?seite=2")

    assert language_form_next(response) == "/ideen/?seite=2"


def test_language_link_leads_to_the_english_list_and_back(client):
    german = client.get("/ideen/?seite=2")
    to_english = client.get(language_link(german))

    assert to_english.status_code == 302
    assert to_english["Location"] == "/en/ideen/?seite=2"
    english = client.get("/en/ideen/")
    assert client.get(language_link(english))["Location"] == "/ideen/"
    assert not to_english.cookies  # the language is in the address; nothing to remember


def test_language_link_refuses_other_languages_and_methods(client):
    assert client.get("/i18n/sprache/", {"language": "fr", "next": "/ideen/"})["Location"] == (
        "/ideen/"
    )
    assert client.post("/i18n/sprache/", {"language": "en", "next": "/"}).status_code == 405
