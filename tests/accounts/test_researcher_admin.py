import pytest

from tests.factories import EditorFactory, ResearcherFactory, UnverifiedUserFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/forschende/"


def test_editor_grants_and_revokes_the_researcher_role(client):
    editor = EditorFactory()
    person = UserFactory(email="dozentin@example.org")
    client.force_login(editor)
    response = client.post(
        URL,
        {
            "email": "Dozentin@example.org",
            "institution": "Bergische Universität Wuppertal",
            "research_group": "Lehrstuhl Verwaltungsinformatik",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_researcher
    assert (
        person.researcher_badge
        == "Lehrstuhl Verwaltungsinformatik · Bergische Universität Wuppertal"
    )

    client.post(URL, {"revoke": person.pk})
    person = type(person).objects.get(pk=person.pk)
    assert not person.is_researcher


def test_unverified_or_unknown_addresses_are_refused(client):
    client.force_login(EditorFactory())
    unverified = UnverifiedUserFactory()
    for email in (unverified.email, "niemand@example.org"):
        response = client.post(URL, {"email": email})
        assert response.status_code == 200
        assert "bestätigten Adresse" in response.content.decode()
    assert not unverified.groups.exists()


@pytest.mark.parametrize("factory", [UserFactory, ResearcherFactory])
def test_residents_and_researchers_cannot_grant_roles(client, factory):
    client.force_login(factory())
    target = UserFactory()
    response = client.post(URL, {"email": target.email})
    assert response.status_code in (302, 403)
    assert not target.groups.exists()
