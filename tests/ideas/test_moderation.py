"""The editors' moderation queue of reported and hidden ideas, and blocking an account."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from ideas.models import Idea
from reports.models import Report
from tests.factories import EditorFactory, IdeaFactory, UserFactory
from tests.ideas.admin_helpers import MODERATION_URL, REASON, reported

pytestmark = pytest.mark.django_db


# --- The moderation queue --------------------------------------------------------------------


def test_moderation_queue_lists_reported_and_hidden_ideas_with_their_reasons(moderator_client):
    spam = reported(IdeaFactory(title="Günstige Kredite"), note="Link zu einem Kreditportal")
    hidden = IdeaFactory(title="Beleidigender Beitrag", hidden=True, hidden_reason="Beleidigung")
    IdeaFactory(title="Unauffällige Idee")

    response = moderator_client.get(MODERATION_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert spam.title in content
    assert "Werbung oder Spam (1)" in content
    assert "Link zu einem Kreditportal" in content
    assert hidden.title in content
    assert "Unauffällige Idee" not in content
    assert "Konto sperren" in content

    only_hidden = moderator_client.get(MODERATION_URL, {"hidden": "yes"}).content.decode()
    assert hidden.title in only_hidden
    assert spam.title not in only_hidden

    by_reason = moderator_client.get(MODERATION_URL, {"reason": "personal"}).content.decode()
    assert spam.title not in by_reason


def test_moderation_queue_hides_ticked_ideas_with_a_reason(moderator_client):
    first = reported(IdeaFactory())
    second = reported(IdeaFactory(), reason=Report.Reason.PERSONAL)

    response = moderator_client.post(
        MODERATION_URL, {"action": "hide", "ideas": [first.pk, second.pk], "reason": REASON}
    )

    assert response.status_code == 302
    assert set(Idea.objects.filter(hidden=True).values_list("hidden_reason", flat=True)) == {REASON}
    assert Idea.objects.filter(hidden=True).count() == 2


def test_moderation_queue_refuses_hiding_without_reason_or_selection(moderator_client):
    idea = reported(IdeaFactory())

    no_reason = moderator_client.post(MODERATION_URL, {"action": "hide", "ideas": [idea.pk]})
    nothing_ticked = moderator_client.post(MODERATION_URL, {"action": "hide", "reason": REASON})

    assert "Bitte geben Sie einen Grund an" in no_reason.content.decode()
    assert "Bitte wählen Sie mindestens eine Idee aus." in nothing_ticked.content.decode()
    idea.refresh_from_db()
    assert not idea.hidden


def test_moderation_queue_restores_and_resets_reports(moderator_client):
    idea = reported(IdeaFactory(hidden=True, hidden_reason="Mehrfach gemeldet"))

    moderator_client.post(MODERATION_URL, {"action": "restore", "ideas": [idea.pk]})

    idea.refresh_from_db()
    assert not idea.hidden
    assert idea.report_count == 0
    assert moderator_client.get(MODERATION_URL).content.decode().count(idea.title) == 0


def test_moderator_blocks_the_author_of_a_reported_idea(moderator_client):
    idea = reported(IdeaFactory())
    url = reverse("ideas_admin:block_account", args=[idea.author_id])

    assert moderator_client.get(url).status_code == 200
    response = moderator_client.post(url)

    assert response.status_code == 302
    idea.author.refresh_from_db()
    assert not idea.author.is_active


def test_editorial_accounts_cannot_be_blocked_from_the_queue(moderator_client, moderator):
    colleague = UserFactory()
    colleague.groups.add(Group.objects.get(name="Moderators"))
    editor = EditorFactory()

    for account in (colleague, editor, moderator):
        moderator_client.post(reverse("ideas_admin:block_account", args=[account.pk]))

    for account in (colleague, editor, moderator):
        account.refresh_from_db()
        assert account.is_active
