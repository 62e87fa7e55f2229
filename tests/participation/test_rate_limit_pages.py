"""Each rate limit answers 429 with a page that says what was limited and when to try again.

Every limit is reached through its real endpoint with the limit lowered in the settings.
"""

import pytest

from participation.ratelimit import wait_text, window_seconds
from tests.accounts.conftest import FACTORY_PASSWORD, PASSWORD
from tests.discussion.helpers import write
from tests.factories import CommentFactory, IdeaFactory, idea_form_data

pytestmark = pytest.mark.django_db

RESET_HINT = "Link zum Zurücksetzen an"


def limited_page(response, heading, wait):
    assert response.status_code == 429
    html = response.content.decode()
    assert heading in html
    assert f"spätestens in {wait} erneut" in html
    return html


@pytest.fixture
def allauth_limits(settings):
    """``allauth_limits(signup="1/h/ip")``: lower allauth's limits for one test."""

    def lower(**limits):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **limits}

    return lower


# --- The portal's own limits --------------------------------------------------------------


def test_supports(client, resident, settings):
    settings.RATE_LIMIT_SUPPORT = "1/60"
    first, second = IdeaFactory.create_batch(2)
    client.force_login(resident)
    assert client.post(f"/ideen/{first.pk}/unterstuetzen/").status_code == 302

    response = client.post(f"/ideen/{second.pk}/unterstuetzen/")

    html = limited_page(response, "Zu viele Unterstützungen in kurzer Zeit", "1 Minute")
    assert RESET_HINT not in html and "Passwort" not in html


def test_idea_reports(client, resident, settings):
    settings.RATE_LIMIT_REPORT = "1/600"
    first, second = IdeaFactory.create_batch(2)
    client.force_login(resident)
    assert client.post(f"/ideen/{first.pk}/melden/", {"reason": "spam"}).status_code == 302

    response = client.post(f"/ideen/{second.pk}/melden/", {"reason": "spam"})

    html = limited_page(response, "Zu viele Meldungen in kurzer Zeit", "10 Minuten")
    assert "Passwort" not in html


def test_comment_reports(client, resident, idea, settings):
    settings.RATE_LIMIT_REPORT = "1/3600"
    first, second = CommentFactory(target=idea), CommentFactory(target=idea)
    client.force_login(resident)
    url = "/ideen/kommentare/{}/melden/"
    assert client.post(url.format(first.pk), {"reason": "spam"}).status_code == 302

    response = client.post(url.format(second.pk), {"reason": "spam"})

    limited_page(response, "Zu viele Meldungen in kurzer Zeit", "1 Stunde")


def test_comments(client, resident, idea, settings):
    settings.RATE_LIMIT_COMMENT = "1/600"
    client.force_login(resident)
    assert write(client, idea, "Eins").status_code == 302

    response = write(client, idea, "Zwei")

    html = limited_page(response, "Zu viele Kommentare in kurzer Zeit", "10 Minuten")
    assert "Zwei" in html and "Passwort" not in html


def test_ideas_per_day(client, resident, settings):
    settings.IDEAS_PER_DAY = 1
    client.force_login(resident)
    assert client.post("/ideen/neu/", idea_form_data(action="publish")).status_code == 302

    response = client.post("/ideen/neu/", idea_form_data(title="Noch eine", action="publish"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "höchstmögliche Zahl an Ideen" in html and "morgen" in html
    assert "Noch eine" in html  # the form keeps what was written


# --- allauth's limits (through handler429) --------------------------------------------------


def test_sign_ups(client, allauth_limits):
    allauth_limits(signup="1/h/ip")
    data = {"display_name": "Bea Beispiel", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/konto/signup/", {**data, "email": "a@example.org"}).status_code == 302

    response = client.post("/konto/signup/", {**data, "email": "b@example.org"})

    html = limited_page(response, "Zu viele Registrierungen", "1 Stunde")
    assert RESET_HINT not in html


def test_logins(client, resident, allauth_limits):
    allauth_limits(login="1/m/ip")
    login = {"login": resident.email, "password": FACTORY_PASSWORD}
    assert client.post("/konto/login/", login).status_code == 302
    client.logout()

    response = client.post("/konto/login/", login)

    html = limited_page(response, "Zu viele Anmeldungen", "1 Minute")
    assert RESET_HINT not in html


def test_failed_logins_mention_the_password_reset(client, resident, allauth_limits):
    allauth_limits(login_failed="1/m/ip,2/5m/key")
    wrong = {"login": resident.email, "password": "falsch-falsch-falsch"}
    assert client.post("/konto/login/", wrong).status_code == 200

    response = client.post("/konto/login/", wrong)

    html = limited_page(response, "Zu viele falsche Passwörter", "5 Minuten")
    assert RESET_HINT in html  # here, and only here, the reset link is the way out


def test_password_reset_requests(client, resident, allauth_limits):
    allauth_limits(reset_password="1/m/ip")
    assert client.post("/konto/password/reset/", {"email": resident.email}).status_code == 302

    response = client.post("/konto/password/reset/", {"email": resident.email})

    html = limited_page(response, "Zu viele Anfragen zum Zurücksetzen des Passworts", "1 Minute")
    assert RESET_HINT not in html


def test_email_management(client, resident, allauth_limits):
    allauth_limits(manage_email="1/m/user")
    client.force_login(resident)
    add = {"action_add": "", "email": "zweite@example.org"}
    assert client.post("/konto/email/", add).status_code == 302

    response = client.post("/konto/email/", {**add, "email": "dritte@example.org"})

    limited_page(response, "Zu viele Änderungen an Ihren E-Mail-Adressen", "1 Minute")


def test_password_changes(client, resident, allauth_limits):
    allauth_limits(change_password="1/m/user")
    client.force_login(resident)
    change = {"oldpassword": "falsch-falsch", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/konto/password/change/", change).status_code == 200

    response = client.post("/konto/password/change/", change)

    limited_page(response, "Zu viele Passwortänderungen", "1 Minute")


# --- The window as text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "wait"),
    [
        ("10/60", "1 Minute"),
        ("5/600", "10 Minuten"),
        ("5/90", "2 Minuten"),
        ("5/30", "30 Sekunden"),
        ("5/h/ip", "1 Stunde"),
        ("10/m/ip,5/5m/key", "5 Minuten"),
        ("3/2d/key", "2 Tagen"),
    ],
)
def test_the_wait_is_the_limits_longest_window(limit, wait):
    assert wait_text(window_seconds(limit)) == wait
