from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ideas import services
from ideas.models import Follow, Idea, Support
from participation.accounts.services import delete_account, export_account
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_export_contains_own_ideas_supports_and_follows():
    user = UserFactory()
    own = IdeaFactory(author=user, title="Meine Idee zur Schwebebahn")
    other = IdeaFactory()
    services.support_idea(user, other)
    data = export_account(user)
    assert [idea["title"] for idea in data["ideas"]] == [own.title]
    assert [support["idea"] for support in data["supports"]] == [other.reference]
    assert other.reference in [follow["idea"] for follow in data["follows"]]


def test_deleted_account_keeps_support_counted_but_loses_name_and_follows():
    user = UserFactory(display_name="Zu Löschen")
    idea = IdeaFactory()
    services.support_idea(user, idea)
    own = IdeaFactory(author=user)
    delete_account(user)
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
    assert not Follow.objects.filter(user=user).exists()
    own.refresh_from_db()
    assert own.author.public_name == "Gelöschtes Konto"


def test_daily_job_expires_ideas_and_refreshes_trending():
    old = IdeaFactory(collection_ends_at=timezone.now() - timedelta(hours=1))
    trending = IdeaFactory()
    supporter = UserFactory()
    Support.objects.create(
        idea=trending, user=supporter, created=timezone.now() - timedelta(days=20)
    )
    Idea.objects.filter(pk=trending.pk).update(recent_support_count=1, support_count=1)
    call_command("run_daily")
    old.refresh_from_db()
    trending.refresh_from_db()
    assert old.status == Idea.Status.EXPIRED
    assert trending.recent_support_count == 0  # the support is older than 14 days


def test_mail_is_sent_in_the_recipients_language(django_capture_on_commit_callbacks, mailoutbox):
    idea = IdeaFactory()
    english = UserFactory(language="en")
    Follow.objects.create(idea=idea, user=english)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(idea, Idea.Status.IN_REVIEW)
    german = next(m for m in mailoutbox if m.to == [idea.author.email])
    english_mail = next(m for m in mailoutbox if m.to == [english.email])
    assert "Hallo" in german.body
    assert "Hello" in english_mail.body
    assert "/en/" in english_mail.body  # links lead to the English pages
