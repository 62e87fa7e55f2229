"""Managing an account through allauth's pages: email addresses and password."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from participation.accounts.models import ResearcherRoleRequest, User

from .conftest import FACTORY_PASSWORD, PASSWORD, is_logged_in, link_in

pytestmark = pytest.mark.django_db


def test_added_university_address_requests_the_researcher_role_once_confirmed(
    client, resident, commit, mailoutbox
):
    client.force_login(resident)

    with commit():
        response = client.post(
            "/konto/email/", {"action_add": "", "email": "anna@uni-wuppertal.de"}
        )

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=resident, email="anna@uni-wuppertal.de").exists()
    assert not User.objects.get(pk=resident.pk).is_researcher
    mail = mailoutbox[-1]
    assert mail.to == ["anna@uni-wuppertal.de"]
    assert mail.subject == "[Mitwirken] Bitte bestätigen Sie Ihre E-Mail-Adresse"

    with commit():
        client.post(link_in(mail, "/konto/confirm-email/"))

    assert not User.objects.get(pk=resident.pk).is_researcher  # an editor confirms first
    assert ResearcherRoleRequest.objects.filter(
        user=resident, email="anna@uni-wuppertal.de", state="open"
    ).exists()


def test_an_added_address_is_not_mailed_the_accounts_display_name(client, commit, mailoutbox):
    from tests.factories import UserFactory

    user = UserFactory(display_name="Gewinn! Jetzt evil.example/abholen")
    client.force_login(user)

    with commit():
        client.post("/konto/email/", {"action_add": "", "email": "opfer@example.org"})

    mail = mailoutbox[-1]
    assert mail.to == ["opfer@example.org"]
    assert "evil.example" not in mail.body and "Gewinn" not in mail.body
    assert mail.body.startswith("Guten Tag,")


def test_adding_an_invalid_address_shows_a_linked_error(client, resident):
    client.force_login(resident)

    response = client.post("/konto/email/", {"action_add": "", "email": "keine-adresse"})

    assert response.status_code == 200
    assert 'href="#id_email"' in response.content.decode()


def test_password_change_needs_the_current_password(client, resident):
    client.force_login(resident)

    wrong = client.post(
        "/konto/password/change/",
        {"oldpassword": "falsch-falsch", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert wrong.status_code == 200
    assert 'href="#id_oldpassword"' in wrong.content.decode()

    right = client.post(
        "/konto/password/change/",
        {"oldpassword": FACTORY_PASSWORD, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert right.status_code == 302
    assert User.objects.get(pk=resident.pk).check_password(PASSWORD)
    assert is_logged_in(client), "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off"


def test_verified_email_required_page_is_german():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    html = render_to_string("account/verified_email_required.html", request=request)

    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in html
    assert "Zum Inhalt springen" in html
