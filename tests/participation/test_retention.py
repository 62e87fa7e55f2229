"""Retention enforced: the daily job deletes what docs/data_protection.md says it deletes, after
the documented period, and nothing younger (issue 12, item 2). A test per kind, each through
``manage.py run_daily`` as cron runs it."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ideas import notifications
from ideas import services as idea_services
from ideas.models import PendingNotification
from participation.accounts.models import User
from tests.factories import IdeaFactory, UnverifiedUserFactory, UserFactory
from tests.ideas.image_samples import jpeg_with_gps_bytes, upload

pytestmark = pytest.mark.django_db


def run_daily():
    """What cron runs; returns its summary line."""
    out = io.StringIO()
    call_command("run_daily", stdout=out)
    return out.getvalue()


def test_finished_task_rows_with_mail_content_go_after_their_period(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RESULT_RETENTION_DAYS = 14
    rows = [notifications.send_coalesced_mail.enqueue(user_id=n).id for n in range(4)]
    old_done, old_failed, recent_done, waiting = rows
    long_ago = timezone.now() - timedelta(days=15)
    DBTaskResult.objects.filter(pk=old_done).update(status="SUCCESSFUL", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=old_failed).update(status="FAILED", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=recent_done).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=13)
    )
    DBTaskResult.objects.filter(pk=waiting).update(enqueued_at=long_ago)

    assert "finished_tasks_deleted=2" in run_daily()
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in remaining} >= {str(recent_done), str(waiting)}
    assert not {str(pk) for pk in remaining} & {str(old_done), str(old_failed)}


def test_unconfirmed_accounts_go_after_thirty_days(settings):
    settings.UNVERIFIED_ACCOUNT_DAYS = 30
    stale = UnverifiedUserFactory(email="nie-bestaetigt@example.org")
    fresh = UnverifiedUserFactory()
    confirmed = UserFactory()
    User.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(
        date_joined=timezone.now() - timedelta(days=31)
    )

    assert "unverified_accounts_deleted=1" in run_daily()
    assert not User.objects.filter(email="nie-bestaetigt@example.org").exists()
    assert not User.objects.filter(pk=stale.pk).exists()
    assert User.objects.filter(pk__in=[fresh.pk, confirmed.pk]).count() == 2


def test_waiting_mail_of_blocked_accounts_is_deleted(editor):
    blocked, active = UserFactory(), UserFactory()
    idea = IdeaFactory()
    for person in (blocked, active):
        PendingNotification.objects.create(
            user=person, idea=idea, subject="Neuigkeit", body="Text", delivery="weekly"
        )
    idea_services.block_account(blocked, by=editor)

    assert "notifications_of_blocked_accounts_deleted=1" in run_daily()
    assert list(PendingNotification.objects.values_list("user_id", flat=True)) == [active.pk]


def test_a_replaced_image_is_deleted_with_the_edit(
    settings, tmp_path, editor, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    idea = IdeaFactory()
    idea.image.save("erstes.jpg", ContentFile(jpeg_with_gps_bytes()))
    first = idea.image.name
    assert default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        idea_services.update_idea(editor, idea, image=upload(jpeg_with_gps_bytes(), "neu.jpg"))

    idea.refresh_from_db()
    assert idea.image.name != first
    assert default_storage.exists(idea.image.name)
    assert not default_storage.exists(first)


def test_idea_images_no_idea_uses_go_after_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    idea = IdeaFactory()
    idea.image.save("in-gebrauch.jpg", ContentFile(b"jpeg"))
    orphan = default_storage.save("ideas/2026/01/verwaist.jpg", ContentFile(b"jpeg"))
    young_orphan = default_storage.save("ideas/2026/12/gerade-eben.jpg", ContentFile(b"jpeg"))
    two_days_ago = time.time() - 2 * 86400
    for name in (idea.image.name, orphan):
        os.utime(default_storage.path(name), (two_days_ago, two_days_ago))

    assert "orphaned_images_deleted=1" in run_daily()
    assert default_storage.exists(idea.image.name)
    assert default_storage.exists(young_orphan)
    assert not default_storage.exists(orphan)
