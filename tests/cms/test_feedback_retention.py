"""Feedback-form messages are deleted by the daily job after FEEDBACK_RETENTION_DAYS (issue 12,
item 2; docs/data_protection.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from tests.cms.test_feedback import post_data
from tests.participation.test_retention import run_daily

pytestmark = pytest.mark.django_db


def test_feedback_messages_go_after_their_period(client, feedback_page, settings):
    settings.FEEDBACK_RETENTION_DAYS = 90
    for _ in range(2):
        client.post(feedback_page.url, post_data(feedback_page))
    old, recent = FormSubmission.objects.order_by("pk")
    FormSubmission.objects.filter(pk=old.pk).update(submit_time=timezone.now() - timedelta(days=91))

    assert "feedback_messages_deleted=1" in run_daily()
    assert list(FormSubmission.objects.all()) == [recent]
