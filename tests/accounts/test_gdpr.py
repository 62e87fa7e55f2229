import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail import hooks

from participation.accounts import services
from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT
from participation.accounts.models import User, user_can_participate
from tests.export import read_export

from .conftest import FACTORY_PASSWORD, is_logged_in

pytestmark = pytest.mark.django_db


# --- Export -------------------------------------------------------------------


def test_data_page_explains_and_offers_a_download(client, resident):
    client.force_login(resident)

    response = client.get("/konto/daten/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Daten" in html
    assert 'method="post" action="/konto/daten/"' in html


def test_export_is_a_zip_attachment_with_email_and_display_name(client, resident):
    EmailAddress.objects.create(user=resident, email="zweite@example.org", verified=False)
    client.force_login(resident)

    response = client.post("/konto/daten/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data, _files = read_export(response)
    assert data["account"]["email"] == resident.email
    assert data["account"]["display_name"] == "Anna Anwohnerin"
    assert {a["email"] for a in data["email_addresses"]} == {resident.email, "zweite@example.org"}
    assert "password" not in json.dumps(data)


def test_export_needs_login(client):
    assert client.post("/konto/daten/").status_code == 302


def test_other_apps_add_sections_to_the_export(resident):
    def export_notes(user):
        return {"test_notes": [{"title": f"Notiz von {user.display_name}"}]}

    with hooks.register_temporarily(USER_DATA_EXPORT, export_notes):
        data = services.export_account(resident)

    assert data["test_notes"] == [{"title": "Notiz von Anna Anwohnerin"}]


@pytest.mark.parametrize("section", ["account", "comments"])
def test_a_section_name_used_twice_is_an_error(resident, section):
    """Reserved for the account itself ("account"), or already another app's ("comments")."""
    with (
        hooks.register_temporarily(USER_DATA_EXPORT, lambda user: {section: {}}),
        pytest.raises(ValueError, match=section),
    ):
        services.export_account(resident)


def test_every_app_adds_its_section_to_the_export(resident):
    data = services.export_account(resident)

    for section in ("ideas", "supports", "follows", "comments", "reports", "assessments"):
        assert section in data, section
    assert "idea_reports" not in data and "comment_reports" not in data


# --- Deletion -----------------------------------------------------------------


def test_delete_page_asks_for_the_password(client, resident):
    client.force_login(resident)

    html = client.get("/konto/loeschen/").content.decode()

    assert 'autocomplete="current-password"' in html
    assert "Gelöschtes Konto" in html


def test_wrong_password_deletes_nothing(client, resident):
    client.force_login(resident)

    response = client.post("/konto/loeschen/", {"password": "falsch-falsch"})

    assert response.status_code == 200
    assert 'href="#id_password"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.deleted_at is None
    assert is_logged_in(client)


def test_deletion_anonymises_the_account_and_logs_out(client, researcher):
    old_email = researcher.email
    client.force_login(researcher)

    response = client.post("/konto/loeschen/", {"password": FACTORY_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/konto/geloescht/"
    assert not is_logged_in(client)
    user = User.objects.get(pk=researcher.pk)
    assert user.deleted_at is not None
    assert user.display_name == ""
    assert user.email == f"deleted-{user.pk}@invalid"
    assert user.institution == user.research_group == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    assert user.public_name == "Gelöschtes Konto"
    assert not user_can_participate(user)
    page = client.get(response["Location"])
    assert "Ihr Konto wurde gelöscht" in page.content.decode()


def test_deleted_account_cannot_log_in_and_the_address_is_free_again(
    client, resident, log_in, sign_up
):
    email = resident.email
    services.delete_account(resident)

    log_in(email, password=FACTORY_PASSWORD)
    assert not is_logged_in(client)

    response = sign_up(email, display_name="Neues Konto")
    assert response.status_code == 302
    assert User.objects.filter(email=email).exclude(pk=resident.pk).exists()


def test_deleted_editor_loses_admin_rights(editor):
    editor.is_superuser = True
    editor.save()

    services.delete_account(editor)

    editor = User.objects.get(pk=editor.pk)
    assert not editor.is_superuser
    assert not editor.is_editor
    assert Group.objects.get(name="Editors").user_set.count() == 0


def test_deletion_runs_registered_hooks_and_is_idempotent(resident):
    seen = []
    email = resident.email

    with hooks.register_temporarily(USER_DATA_DELETION, lambda user: seen.append(user.email)):
        services.delete_account(resident)
        first = User.objects.get(pk=resident.pk).deleted_at
        services.delete_account(resident)

    assert seen == [email]
    assert User.objects.get(pk=resident.pk).deleted_at == first


def test_too_many_wrong_passwords_on_deletion_answer_429(client, resident):
    client.force_login(resident)
    for attempt in range(5):
        response = client.post("/konto/loeschen/", {"password": f"falsch-{attempt}"})
        assert response.status_code == 200

    response = client.post("/konto/loeschen/", {"password": FACTORY_PASSWORD})

    assert response.status_code == 429
    assert User.objects.get(pk=resident.pk).deleted_at is None
