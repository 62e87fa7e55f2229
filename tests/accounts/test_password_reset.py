import pytest

from .conftest import PASSWORD, is_logged_in, link_in, without_csrf

pytestmark = pytest.mark.django_db


def request_reset(client, commit, email):
    with commit():
        return client.post("/konto/password/reset/", {"email": email}, follow=True)


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client, resident, commit, mailoutbox
):
    known = request_reset(client, commit, resident.email)
    unknown = request_reset(client, commit, "niemand@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/konto/password/reset/done/", 302)]
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
    page = known.content.decode()
    assert "Wenn zu dieser Adresse ein Konto gehört" in page
    assert "niemand@example.org" not in unknown.content.decode()


def test_only_the_known_address_gets_a_reset_key(client, resident, commit, mailoutbox):
    request_reset(client, commit, resident.email)
    request_reset(client, commit, "niemand@example.org")

    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {resident.email, "niemand@example.org"}
    known = by_recipient[resident.email]
    assert known.subject == "[Mitwirken] Passwort zurücksetzen"
    assert "/konto/password/reset/key/" in known.body
    # allauth (EMAIL_UNKNOWN_ACCOUNTS) tells the owner of an unknown address; no key in it.
    unknown = by_recipient["niemand@example.org"]
    assert unknown.subject == "[Mitwirken] Kein Konto mit dieser Adresse"
    assert "/konto/password/reset/key/" not in unknown.body
    assert "/konto/signup/" in unknown.body


def test_reset_link_sets_a_new_password(client, resident, commit, mailoutbox, log_in):
    request_reset(client, commit, resident.email)
    link = link_in(mailoutbox[0], "/konto/password/reset/key/")

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Neues Passwort festlegen" in form.content.decode()
    action = form.redirect_chain[-1][0]
    with commit():
        done = client.post(action, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302

    client.logout()
    log_in(resident.email, password=PASSWORD)
    assert is_logged_in(client)


def test_used_or_invalid_reset_link_says_so_in_german(client, resident):
    response = client.get("/konto/password/reset/key/1-ungueltig/")

    assert response.status_code == 200
    assert "Link ungültig" in response.content.decode()
