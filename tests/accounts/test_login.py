import pytest

from .conftest import FACTORY_PASSWORD, is_logged_in

pytestmark = pytest.mark.django_db


def test_verified_resident_logs_in_with_email_and_password(client, resident, log_in):
    response = log_in(resident.email, password=FACTORY_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_wrong_password_shows_a_german_error_without_logging_in(client, resident, log_in):
    response = log_in(resident.email, password="falsches-passwort")

    assert response.status_code == 200
    assert not is_logged_in(client)
    html = response.content.decode()
    assert "error-summary" in html
    assert "Passwort" in html


def test_sixth_failed_login_for_one_address_answers_429(client, resident, log_in):
    for attempt in range(5):
        response = log_in(resident.email, password=f"falsch-{attempt}")
        assert response.status_code == 200, attempt

    response = log_in(resident.email, password="falsch-5")

    assert response.status_code == 429
    assert "Zu viele falsche Passwörter" in response.content.decode()
    # Even the right password is refused until the window has passed.
    response = log_in(resident.email, password=FACTORY_PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_successful_login_does_not_use_up_the_failed_login_limit(client, resident, log_in):
    for _attempt in range(6):
        response = log_in(resident.email, password=FACTORY_PASSWORD)
        assert response.status_code == 302
        client.post("/konto/logout/")


def test_login_continues_in_the_language_of_the_account(client, log_in):
    from tests.factories import UserFactory

    UserFactory(email="english@example.org", language="en")

    response = log_in("english@example.org", password=FACTORY_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_login_keeps_an_explicit_next_url(client, resident, log_in):
    with_next = client.post(
        "/konto/login/?next=/konto/profil/",
        {"login": resident.email, "password": FACTORY_PASSWORD},
    )

    assert with_next.status_code == 302
    assert with_next["Location"] == "/konto/profil/"


def test_logout_needs_a_post_and_ends_the_session(client, resident):
    client.force_login(resident)

    page = client.get("/konto/logout/")
    assert page.status_code == 200
    assert "Möchten Sie sich wirklich abmelden?" in page.content.decode()
    assert is_logged_in(client)

    client.post("/konto/logout/")
    assert not is_logged_in(client)
