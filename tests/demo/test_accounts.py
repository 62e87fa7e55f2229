import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from demo import accounts as demo
from participation.accounts.models import User

pytestmark = pytest.mark.django_db

EMAILS = {
    "bewohnerin@example.org",
    "forscher@uni-wuppertal.de",
    "redaktion@example.org",
    "moderation@example.org",
    "admin@example.org",
}


def snapshot():
    return (
        sorted(User.objects.values_list("email", "display_name", "password", "is_superuser")),
        sorted(EmailAddress.objects.values_list("email", "verified", "primary")),
        sorted(Group.objects.values_list("name", "user__email")),
    )


def test_load_creates_the_verified_demo_accounts_with_their_roles():
    accounts = demo.load()

    assert set(accounts) == EMAILS
    for email in EMAILS:
        user = User.objects.get(email=email)
        assert user.check_password("mitwirken-demo")
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
        assert user.has_verified_email
    resident = User.objects.get(email="bewohnerin@example.org")
    assert resident.display_name == "Anna Beispiel"
    assert not resident.groups.exists() and not resident.is_staff
    researcher = User.objects.get(email="forscher@uni-wuppertal.de")
    assert researcher.display_name == "Prof. Dr. Jonas Weber"
    assert researcher.is_researcher
    assert researcher.institution == "Bergische Universität Wuppertal"
    assert researcher.research_group == "Lehrstuhl für Verkehrsplanung"
    editor = User.objects.get(email="redaktion@example.org")
    assert editor.display_name == "Redaktion Stadt"
    assert editor.groups.filter(name="Editors").exists()
    assert editor.is_editor
    assert not editor.is_superuser  # a plain editor: the pilot review applies to them too
    moderator = User.objects.get(email="moderation@example.org")
    assert moderator.display_name == "Moderation Stadt"
    assert moderator.is_moderator and not moderator.is_editor and not moderator.is_superuser
    admin = User.objects.get(email="admin@example.org")
    assert admin.is_superuser and admin.is_staff and not admin.groups.exists()


def test_load_twice_changes_nothing():
    demo.load()
    before = snapshot()

    demo.load()

    assert snapshot() == before
    assert User.objects.filter(email__in=EMAILS).count() == len(EMAILS)
    assert EmailAddress.objects.filter(email__in=EMAILS).count() == len(EMAILS)


def test_load_takes_superuser_rights_from_the_demo_editor():
    demo.load()
    User.objects.filter(email="redaktion@example.org").update(is_superuser=True, is_staff=True)

    demo.load()

    editor = User.objects.get(email="redaktion@example.org")
    assert not editor.is_superuser and not editor.is_staff


def test_load_repairs_a_changed_demo_password():
    demo.load()
    user = User.objects.get(email="bewohnerin@example.org")
    user.set_password("etwas-anderes-123")
    user.save()

    demo.load()

    assert User.objects.get(pk=user.pk).check_password("mitwirken-demo")


def test_demo_accounts_log_in_and_the_editor_reaches_the_admin(client):
    demo.load()

    for email in EMAILS:
        response = client.post("/konto/login/", {"login": email, "password": "mitwirken-demo"})
        assert response.status_code == 302, email
        client.post("/konto/logout/")

    client.post("/konto/login/", {"login": "redaktion@example.org", "password": "mitwirken-demo"})
    assert client.get("/admin/").status_code == 200
    client.post("/konto/logout/")

    client.post("/konto/login/", {"login": "moderation@example.org", "password": "mitwirken-demo"})
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/beteiligung/moderation/").status_code == 200
    assert client.get("/admin/forschende/").status_code == 302
