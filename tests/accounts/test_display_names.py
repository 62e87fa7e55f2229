"""Display names: nobody poses as the city, no invisible characters, names isolated in HTML.

The forms are posted as a browser posts them (sign-up and profile); a refused name comes
back in the field as typed, with a German error.
"""

import pytest
from django.utils.html import escape

from discussion.models import Comment
from participation.accounts.models import User
from tests.discussion.helpers import write
from tests.factories import IdeaFactory, UserFactory

from .test_profile import form_data

pytestmark = pytest.mark.django_db

RESERVED = [
    "Redaktion",
    "Stadt Wuppertal – Redaktion",
    "redaktion",
    "ＲＥＤＡＫＴＩＯＮ",  # fullwidth letters: NFKC makes them "REDAKTION"
    "Die Moderation",
    "Admin",
    "Verwaltung-Team",
]
INVISIBLE = [
    "Anna\u202enilreB",  # right-to-left override
    "Re\u200bdaktion",  # zero-width space hiding a reserved word
    "Anna\u200cBerg",
    "Anna\u200dBerg",
    "An\u2060na",
    "\ufeffAnna",
    "Anna \u202aBerg\u202c",
    "Anna \u202bBerg",
    "Anna \u202dBerg",
    "Anna \u2066Berg\u2069",
    "Anna \u2067Berg",
    "Anna \u2068Berg",
]
LEGITIMATE = ["Jürgen Müller-Lüdenscheidt", "Stadtteilgruppe Ölberg", "Zoë Ødegård", "Ali Şahin"]


def assert_refused_and_kept(response, name, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{escape(name)}"' in html  # what was typed stays in the field
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("name", RESERVED)
def test_sign_up_refuses_a_reserved_word_and_keeps_the_input(sign_up, name):
    response = sign_up("neu@example.org", display_name=name)

    assert_refused_and_kept(response, name, "vorbehalten")
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.mark.parametrize("name", INVISIBLE)
def test_sign_up_refuses_bidi_controls_and_zero_width_characters(sign_up, name):
    response = sign_up("neu@example.org", display_name=name)

    assert_refused_and_kept(response, name, "unsichtbare Steuer- oder Formatzeichen")
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.mark.parametrize("name", LEGITIMATE)
def test_sign_up_accepts_names_with_umlauts_and_hyphens(sign_up, name):
    assert sign_up("neu@example.org", display_name=name).status_code == 302
    assert User.objects.get(email="neu@example.org").display_name == name


@pytest.mark.parametrize("name", RESERVED + INVISIBLE)
def test_profile_refuses_reserved_and_invisible_names_and_keeps_the_input(client, resident, name):
    client.force_login(resident)

    response = client.post("/konto/profil/", form_data(resident, display_name=name))

    assert_refused_and_kept(response, name, "Anzeigename")
    resident.refresh_from_db()
    assert resident.display_name == "Anna Anwohnerin"


@pytest.mark.parametrize("name", LEGITIMATE)
def test_profile_accepts_names_with_umlauts_and_hyphens(client, resident, name):
    client.force_login(resident)

    assert client.post("/konto/profil/", form_data(resident, display_name=name)).status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == name


def test_editors_may_sign_as_the_editorial_team_but_not_with_invisible_characters(client, editor):
    client.force_login(editor)

    ok = client.post("/konto/profil/", form_data(editor, display_name="Redaktion Mitwirken"))
    refused = client.post("/konto/profil/", form_data(editor, display_name="Re\u200bdaktion"))

    assert ok.status_code == 302
    assert refused.status_code == 200
    editor.refresh_from_db()
    assert editor.display_name == "Redaktion Mitwirken"


def test_the_reserved_words_come_from_the_setting(client, resident, settings):
    settings.RESERVED_DISPLAY_NAMES = ["Bürgerbüro", "Stadt Wuppertal"]
    client.force_login(resident)

    refused = client.post("/konto/profil/", form_data(resident, display_name="BÜRGERBÜRO"))
    refused_pair = client.post(
        "/konto/profil/", form_data(resident, display_name="Die Stadt  Wuppertal")
    )
    allowed = client.post("/konto/profil/", form_data(resident, display_name="Redaktion"))

    assert refused.status_code == 200 and "„Bürgerbüro“" in refused.content.decode()
    assert refused_pair.status_code == 200
    assert allowed.status_code == 302


# --- Names in HTML: inside <bdi> ----------------------------------------------------------


def test_the_idea_page_shows_its_author_inside_bdi(client):
    idea = IdeaFactory(author=UserFactory(display_name="مريم الخطيب"))

    html = client.get(idea.get_absolute_url()).content.decode()

    assert "<bdi>مريم الخطيب</bdi>" in html


def test_a_comment_shows_its_author_inside_bdi(client, idea):
    author = UserFactory(display_name="<b>Rita</b>")
    client.force_login(author)
    assert write(client, idea, "Gute Idee").status_code == 302
    assert Comment.objects.count() == 1

    html = client.get(idea.get_absolute_url()).content.decode()

    assert '<strong class="comment__author"><bdi>&lt;b&gt;Rita&lt;/b&gt;</bdi></strong>' in html
    assert "<b>Rita</b>" not in html  # still escaped


def test_the_profile_header_shows_the_name_inside_bdi(client, resident):
    client.force_login(resident)

    html = client.get("/konto/profil/").content.decode()

    assert "<h1><bdi>Anna Anwohnerin</bdi></h1>" in html
