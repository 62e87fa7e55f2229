"""No state-changing request without a CSRF token (issue 12, item 5).

The walk sends POST, PUT, PATCH and DELETE without a token to every URL of the URL conf and
every page (``tests/security/urlconf.py``), as a superuser and as a visitor, with the client a
browser is (``enforce_csrf_checks``): each answers 403 with Django's CSRF failure page in German,
and no table has a row more or less afterwards. A new view is walked without a line here; a
view that turns the check off must be in ``CSRF_EXEMPT`` with its reason. A view checked by
``Origin``/``Referer`` instead of a token (``participation.csrf.csrf_protect_by_origin``) must
be in ``CSRF_BY_ORIGIN`` with its reason; it stays in the walk (no ``Origin``: refused).
"""

import pytest
from django.urls import get_resolver

from tests.security import urlconf

pytestmark = pytest.mark.django_db

#: Views that take requests without a CSRF token, and why that is safe.
CSRF_EXEMPT = {
    "ideas:unsubscribe": (
        "One-click unsubscribe from a mail client (RFC 8058): the signed token in the URL is "
        "the credential, and the only effect is fewer mails."
    ),
}

#: Views checked by Origin (over HTTPS without it: Referer) instead of a token, and why: their
#: form is on pages anonymous visitors read, which carry no token so that they stay cacheable.
CSRF_BY_ORIGIN = {
    "cms:dismiss_demo_banner": (
        'The demo banner\'s "Hinweis ausblenden" is on every page; its only effect is that the '
        "banner is hidden for the rest of the visit."
    ),
}

#: Wagtail's admin API (Django REST framework): the views are exempt from the middleware, and
#: DRF's SessionAuthentication checks the token itself for every logged-in request. They stay
#: in the walk and must answer DRF's CSRF refusal.
DRF_API = "wagtailadmin_api:"
DRF_CSRF_FAILURE = "CSRF Failed"

#: Django's CSRF failure page (``django.views.csrf.csrf_failure``) in the page's language.
CSRF_FAILURE = {"de": "CSRF-Verifizierung fehlgeschlagen", "en": "CSRF verification failed"}

FORM = {
    "text": "Ein Kommentar ohne Token.",
    "title": "Titel ohne Token",
    "language": "en",
    "next": "/",
    "action": "publish",
    "confirm": "yes",
    "reason": "spam",
    "login": "admin@example.org",
    "password": "ein-sicheres-passwort-42",
    "email": "neu@example.org",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from urlconf.rollback_world(django_db_blocker, tmp_path_factory)


def exempt_callbacks(*, by_origin=False):
    for route, entry, name, _localized in urlconf.patterns(get_resolver()):
        callback = entry.callback
        if getattr(callback, "csrf_exempt", False) and (
            getattr(callback, "csrf_by_origin", False) == by_origin
        ):
            yield name or route


def test_no_view_turns_the_csrf_check_off_unless_allowed_with_a_reason():
    exempt = {name for name in exempt_callbacks() if not name.startswith(DRF_API)}
    by_origin = set(exempt_callbacks(by_origin=True))

    assert exempt - set(CSRF_EXEMPT) == set(), "csrf_exempt without a reason in CSRF_EXEMPT"
    assert set(CSRF_EXEMPT) - exempt == set(), "CSRF_EXEMPT lists a view that is not exempt"
    assert by_origin == set(CSRF_BY_ORIGIN), "checked by Origin without a reason in CSRF_BY_ORIGIN"


def refused(response, url, *, logged_in):
    body = urlconf.body(response).decode(errors="replace")
    if url.name.startswith(DRF_API):
        if not logged_in:  # Wagtail sends a visitor to the login before DRF runs
            return response.status_code == 302 and "/login/" in response["Location"]
        return response.status_code == 403 and DRF_CSRF_FAILURE in body
    return response.status_code == 403 and CSRF_FAILURE[url.language] in body


def test_every_url_refuses_state_changing_requests_without_csrf_token(world):
    """As a superuser: every URL in German with POST, PUT, PATCH and DELETE, under ``/en/``
    with POST; as a visitor (no session): every URL in German with POST."""
    urls = [url for url in urlconf.walk(world) if url.name not in CSRF_EXEMPT]
    admin = urlconf.Walker(world["admin"], rollback=False, enforce_csrf_checks=True)
    visitor = urlconf.Walker(None, rollback=False, enforce_csrf_checks=True)
    plan = [
        (admin, "Superuser", ("POST", "PUT", "PATCH", "DELETE"), "de"),
        (admin, "Superuser", ("POST",), "en"),
        (visitor, "Besuch", ("POST",), "de"),
    ]
    before = urlconf.row_counts()
    failures = []
    for sender, who, methods, language in plan:
        for url in (url for url in urls if url.language == language):
            for method in methods:
                response = sender.send(method, url.path, FORM)
                if not refused(response, url, logged_in=sender is admin):
                    failures.append(f"{who} {method} {url}: {response.status_code}")
    after = urlconf.row_counts()

    changed = {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }
    sent = admin.sent + visitor.sent
    assert not failures, f"{len(failures)} of {sent} requests not refused:\n" + "\n".join(failures)
    assert not changed, f"rows changed by refused requests: {changed}"
    assert len(urls) > 300, urlconf.counts(urls)


def test_https_post_from_another_origin_is_refused_even_with_a_valid_token(world):
    """Over HTTPS Django also checks ``Origin`` (and without it ``Referer``) against the
    portal's host and ``CSRF_TRUSTED_ORIGINS``: a token alone is not enough."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get("/konto/login/", secure=True)
    token = client.cookies["csrftoken"].value
    form = {"csrfmiddlewaretoken": token, "language": "en", "next": "/ideen/"}

    def post(**headers):
        return client.post("/i18n/setlang/", form, secure=True, **headers)

    assert post(HTTP_ORIGIN="https://evil.example").status_code == 403
    assert post(HTTP_ORIGIN="http://testserver").status_code == 403  # not the same scheme
    assert post(HTTP_REFERER="https://evil.example/ideen/").status_code == 403
    assert post().status_code == 403  # HTTPS without Origin and Referer
    assert post(HTTP_ORIGIN="https://testserver").status_code == 302
    assert post(HTTP_REFERER="https://testserver/ideen/").status_code == 302


def test_a_view_checked_by_origin_takes_a_post_only_from_the_portal():
    """The demo banner's form carries no token: its POST must come from a page of the portal
    (``Origin``; over HTTPS without it, ``Referer``). From another site, or over HTTP with
    neither header, it is refused, and the banner stays."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    url = "/demo-hinweis/ausblenden/"
    form = {"next": "/ideen/"}

    def dismissed():
        return bool(browser.session.get("demo_banner_dismissed"))

    for headers in (
        {"HTTP_ORIGIN": "http://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "http://testserver/ideen/"},  # plain HTTP: Referer proves nothing
        {},
    ):
        response = browser.post(url, form, **headers)
        assert response.status_code == 403, headers
        assert CSRF_FAILURE["de"] in response.content.decode(), headers
        assert not dismissed(), headers
    for headers in (
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/ideen/"},
        {},
    ):
        assert browser.post(url, form, secure=True, **headers).status_code == 403, headers
    assert not dismissed()

    response = browser.post(url, form, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"] == "/ideen/"
    assert dismissed()

    https = Client(enforce_csrf_checks=True)
    response = https.post(url, form, secure=True, HTTP_REFERER="https://testserver/ideen/")
    assert response.status_code == 302
    assert https.session.get("demo_banner_dismissed")
