import re

import pytest
from django.core import mail

from ideas import notifications, services
from ideas.models import Follow, Idea, PendingNotification
from tests.factories import EditorFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea_with_audience():
    idea = IdeaFactory()
    follower_now = UserFactory(notify="immediate", display_name="Sofort")
    follower_daily = UserFactory(notify="daily")
    follower_none = UserFactory(notify="none")
    follower_own = UserFactory(notify="own")
    for user in (follower_now, follower_daily, follower_none, follower_own):
        Follow.objects.create(idea=idea, user=user)
    return idea, follower_now, follower_daily, follower_none, follower_own


def test_status_change_mails_author_and_followers_per_preference(
    idea_with_audience, django_capture_on_commit_callbacks
):
    idea, now, daily, none, own = idea_with_audience
    idea.author.notify = "none"  # authors always hear about their own idea's status
    idea.author.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, Idea.Status.IN_REVIEW, note="Die Stadt prüft.")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([idea.author.email, now.email])
    assert PendingNotification.objects.filter(user=daily).count() == 1
    message = next(m for m in mail.outbox if m.to == [now.email])
    assert "In Prüfung" in message.subject
    assert "Die Stadt prüft." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_when_the_change_rolls_back(idea_with_audience):
    idea = idea_with_audience[0]
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.change_status(idea, Idea.Status.IN_REVIEW)
        raise RuntimeError("rollback")
    assert mail.outbox == []


def test_daily_digest_bundles_and_clears(idea_with_audience, django_capture_on_commit_callbacks):
    idea, _now, daily, *_ = idea_with_audience
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, Idea.Status.IN_REVIEW)
        services.change_status(idea, Idea.Status.PILOT)
    mail.outbox.clear()
    assert notifications.send_daily_digests.call() == 1
    assert [m.to for m in mail.outbox] == [[daily.email]]
    assert "2 Neuigkeiten" in mail.outbox[0].subject
    assert not PendingNotification.objects.exists()


def test_official_answer_notifies_followers(idea_with_audience, django_capture_on_commit_callbacks):
    idea, now, *_ = idea_with_audience
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_idea(idea, EditorFactory(), text="Wir prüfen einen Piloten in Elberfeld.")
    message = next(m for m in mail.outbox if m.to == [now.email])
    assert "Offizielle Antwort" in message.subject
    assert "Wir prüfen einen Piloten in Elberfeld." in message.body


def test_unsubscribe_link_works_without_login(
    client, idea_with_audience, django_capture_on_commit_callbacks
):
    idea, now, *_ = idea_with_audience
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, Idea.Status.IN_REVIEW)
    body = next(m for m in mail.outbox if m.to == [now.email]).body
    link = re.search(r"Dieser Idee nicht mehr folgen: (\S+)", body).group(1)
    path = link.replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, {"scope": "idea"})
    assert response.status_code == 200
    assert not Follow.objects.filter(idea=idea, user=now).exists()

    all_link = re.search(r"Keine Benachrichtigungen mehr: (\S+)", body).group(1)
    client.post(all_link.replace("http://127.0.0.1:8000", ""))  # RFC 8058 one-click POST
    now.refresh_from_db()
    assert now.notify == "none"


def test_tampered_unsubscribe_token_is_refused(client):
    user = UserFactory()
    token = notifications.unsubscribe_token(user, None)
    response = client.post(f"/ideen/abbestellen/{token[:-2]}xx/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.notify == "immediate"


def test_hidden_notice_goes_to_author_only(idea_with_audience, django_capture_on_commit_callbacks):
    idea, *_ = idea_with_audience
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_idea(idea, by=EditorFactory(), reason="Persönliche Daten entfernt")
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    assert "Persönliche Daten entfernt" in mail.outbox[0].body
