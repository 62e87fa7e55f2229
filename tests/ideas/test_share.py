"""The share section of the idea and pilot pages: a mail link with the title and the page's
address, the address in a read-only field to copy; no third-party widget (issue 13)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from tests.factories import IdeaFactory
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db

TITLE = "Bänke & Schatten am Laurentiusplatz: 100 % Grün?"


def share_links(html):
    """The share section's mail link (as the browser reads the attribute) and the address in
    its copy field."""
    section = re.search(r'<section class="panel share".*?</section>', html, re.S)
    assert section, "no share section on the page"
    section = section.group(0)
    mailto = unescape(re.search(r'href="(mailto:[^"]*)"', section).group(1))
    field = unescape(re.search(r'<input[^>]*id="share-link"[^>]*value="([^"]*)"', section).group(1))
    return mailto, field, section


def assert_mail_link(mailto, title, url):
    raw_query = urlsplit(mailto).query
    assert " " not in raw_query and "+" not in raw_query  # spaces are %20 (RFC 6068)
    assert raw_query.count("&") == 1  # the "&" in the title is encoded
    query = parse_qs(raw_query, strict_parsing=True)
    assert query == {"subject": [title], "body": [url]}


def test_idea_page_shares_by_mail_and_shows_the_address_to_copy(client):
    idea = IdeaFactory(title=TITLE)
    html = client.get(idea.get_absolute_url()).content.decode()
    url = settings.SITE_URL + idea.get_absolute_url()

    mailto, field, section = share_links(html)

    assert_mail_link(mailto, TITLE, url)
    assert field == url
    assert "readonly" in section
    assert "Per E-Mail teilen" in section and "Link kopieren" in section
    # The copy and Web Share buttons appear only with JavaScript.
    assert re.search(r"<button[^>]*data-share-copy[^>]*hidden", section)
    assert re.search(r"<button[^>]*data-share-native[^>]*hidden", section)
    assert 'aria-live="polite"' in section


def test_idea_page_share_section_speaks_english_on_the_english_page(client):
    idea = IdeaFactory(title=TITLE)
    html = client.get("/en" + idea.get_absolute_url()).content.decode()
    _mailto, _field, section = share_links(html)
    assert "Share by e-mail" in section and "Copy link" in section


def test_ideas_not_public_yet_offer_no_sharing(client):
    idea = IdeaFactory(hidden=True)
    client.force_login(idea.author)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'class="panel share"' not in html


def test_pilot_page_shares_by_mail_and_shows_the_address_to_copy(client, home):
    pilot = make_pilot(title="Parken & Laden: 12 Sensoren")
    html = client.get(pilot.url).content.decode()
    url = settings.SITE_URL + pilot.url

    mailto, field, _section = share_links(html)

    assert url.startswith("http") and url.endswith("/parken-laden-12-sensoren/")
    assert_mail_link(mailto, "Parken & Laden: 12 Sensoren", url)
    assert field == url
