import pytest

from participation.accounts.models import RESEARCHERS_GROUP, User

from .conftest import link_in

pytestmark = pytest.mark.django_db


def confirm(client, commit, mail):
    link = link_in(mail, "/konto/confirm-email/")
    with commit():
        return client.post(link)


def test_university_address_becomes_researcher_on_verification_not_before(
    client, sign_up, commit, mailoutbox
):
    sign_up("jonas.weber@uni-wuppertal.de", display_name="Jonas Weber")
    user = User.objects.get(email="jonas.weber@uni-wuppertal.de")
    assert not user.is_researcher

    confirm(client, commit, mailoutbox[0])

    user = User.objects.get(pk=user.pk)
    assert user.is_researcher
    assert user.groups.filter(name=RESEARCHERS_GROUP).exists()


def test_subdomain_of_the_university_counts_too(client, sign_up, commit, mailoutbox):
    sign_up("lea@math.uni-wuppertal.de")
    confirm(client, commit, mailoutbox[0])

    assert User.objects.get(email="lea@math.uni-wuppertal.de").is_researcher


def test_other_addresses_never_become_researcher(client, sign_up, commit, mailoutbox):
    sign_up("anna@example.org")
    confirm(client, commit, mailoutbox[0])
    user = User.objects.get(email="anna@example.org")

    assert user.has_verified_email
    assert not user.is_researcher


def test_lookalike_domain_does_not_become_researcher(client, sign_up, commit, mailoutbox):
    sign_up("mallory@fake-uni-wuppertal.de")
    confirm(client, commit, mailoutbox[0])

    assert not User.objects.get(email="mallory@fake-uni-wuppertal.de").is_researcher
