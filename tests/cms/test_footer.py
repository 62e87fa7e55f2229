"""Every page's footer links the five legal pages: Wagtail pages, our views, allauth, errors."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cms import legal
from cms.models import ContentPage, LegalLinks
from participation import constants

KEYS = ["impressum", "datenschutz", "barrierefreiheit", "leichte_sprache", "kontakt"]


def footer(response):
    content = response.content.decode()
    match = re.search(r'<footer class="site-footer">(.*?)</footer>', content, re.S)
    assert match, "no footer on the page"
    return match.group(1)


def footer_hrefs(response):
    return re.findall(r'<a href="([^"]+)"', footer(response))


def expected_urls(pages, language="de"):
    """Each page's address in ``language``: its translation's where one is live."""
    with translation.override(language):
        locale = Locale.objects.get(language_code=language)
        localised = [pages[key].get_translation_or_none(locale) or pages[key] for key in KEYS]
        return [page.url for page in localised]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "language"),
    [
        ("/", 200, "de"),
        ("/en/", 200, "en"),
        ("/impressum/", 200, "de"),
        ("/kontakt/", 200, "de"),
        ("/konto/login/", 200, "de"),
        ("/en/konto/login/", 200, "en"),
        ("/diese-seite-gibt-es-nicht/", 404, "de"),
        ("/ideen/gibt-es-nicht/", 404, "de"),
    ],
)
def test_footer_links_all_five_legal_pages(client, legal_pages, path, status, language):
    response = client.get(path)

    assert response.status_code == status
    hrefs = footer_hrefs(response)
    urls = expected_urls(legal_pages, language)
    assert hrefs[: len(urls)] == urls
    if language == "en":
        assert urls == [
            "/en/imprint/",
            "/en/privacy/",
            "/en/accessibility/",
            "/en/leichte-sprache/",  # not translated: the German page in English
            "/en/contact/",
        ]
    if language == "de":
        assert urls == [
            "/impressum/",
            "/datenschutz/",
            "/barrierefreiheit/",
            "/leichte-sprache/",
            "/kontakt/",
        ]


@pytest.mark.django_db
def test_footer_labels_are_german_and_english(client, legal_pages):
    german = footer(client.get("/"))
    english = footer(client.get("/en/"))

    for label in ["Impressum", "Datenschutz", "Barrierefreiheit", "Leichte Sprache"]:
        assert f">{label}</a>" in german
    assert "Kontakt &amp; Feedback</a>" in german
    for label in ["Legal notice", "Privacy", "Accessibility", "Easy Language (Leichte Sprache)"]:
        assert f">{label}</a>" in english
    assert "© " in german and "Stadt Wuppertal" in german


@pytest.mark.django_db
def test_footer_marks_the_current_legal_page(client, legal_pages):
    assert 'href="/impressum/" aria-current="page"' in footer(client.get("/impressum/"))


@pytest.mark.django_db
def test_footer_follows_the_site_setting_at_once(client, legal_pages):
    other = legal_pages["impressum"].add_sibling(
        instance=ContentPage(title="Impressum (neu)", slug="impressum-neu")
    )
    links = LegalLinks.objects.get()
    links.impressum = other
    links.copyright_holder = "Stadt Beispielstadt"
    links.save()

    response = client.get("/")

    assert footer_hrefs(response)[0] == "/impressum-neu/"
    assert "Stadt Beispielstadt" in footer(response)


@pytest.mark.django_db
def test_footer_falls_back_to_pages_by_slug_when_the_setting_is_empty(client, legal_pages):
    LegalLinks.objects.all().delete()

    assert footer_hrefs(client.get("/"))[:5] == expected_urls(legal_pages)


@pytest.mark.django_db
def test_footer_skips_an_unpublished_choice_for_the_live_page_with_the_slug(client, legal_pages):
    draft = legal_pages["impressum"].add_sibling(
        instance=ContentPage(title="Entwurf", slug="impressum-entwurf", live=False)
    )
    LegalLinks.objects.update(impressum=draft)

    assert footer_hrefs(client.get("/"))[0] == "/impressum/"


@pytest.mark.django_db
def test_legal_links_cost_at_most_two_queries_and_are_kept_until_a_change(legal_pages):
    request = RequestFactory().get("/ideen/")
    constants.remember(
        "warm", lambda: None
    )  # the shared token read (a query on the database cache)

    with CaptureQueriesContext(connection) as queries:
        first = legal.lookup(request)
        again = legal.lookup(request)
    with CaptureQueriesContext(connection) as later:
        next_request = legal.lookup(RequestFactory().get("/ideen/"))

    assert len(queries) <= 2
    assert again is first
    assert [link.url for link in first.links] == expected_urls(legal_pages)
    assert next_request is first
    assert "cms_legallinks" not in " ".join(q["sql"] for q in later.captured_queries)


@pytest.mark.django_db
def test_legal_links_without_any_site_render_nothing(rf):
    from wagtail.models import Site

    Site.objects.all().delete()

    assert legal.lookup(rf.get("/")).links == []


@pytest.mark.django_db
def test_footer_without_database_renders_no_links_instead_of_failing(rf, monkeypatch):
    from django.db import OperationalError

    def broken(request):
        raise OperationalError("database is down")

    monkeypatch.setattr(legal, "_lookup", broken)

    info = legal.lookup(rf.get("/"))

    assert info.links == []
    assert info.copyright_holder == "Stadt Wuppertal"
