"""The allauth pages and mails are ours: German, on the portal layout, accessible."""

import re

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db

SKIP_LINK = "Zum Inhalt springen"  # from base.html


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def input_tag(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match.group(0)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/konto/login/", "Anmelden"),
        ("/konto/signup/", "Registrieren"),
        ("/konto/confirm-email/", "Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        ("/konto/confirm-email/ungueltig/", "E-Mail-Adresse bestätigen"),
        ("/konto/password/reset/", "Passwort vergessen"),
        ("/konto/password/reset/done/", "E-Mail unterwegs"),
        ("/konto/password/reset/key/done/", "Passwort geändert"),
        ("/konto/inactive/", "Konto nicht aktiv"),
    ],
)
def test_entrance_pages_are_german_on_the_portal_layout(client, url, heading):
    html = html_of(client.get(url))

    assert SKIP_LINK in html
    assert '<html lang="de" ' in html
    assert f"<h1>{heading}" in html
    assert "{%" not in html and "{{" not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/konto/password/change/", "Passwort ändern"),
        ("/konto/email/", "E-Mail-Adressen"),
        ("/konto/logout/", "Abmelden"),
        ("/konto/reauthenticate/", "Zugang bestätigen"),
        ("/konto/profil/", "<bdi>Anna Anwohnerin</bdi>"),
        ("/konto/daten/", "Meine Daten"),
        ("/konto/loeschen/", "Konto löschen"),
    ],
)
def test_account_pages_are_german_on_the_portal_layout(client, resident, url, heading):
    client.force_login(resident)

    html = html_of(client.get(url))

    assert SKIP_LINK in html
    assert f"<h1>{heading}" in html


def test_signup_fields_have_labels_and_autocomplete(client):
    html = html_of(client.get("/konto/signup/"))

    for name, autocomplete in [
        ("email", "email"),
        ("display_name", "nickname"),
        ("password1", "new-password"),
        ("password2", "new-password"),
    ]:
        assert f'<label class="kern-label" for="id_{name}">' in html
        assert f'autocomplete="{autocomplete}"' in input_tag(html, name)
    assert "öffentlich" in html
    assert "E-Mail-Adresse wird nie angezeigt" in html
    assert 'aria-describedby="id_display_name_helptext"' in input_tag(html, "display_name")


def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    html = html_of(client.get("/konto/signup/"))

    match = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>\s*</div>', html, re.S)
    assert match
    assert 'name="website"' in match.group(1)
    assert 'tabindex="-1"' in input_tag(html, "website")


def test_errors_are_summarised_at_the_top_and_linked_to_their_fields(client):
    response = client.post(
        "/konto/signup/",
        {"email": "keine-adresse", "display_name": "x", "password1": "a", "password2": "b"},
    )
    html = html_of(response)

    summary_at = html.index('class="error-summary"')
    assert summary_at < html.index('<form method="post" action="/konto/signup/"')
    assert 'href="#id_email"' in html
    assert 'href="#id_display_name"' in html
    email = input_tag(html, "email")
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email_error"' in email
    assert 'id="id_email_error"' in html
    assert "<title>Fehler:" in html


def test_login_fields_have_autocomplete(client):
    html = html_of(client.get("/konto/login/"))

    assert 'autocomplete="email"' in input_tag(html, "login")
    assert 'autocomplete="current-password"' in input_tag(html, "password")
    assert 'href="/konto/password/reset/"' in html


def test_password_change_fields_have_autocomplete(client, resident):
    client.force_login(resident)

    html = html_of(client.get("/konto/password/change/"))

    assert 'autocomplete="current-password"' in input_tag(html, "oldpassword")
    assert 'autocomplete="new-password"' in input_tag(html, "password1")


def test_email_page_lists_addresses_with_status(client, resident):
    client.force_login(resident)

    html = html_of(client.get("/konto/email/"))

    assert resident.email in html
    assert "Haupt-Adresse" in html
    assert "bestätigt" in html
    assert 'name="action_add"' in html


def test_pages_need_no_inline_script_or_style(client):
    html = html_of(client.get("/konto/signup/"))

    assert "<script>" not in html
    assert ' style="' not in html


def test_429_page_is_german():
    from django.template.loader import render_to_string

    request = RequestFactory().get("/")
    with translation.override("de"):
        html = render_to_string("429.html", request=request)

    assert "Zu viele Versuche" in html
    assert "warten" in html


@pytest.mark.parametrize(
    ("prefix", "subject"),
    [
        ("account/email/email_confirmation_signup", "Bitte bestätigen Sie Ihre Registrierung"),
        ("account/email/email_confirmation", "Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        ("account/email/password_reset_key", "Passwort zurücksetzen"),
        ("account/email/unknown_account", "Kein Konto mit dieser Adresse"),
        ("account/email/account_already_exists", "Sie haben bereits ein Konto"),
    ],
)
def test_mails_are_german_and_signed_by_mitwirken(resident, prefix, subject):
    request = RequestFactory().get("/")
    context = {
        "user": resident,
        "email": resident.email,
        "activate_url": "http://testserver/konto/confirm-email/KEY/",
        "password_reset_url": "http://testserver/konto/password/reset/key/1-KEY/",
        "signup_url": "http://testserver/konto/signup/",
        "request": request,
    }
    with translation.override("de"):
        message = get_adapter(request).render_mail(prefix, resident.email, context)

    assert message.subject == f"[Mitwirken] {subject}"
    assert message.body.startswith("Guten Tag,")
    assert "Ihr Mitwirken-Team" in message.body
    assert "http://testserver/konto/" in message.body
    assert "{%" not in message.body
