"""Pages in German and English: the English tree at /en/, the language switch, and editors
translating a page in the admin (Wagtail's localisation with simple_translation)."""

import pytest
from wagtail.models import Locale

from cms.models import ContentPage, HomePage
from tests.factories import EditorFactory
from tests.pilots.builders import make_pilot


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def translate(page, locale, **fields):
    """What an editor's "Translate" and "Publish" do, with the English title and slug."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save()
    translated.save_revision().publish()
    return translated


@pytest.fixture
def impressum(home):
    page = ContentPage(title="Impressum", slug="impressum")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def english_home(home, english):
    return translate(
        home, english, title="Get involved", intro_heading="Help shape the city", intro="Hello"
    )


def switch(client, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


@pytest.mark.django_db
def test_english_home_shows_the_english_trees_text(client, home, english_home):
    content = client.get("/en/").content.decode()

    assert '<h1 id="home-heading">Help shape the city</h1>' in content
    assert "Willkommen" not in content
    assert '<h1 id="home-heading">Willkommen</h1>' in client.get("/").content.decode()


@pytest.mark.django_db
def test_switch_on_a_german_legal_page_lands_on_its_english_translation(
    client, impressum, english_home, english
):
    translate(impressum, english, title="Imprint", slug="imprint")

    response = switch(client, "en", "/impressum/")
    assert response.status_code == 302
    assert response["Location"] == "/en/imprint/"
    assert "<h1>Imprint</h1>" in client.get("/en/imprint/").content.decode()

    back = switch(client, "de", "/en/imprint/")
    assert back["Location"] == "/impressum/"


@pytest.mark.django_db
def test_the_headers_language_link_leads_to_the_translation_and_back(
    client, impressum, english_home, english
):
    from tests.security.test_language_switch import language_link

    translate(impressum, english, title="Imprint", slug="imprint")

    to_english = client.get(language_link(client.get("/impressum/")))
    assert to_english["Location"] == "/en/imprint/"
    to_german = client.get(language_link(client.get("/en/imprint/")))
    assert to_german["Location"] == "/impressum/"


@pytest.mark.django_db
def test_switch_on_a_german_pilot_page_lands_on_its_english_translation(
    client, english_home, english
):
    pilot = make_pilot("Smarte Parkplatzsensoren")
    translate(pilot, english, title="Smart parking sensors", slug="smart-parking-sensors")

    response = switch(client, "en", pilot.url)

    assert response["Location"].endswith("/smart-parking-sensors/")
    assert response["Location"].startswith("/en/")
    assert "Smart parking sensors" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_page_without_translation_stays_reachable_in_the_english_interface(
    client, home, impressum, english_home
):
    """No English version: the German page is shown at /en/…, as before the English tree."""
    response = switch(client, "en", "/impressum/")
    assert response["Location"] == "/en/impressum/"

    page = client.get("/en/impressum/")
    assert page.status_code == 200
    assert '<html lang="en"' in page.content.decode()
    assert "Impressum" in page.content.decode()


@pytest.mark.django_db
def test_german_address_under_en_leads_to_the_english_translation(
    client, impressum, english_home, english
):
    translate(impressum, english, title="Imprint", slug="imprint")

    response = client.get("/en/impressum/")

    assert response.status_code == 302
    assert response["Location"] == "/en/imprint/"


@pytest.mark.django_db
def test_english_page_without_german_original_falls_back_to_the_german_home(client, english_home):
    only_english = ContentPage(title="Visitors from abroad", slug="visitors")
    english_home.add_child(instance=only_english)
    only_english.save_revision().publish()

    response = switch(client, "de", "/en/visitors/")

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_editor_translates_a_page_in_the_admin(client, impressum, english_home, english):
    client.force_login(EditorFactory())

    form = client.get(f"/admin/translation/submit/page/{impressum.pk}/")
    assert form.status_code == 200
    response = client.post(
        f"/admin/translation/submit/page/{impressum.pk}/", {"locales": [english.pk]}
    )

    assert response.status_code == 302
    translated = ContentPage.objects.get(locale=english, translation_key=impressum.translation_key)
    assert response["Location"] == f"/admin/pages/{translated.pk}/edit/"
    assert translated.get_parent().pk == english_home.pk
    assert not translated.live  # a draft until the editor publishes the English text
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_footer_in_english_links_the_english_legal_page(client, impressum, english_home, english):
    translate(impressum, english, title="Imprint", slug="imprint")

    content = client.get("/en/").content.decode()

    assert 'href="/en/imprint/"' in content
    assert 'href="/impressum/"' in client.get("/").content.decode()
    assert HomePage.objects.filter(locale=english).count() == 1


@pytest.mark.django_db
def test_screen_readers_hear_each_pages_text_in_its_own_language(
    client, impressum, english_home, english
):
    """A German page shown in the English interface marks its text German; an English
    translation is not marked German."""
    german_in_english = client.get("/en/impressum/").content.decode()
    assert '<div lang="de">' in german_in_english

    translate(impressum, english, title="Imprint", slug="imprint")
    english_page = client.get("/en/imprint/").content.decode()

    assert '<div lang="de">' not in english_page
