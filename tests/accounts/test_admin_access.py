import pytest

pytestmark = pytest.mark.django_db


# Visitors without an account are sent to the allauth login: tests/accounts/test_profile.py.


def test_resident_gets_no_access_to_the_admin(client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    assert "wagtailadmin/home.html" not in [t.name for t in response.templates]


def test_resident_ends_on_the_home_page_with_a_message_not_in_a_redirect_loop(client, resident):
    client.force_login(resident)

    # Wagtail sends to the login page with next=/admin/; the login page must not send back.
    response = client.get("/konto/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = client.get("/admin/", follow=True)  # RedirectCycleError if it loops
    assert page.redirect_chain[-1][0] == "/"
    assert "wagtailadmin/home.html" not in [t.name for t in page.templates]


def test_editor_reaches_the_admin_dashboard(client, editor):
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [t.name for t in response.templates]


def test_wagtail_login_redirects_to_the_rate_limited_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/pages/"
