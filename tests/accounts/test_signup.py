import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from participation.accounts.models import User, user_can_participate
from tests.factories import UserFactory

from .conftest import FACTORY_PASSWORD, PASSWORD, is_logged_in, link_in

pytestmark = pytest.mark.django_db


def test_signup_sends_a_german_verification_mail_and_creates_an_inactive_address(
    sign_up, mailoutbox
):
    response = sign_up("neu@example.org", display_name="Nora Neu")

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Nora Neu"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["neu@example.org"]
    assert mail.subject == "[Mitwirken] Bitte bestätigen Sie Ihre Registrierung"
    assert "Nora Neu" not in mail.body  # the address is not confirmed yet: no chosen text
    assert mail.body.startswith("Guten Tag,")
    assert "/konto/confirm-email/" in mail.body


ATTACKER_TEXT = "Gewinn! Jetzt evil.example/abholen"


def test_a_display_name_is_never_mailed_to_the_unconfirmed_address(sign_up, mailoutbox):
    response = sign_up("opfer@example.org", display_name=ATTACKER_TEXT)

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["opfer@example.org"]]
    mail = mailoutbox[0]
    for text in (mail.subject, mail.body, *(body for body, _type in mail.alternatives)):
        assert "evil.example" not in text and "Gewinn" not in text
    assert mail.body.startswith("Guten Tag,")


def test_the_confirmation_page_shows_the_chosen_name_only_to_the_account_holder(
    client, sign_up, mailoutbox
):
    sign_up("opfer@example.org", display_name=ATTACKER_TEXT)
    link = link_in(mailoutbox[0], "/konto/confirm-email/")

    stranger = Client().get(link).content.decode()  # the person at the address, not signed in
    assert "evil.example" not in stranger and "Gewinn" not in stranger
    assert "opfer@example.org" in stranger
    client.force_login(User.objects.get(email="opfer@example.org"))
    holder = client.get(link).content.decode()
    assert "<bdi>Gewinn! Jetzt evil.example/abholen</bdi>" in holder


def test_signing_up_with_a_taken_address_mails_no_chosen_text_either(sign_up, mailoutbox):
    UserFactory(email="vorhanden@example.org")

    sign_up("vorhanden@example.org", display_name=ATTACKER_TEXT)

    assert [m.to for m in mailoutbox] == [["vorhanden@example.org"]]
    assert "evil.example" not in mailoutbox[0].body
    assert "Gewinn" not in mailoutbox[0].body


def test_following_the_mail_link_activates_the_account_so_it_can_log_in(
    client, sign_up, log_in, mailoutbox
):
    sign_up("neu@example.org")
    link = link_in(mailoutbox[0], "/konto/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    assert "E-Mail-Adresse bestätigen" in page.content.decode()
    user = User.objects.get(email="neu@example.org")
    assert not user_can_participate(user), "GET alone must not confirm"

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert user_can_participate(user)

    client.post("/konto/logout/")
    assert not is_logged_in(client)
    response = log_in("neu@example.org")
    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unverified_account_cannot_log_in_and_sees_the_verification_page(
    client, log_in, mailoutbox
):
    # UserFactory(verified=False): UnverifiedUserFactory passes "verified" to the model.
    user = UserFactory(email="offen@example.org", verified=False)

    response = log_in("offen@example.org", password=FACTORY_PASSWORD, follow=True)

    assert response.redirect_chain[-1][0] == "/konto/confirm-email/"
    assert "account/verification_sent.html" in [t.name for t in response.templates]
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.content.decode()
    assert not is_logged_in(client)
    assert not user_can_participate(user)
    # A fresh link goes out so the person can still finish.
    assert [m.to for m in mailoutbox] == [["offen@example.org"]]


def test_sixth_signup_from_one_ip_within_an_hour_answers_429(sign_up):
    for number in range(5):
        response = sign_up(f"person{number}@example.org")
        assert response.status_code == 302, number

    response = sign_up("person5@example.org")

    assert response.status_code == 429
    assert "Zu viele" in response.content.decode()
    assert "429.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="person5@example.org").exists()
    # Another address is not affected: the limit is per IP.
    other = sign_up("anderswo@example.org", client=Client(REMOTE_ADDR="192.0.2.7"))
    assert other.status_code == 302


def test_filled_honeypot_creates_no_account_and_sends_no_mail(sign_up, mailoutbox):
    response = sign_up("bot@example.org", website="https://spam.example")

    assert response.status_code == 200
    assert not User.objects.filter(email="bot@example.org").exists()
    assert mailoutbox == []


def test_signup_with_an_existing_address_looks_the_same_and_mails_the_owner(
    resident, sign_up, mailoutbox
):
    """PREVENT_ENUMERATION: nobody learns from the page whether an address is registered."""
    response = sign_up(resident.email, display_name="Jemand Anderes")

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email=resident.email).count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[Mitwirken] Sie haben bereits ein Konto"
    assert "/konto/password/reset/" in mailoutbox[0].body


def test_display_name_must_not_be_an_email_address(sign_up):
    response = sign_up("neu@example.org", display_name="neu@example.org")

    assert response.status_code == 200
    assert "keine E-Mail-Adresse" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()


def test_mismatched_passwords_keep_the_form_with_an_error(sign_up):
    response = sign_up("neu@example.org", password2=PASSWORD + "x")

    assert response.status_code == 200
    assert not User.objects.filter(email="neu@example.org").exists()
    assert 'href="#id_password2"' in response.content.decode()


def test_signup_on_the_english_site_stores_english_as_the_account_language(client, commit):
    with commit():
        client.post(
            "/en/konto/signup/",
            {
                "email": "en@example.org",
                "display_name": "Emma English",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    assert User.objects.get(email="en@example.org").language == "en"
