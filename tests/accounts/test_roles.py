"""The researcher role: a verified university address requests it, an editor confirms it with
the research group, and it can be withdrawn, renewed and lapses."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.accounts import services
from participation.accounts.models import RESEARCHERS_GROUP, ResearcherRoleRequest, User
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ModeratorFactory,
    ResearcherFactory,
    UserFactory,
)

from .conftest import link_in

pytestmark = pytest.mark.django_db

ADMIN = "/admin/forschende/"
PROFILE = "/konto/profil/"
RENEW = "/konto/profil/rolle-verlaengern/"
Open = ResearcherRoleRequest.State.OPEN


def confirm(client, commit, mail):
    link = link_in(mail, "/konto/confirm-email/")
    with commit():
        return client.post(link)


def fresh(user):
    return User.objects.get(pk=user.pk)


def request_url(role_request):
    return f"{ADMIN}anfragen/{role_request.pk}/"


def university_request(email="jonas.weber@uni-wuppertal.de", **fields):
    user = UserFactory(email=email, **fields)
    return ResearcherRoleRequest.objects.create(user=user, email=email)


# --- Which addresses request the role --------------------------------------------------------


def test_university_address_alone_does_not_make_a_researcher_until_an_editor_confirms(
    client, sign_up, commit, mailoutbox
):
    sign_up("jonas.weber@uni-wuppertal.de", display_name="Jonas Weber")

    confirm(client, commit, mailoutbox[0])

    user = User.objects.get(email="jonas.weber@uni-wuppertal.de")
    assert user.has_verified_email
    assert not user.is_researcher
    assert not user.groups.filter(name=RESEARCHERS_GROUP).exists()
    role_request = ResearcherRoleRequest.objects.get(user=user)
    assert (role_request.state, role_request.email) == (Open, "jonas.weber@uni-wuppertal.de")
    client.force_login(user)
    profile = client.get(PROFILE).content.decode()
    assert "Die Redaktion prüft Ihre Anfrage" in profile  # the message after confirming
    assert "Die Redaktion prüft die Anfrage" in profile
    assert "badge--research" not in profile


def test_a_subdomain_not_listed_does_not_even_request_the_role(client, sign_up, commit, mailoutbox):
    sign_up("lea@math.uni-wuppertal.de")
    confirm(client, commit, mailoutbox[0])

    user = User.objects.get(email="lea@math.uni-wuppertal.de")
    assert user.has_verified_email
    assert not user.is_researcher
    assert not ResearcherRoleRequest.objects.filter(user=user).exists()


def test_a_listed_subdomain_requests_the_role(client, sign_up, commit, mailoutbox, settings):
    settings.RESEARCHER_EMAIL_DOMAINS = ["uni-wuppertal.de", "math.uni-wuppertal.de"]
    sign_up("lea@math.uni-wuppertal.de")
    confirm(client, commit, mailoutbox[0])

    user = User.objects.get(email="lea@math.uni-wuppertal.de")
    assert ResearcherRoleRequest.objects.filter(user=user, state=Open).exists()
    assert not user.is_researcher


@pytest.mark.parametrize("email", ["anna@example.org", "mallory@fake-uni-wuppertal.de"])
def test_other_and_lookalike_addresses_request_nothing(client, sign_up, commit, mailoutbox, email):
    sign_up(email)
    confirm(client, commit, mailoutbox[0])
    user = User.objects.get(email=email)

    assert user.has_verified_email
    assert not user.is_researcher
    assert not ResearcherRoleRequest.objects.filter(user=user).exists()


# --- An editor decides ---------------------------------------------------------------------------


def test_editor_confirms_the_request_with_the_research_group_and_the_account_becomes_researcher(
    client,
):
    role_request = university_request()
    editor = EditorFactory()
    client.force_login(editor)
    listing = client.get(ADMIN).content.decode()
    assert request_url(role_request) in listing
    assert client.get(request_url(role_request)).status_code == 200

    response = client.post(
        request_url(role_request),
        {
            "research_group": "Lehrstuhl für Verkehrsplanung",
            "institution": "Bergische Universität Wuppertal",
        },
    )

    assert response.status_code == 302
    user = fresh(role_request.user)
    assert user.is_researcher
    assert user.groups.filter(name=RESEARCHERS_GROUP).exists()
    assert (
        user.researcher_badge == "Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal"
    )
    assert user.researcher_until == timezone.localdate() + timedelta(days=365)
    role_request.refresh_from_db()
    assert (role_request.state, role_request.decided_by) == ("confirmed", editor)
    assert ModelLogEntry.objects.filter(action="accounts.grant_researcher", user=editor).exists()
    client.force_login(user)
    assert "Forschung · Lehrstuhl für Verkehrsplanung" in client.get(PROFILE).content.decode()


def test_confirming_needs_the_research_group_and_keeps_what_was_typed(client):
    role_request = university_request()
    client.force_login(EditorFactory())

    response = client.post(
        request_url(role_request),
        {"research_group": "", "institution": "Bergische Universität Wuppertal"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte geben Sie die Forschungsgruppe an." in html
    assert 'value="Bergische Universität Wuppertal"' in html
    assert not fresh(role_request.user).is_researcher
    assert ResearcherRoleRequest.objects.get(pk=role_request.pk).state == Open


def test_editor_declines_the_request(client):
    role_request = university_request()
    client.force_login(EditorFactory())

    client.post(
        request_url(role_request), {"research_group": "", "institution": "", "decline": "1"}
    )

    assert ResearcherRoleRequest.objects.get(pk=role_request.pk).state == "declined"
    assert not fresh(role_request.user).is_researcher
    assert request_url(role_request) not in client.get(ADMIN).content.decode()


def test_a_decided_request_cannot_be_confirmed_again(client):
    role_request = university_request()
    client.force_login(EditorFactory())
    client.post(
        request_url(role_request), {"research_group": "", "institution": "", "decline": "1"}
    )

    response = client.post(
        request_url(role_request),
        {"research_group": "Lehrstuhl", "institution": "Universität"},
        follow=True,
    )

    assert "bereits entschieden" in response.content.decode()
    assert not fresh(role_request.user).is_researcher


@pytest.mark.parametrize("factory", [UserFactory, ResearcherFactory, ModeratorFactory])
def test_only_editors_confirm_requests(client, factory):
    role_request = university_request()
    client.force_login(factory())

    response = client.post(
        request_url(role_request), {"research_group": "Lehrstuhl", "institution": "Universität"}
    )

    assert response.status_code in (302, 403)
    assert not fresh(role_request.user).is_researcher
    assert ResearcherRoleRequest.objects.get(pk=role_request.pk).state == Open


def test_editor_withdraws_the_role_and_the_badge_goes(client):
    researcher = ResearcherFactory()
    client.force_login(EditorFactory())

    client.post(ADMIN, {"revoke": researcher.pk})

    user = fresh(researcher)
    assert not user.is_researcher
    assert user.researcher_badge == ""
    assert user.researcher_until is None


def test_the_badge_on_a_researchers_idea_follows_the_role_at_once(client):
    researcher = ResearcherFactory()
    idea = IdeaFactory(author=researcher)
    assert "badge--research" in client.get(idea.get_absolute_url()).content.decode()
    editor = EditorFactory()
    client.force_login(editor)

    client.post(ADMIN, {"revoke": researcher.pk})
    client.logout()

    assert "badge--research" not in client.get(idea.get_absolute_url()).content.decode()


# --- Lapse and renewal -------------------------------------------------------------------------


def researcher_until(days_from_today, **fields):
    researcher = ResearcherFactory(**fields)
    User.objects.filter(pk=researcher.pk).update(
        researcher_until=timezone.localdate() + timedelta(days=days_from_today)
    )
    return researcher


def test_the_daily_job_lets_a_role_lapse_after_its_period(capsys):
    ended = researcher_until(-1)
    last_day = researcher_until(0)

    call_command("run_daily")

    assert not fresh(ended).is_researcher
    assert fresh(last_day).is_researcher
    assert "researchers_lapsed=1" in capsys.readouterr().out
    assert ModelLogEntry.objects.filter(action="accounts.lapse_researcher").count() == 1


def test_a_role_without_an_end_date_gets_one_period_and_then_lapses(settings):
    settings.RESEARCHER_ROLE_DAYS = 30
    researcher = ResearcherFactory()  # put into the group by hand, no end date

    call_command("run_daily")

    user = fresh(researcher)
    assert user.is_researcher
    assert user.researcher_until == timezone.localdate() + timedelta(days=30)


def test_the_period_comes_from_the_setting(client, settings):
    settings.RESEARCHER_ROLE_DAYS = 30
    role_request = university_request()
    client.force_login(EditorFactory())

    client.post(request_url(role_request), {"research_group": "Lehrstuhl", "institution": "Uni"})

    assert fresh(role_request.user).researcher_until == timezone.localdate() + timedelta(days=30)


def test_researcher_renews_the_role_in_the_profile(client):
    researcher = researcher_until(5)
    client.force_login(researcher)
    assert "Rolle verlängern" in client.get(PROFILE).content.decode()

    response = client.post(RENEW, follow=True)

    assert "gilt jetzt bis zum" in response.content.decode()
    assert fresh(researcher).researcher_until == timezone.localdate() + timedelta(days=365)
    call_command("run_daily")
    assert fresh(researcher).is_researcher


def test_without_a_university_address_only_an_editor_renews(client):
    researcher = researcher_until(5, email="dozentin@example.org")
    client.force_login(researcher)
    assert "wenden Sie sich bitte an die Redaktion" in client.get(PROFILE).content.decode()

    client.post(RENEW)
    assert fresh(researcher).researcher_until == timezone.localdate() + timedelta(days=5)

    client.force_login(EditorFactory())
    client.post(ADMIN, {"renew": researcher.pk})
    assert fresh(researcher).researcher_until == timezone.localdate() + timedelta(days=365)


def test_a_lapsed_researcher_cannot_renew_alone(client):
    researcher = researcher_until(-1)
    call_command("run_daily")
    client.force_login(researcher)

    client.post(RENEW)

    user = fresh(researcher)
    assert not user.is_researcher
    assert user.researcher_until is None


# --- Personal data ------------------------------------------------------------------------------


def test_requests_are_exported_and_deleted_with_the_account():
    role_request = university_request()
    user = role_request.user

    data = services.export_account(user)

    assert data["researcher_role"]["requests"][0]["email"] == "jonas.weber@uni-wuppertal.de"
    assert data["researcher_role"]["requests"][0]["state"] == "open"
    services.delete_account(user)
    assert not ResearcherRoleRequest.objects.filter(user=user).exists()
    assert fresh(user).researcher_until is None
