"""Moderators and editors are separate groups with separate rights; blocked accounts can be
unblocked."""

import pytest
from django.urls import reverse

from ideas.models import Idea
from participation.accounts.models import User
from participation.accounts.services import delete_account
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.admin_helpers import MODERATION_URL, answer_data, answer_url, bulk_url, reported

pytestmark = pytest.mark.django_db

BLOCKED_URL = "/admin/beteiligung/moderation/gesperrt/"
REASON = "Beleidigt eine Nachbarin."


def block_url(account):
    return reverse("ideas_admin:block_account", args=[account.pk])


def editors_urls(idea):
    return [
        answer_url(idea),
        reverse("wagtailsnippets_ideas_idea:edit", args=[idea.pk]),
        reverse("wagtailsnippets_ideas_topic:add"),
        reverse("pilots_promote_idea", args=[idea.pk]),
    ]


def moderators_urls(idea):
    return [MODERATION_URL, block_url(idea.author), BLOCKED_URL, bulk_url("hide", idea)]


def test_moderator_hides_and_blocks_but_has_no_answer_status_or_pilot_rights(moderator_client):
    idea = reported(IdeaFactory())

    for url in moderators_urls(idea):
        assert moderator_client.get(url).status_code == 200, url
    for url in editors_urls(idea):
        assert moderator_client.get(url).status_code == 302, url
    queue = moderator_client.get(MODERATION_URL).content.decode()
    assert answer_url(idea) not in queue

    moderator_client.post(answer_url(idea), answer_data(status=Idea.Status.IN_REVIEW, text="Ja"))
    moderator_client.post(MODERATION_URL, {"action": "hide", "ideas": [idea.pk], "reason": REASON})

    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert not hasattr(idea, "official_answer")
    assert idea.hidden


def test_editor_answers_but_does_not_moderate_unless_also_a_moderator(editor_client):
    idea = reported(IdeaFactory())

    for url in editors_urls(idea):
        assert editor_client.get(url).status_code == 200, url
    for url in moderators_urls(idea):
        assert editor_client.get(url).status_code == 302, url

    editor_client.post(MODERATION_URL, {"action": "hide", "ideas": [idea.pk], "reason": REASON})
    editor_client.post(bulk_url("hide", idea), {"reason": REASON})
    editor_client.post(block_url(idea.author))
    editor_client.post(answer_url(idea), answer_data(status=Idea.Status.IN_REVIEW))

    idea.refresh_from_db()
    idea.author.refresh_from_db()
    assert not idea.hidden
    assert idea.author.is_active
    assert idea.status == Idea.Status.IN_REVIEW


def test_a_member_of_both_groups_does_both(team_client):
    idea = IdeaFactory()

    for url in [*editors_urls(idea), *moderators_urls(idea)]:
        assert team_client.get(url).status_code == 200, url


def test_moderator_unblocks_a_blocked_account_which_can_log_in_again(client, moderator_client):
    idea = reported(IdeaFactory())
    author = idea.author
    moderator_client.post(block_url(author))
    assert not User.objects.get(pk=author.pk).is_active

    listing = moderator_client.get(BLOCKED_URL).content.decode()
    assert author.public_name in listing
    page = moderator_client.get(block_url(author)).content.decode()
    assert "Konto entsperren" in page

    response = moderator_client.post(block_url(author), {"unblock": "1", "next": BLOCKED_URL})

    assert response.status_code == 302
    assert User.objects.get(pk=author.pk).is_active
    assert "Kein Konto ist gesperrt." in moderator_client.get(BLOCKED_URL).content.decode()
    client.logout()
    login = client.post(
        "/konto/login/", {"login": author.email, "password": "ein-sicheres-passwort-42"}
    )
    assert login.status_code == 302


def test_a_deleted_account_is_not_unblocked(moderator_client):
    account = UserFactory()
    delete_account(account)

    moderator_client.post(block_url(account), {"unblock": "1"})

    assert not User.objects.get(pk=account.pk).is_active
    assert "gelöscht" in moderator_client.get(block_url(account)).content.decode()


def test_editors_cannot_unblock(editor_client):
    account = UserFactory(is_active=False)

    editor_client.post(block_url(account), {"unblock": "1"})

    assert not User.objects.get(pk=account.pk).is_active


def test_moderators_see_hidden_ideas_and_reach_the_admin_from_the_site(client, moderator):
    idea = IdeaFactory(hidden=True, hidden_reason="Beleidigung")
    client.force_login(UserFactory())
    assert client.get(idea.get_absolute_url()).status_code == 404

    client.force_login(moderator)
    response = client.get(idea.get_absolute_url())

    assert response.status_code == 200
    assert 'href="/admin/"' in response.content.decode()
