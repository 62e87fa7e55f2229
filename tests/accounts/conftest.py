import re

import pytest

PASSWORD = "ein-langes-passwort-7"  # passes the validators (length 10, not common, not numeric)
FACTORY_PASSWORD = "ein-sicheres-passwort-42"  # tests.factories.UserFactory

LINK_RE = re.compile(r"https?://testserver(/\S+)")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def link_in(message, marker):
    """The path of the first link in a mail body that contains ``marker``."""
    for path in LINK_RE.findall(message.body):
        if marker in path:
            return path
    raise AssertionError(f"no link with {marker!r} in:\n{message.body}")


def without_csrf(html):
    return CSRF_RE.sub("", html)


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (mails are queued after commit) inside the test transaction."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def sign_up(client, commit):
    def post(email, display_name="Bea Beispiel", password=PASSWORD, client=client, **extra):
        data = {
            "email": email,
            "display_name": display_name,
            "password1": password,
            "password2": password,
            "website": "",
        }
        data.update(extra)
        with commit():
            return client.post("/konto/signup/", data)

    return post


@pytest.fixture
def log_in(client, commit):
    def post(email, password=PASSWORD, client=client, **extra):
        with commit():
            return client.post("/konto/login/", {"login": email, "password": password}, **extra)

    return post
