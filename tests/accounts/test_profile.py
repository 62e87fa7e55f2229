import re

import pytest

from participation.accounts.models import User

pytestmark = pytest.mark.django_db


def profile_header(html):
    match = re.search(r'<header class="profile-header">(.*?)</header>', html, re.S)
    assert match, "profile header missing"
    return match.group(1)


def form_data(user, **changes):
    data = {
        "display_name": user.display_name,
        "language": user.language,
        "notify": user.notify,
        "follow_supported": "on" if user.follow_supported else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize("url", ["/konto/profil/", "/konto/daten/", "/konto/loeschen/", "/admin/"])
def test_account_pages_and_the_admin_send_visitors_to_the_allauth_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_profile_header_shows_the_display_name_not_the_email(client, resident):
    client.force_login(resident)

    response = client.get("/konto/profil/")

    assert response.status_code == 200
    header = profile_header(response.content.decode())
    assert "Anna Anwohnerin" in header
    assert resident.email not in header
    assert "Forschung" not in header


def test_researcher_sees_the_research_badge_with_institution(client, researcher):
    client.force_login(researcher)

    header = profile_header(client.get("/konto/profil/").content.decode())

    assert "Forschung" in header
    assert "Bergische Universität Wuppertal" in header


def test_profile_links_password_change_and_email_management(client, resident):
    client.force_login(resident)

    html = client.get("/konto/profil/").content.decode()

    assert 'href="/konto/password/change/"' in html
    assert 'href="/konto/email/"' in html
    assert 'href="/konto/daten/"' in html
    assert 'href="/konto/loeschen/"' in html


def test_profile_saves_name_notifications_and_follow_preference(client, resident):
    client.force_login(resident)

    response = client.post(
        "/konto/profil/",
        form_data(resident, display_name="  Anna   B.  ", notify="daily", follow_supported=""),
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Anna B."
    assert resident.notify == "daily"
    assert resident.follow_supported is False


def test_changing_the_language_continues_in_that_language(client, resident):
    client.force_login(resident)

    response = client.post("/konto/profil/", form_data(resident, language="en"))

    assert response.status_code == 302
    assert response["Location"] == "/en/konto/profil/"
    assert response.cookies["django_language"].value == "en"
    resident.refresh_from_db()
    assert resident.language == "en"
    page = client.get(response["Location"])
    assert '<html lang="en" ' in page.content.decode()

    back = client.post("/en/konto/profil/", form_data(resident, language="de"))
    assert back["Location"] == "/konto/profil/"


def test_display_name_with_an_email_is_refused(client, resident):
    client.force_login(resident)

    response = client.post("/konto/profil/", form_data(resident, display_name="a@b.de"))

    assert response.status_code == 200
    assert 'href="#id_display_name"' in response.content.decode()
    assert User.objects.get(pk=resident.pk).display_name == "Anna Anwohnerin"


def test_only_researchers_can_edit_institution(client, resident, researcher):
    client.force_login(resident)
    client.post("/konto/profil/", form_data(resident, institution="Fake-Institut"))
    resident.refresh_from_db()
    assert resident.institution == ""

    client.force_login(researcher)
    client.post(
        "/konto/profil/",
        form_data(researcher, institution="Uni W", research_group="AG Mobilität"),
    )
    researcher.refresh_from_db()
    assert (researcher.institution, researcher.research_group) == ("Uni W", "AG Mobilität")
