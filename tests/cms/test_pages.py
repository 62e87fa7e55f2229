"""Home, content and legal pages as visitors see them, in German and English."""

import re

import pytest
from wagtail.models import Locale, Page, Site

from cms.models import ContentPage, HomePage

LEGAL_SLUGS = ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache", "kontakt"]


def page_in(client, url, lang):
    """The page's HTML, after checking that it answers and says which language it speaks."""
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r'<html lang="([^"]+)"', content).group(1) == lang
    return content


@pytest.mark.django_db
def test_german_home_page_shows_the_intro_and_the_four_steps(client, demo_content):
    content = page_in(client, "/", "de")

    home = HomePage.objects.get(locale__language_code="de")
    assert home.intro_heading in content
    assert home.intro.split("\n")[0] in content
    steps = ["Idee einreichen", "Unterstützung sammeln", "Prüfung durch Stadt und Universität"]
    for step in [*steps, "Pilotprojekt"]:
        assert step in content
    assert 'href="/ideen/neu/"' in content
    assert 'href="/ideen/"' in content
    assert "Welcome to your new Wagtail site" not in content


@pytest.mark.django_db
def test_english_home_page_speaks_english_and_links_english_urls(client, demo_content):
    content = page_in(client, "/en/", "en")

    german = HomePage.objects.get(locale__language_code="de")
    english = german.get_translation(Locale.objects.get(language_code="en"))
    assert f'<h1 id="home-heading">{english.intro_heading}</h1>' in content
    assert english.intro.split("\n")[0] in content
    assert german.intro_heading not in content
    assert "How it works" in content
    assert "Submit an idea" in content
    assert "Wie es funktioniert" not in content
    assert 'href="/en/ideen/neu/"' in content
    assert ">Legal notice</a>" in content
    assert ">Privacy</a>" in content


@pytest.mark.django_db
def test_english_page_marks_german_fallback_text_as_german(client, demo_content):
    home = HomePage.objects.get(locale__language_code="de")
    home.get_translation(Locale.objects.get(language_code="en")).unpublish()

    content = client.get("/en/").content.decode()

    assert f'<h1 id="home-heading" lang="de">{home.intro_heading}</h1>' in content


@pytest.mark.django_db
def test_legal_pages_exist_are_live_and_below_the_default_sites_home(demo_content):
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Mitwirken"
    assert site.root_page.specific_class is HomePage
    assert site.root_page.slug == "home"

    children = site.root_page.get_children()
    for slug in LEGAL_SLUGS:
        page = children.get(slug=slug)
        assert page.live, slug
    assert set(ContentPage.objects.filter(slug__in=LEGAL_SLUGS).values_list("slug", flat=True)) == {
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "leichte-sprache",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/impressum/", "Stabsstelle Digitalisierung und Smart City"),
        ("/datenschutz/", "Art. 6 Abs. 1 lit. e DSGVO"),
        ("/datenschutz/", "LDI NRW"),
        ("/barrierefreiheit/", "BITV 2.0"),
        ("/barrierefreiheit/", "Schlichtungsstelle"),
        ("/leichte-sprache/", "Was ist Mitwirken?"),
        ("/kontakt/", "Nachricht"),
    ],
)
def test_legal_pages_answer_with_their_text(client, demo_content, path, text):
    response = client.get(path)

    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.django_db
def test_content_page_shows_its_date_and_the_demo_notice_only_in_the_banner(client, demo_content):
    content = client.get("/datenschutz/").content.decode()

    assert "Stand:" in content
    assert 'datetime="2026-11-01"' in content
    main = content.split('<main id="main"', 1)[1]
    assert "Musterdaten" not in main
    assert "Demo-Installation" not in main
    banner = content.split('class="demo-banner"', 1)[1].split("</aside>", 1)[0]
    assert "Alle Ideen, Personen und Texte sind Beispiele" in banner


@pytest.mark.django_db
def test_wagtails_welcome_page_is_gone(demo_content):
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()
    # The German home page and its English translation.
    assert sorted(Page.objects.filter(depth=2).values_list("slug", flat=True)) == [
        "home",
        "home-en",
    ]


@pytest.mark.django_db
def test_page_types_nest_only_where_they_belong():
    from cms.models import FeedbackFormPage

    assert HomePage.allowed_parent_page_models() == [Page]
    assert FeedbackFormPage.allowed_subpage_models() == []
    assert ContentPage in HomePage.allowed_subpage_models()
    assert HomePage not in ContentPage.allowed_subpage_models()
    assert HomePage not in HomePage.allowed_subpage_models()
