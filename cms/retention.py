"""What the cms app deletes in the daily job (``participation.jobs.DAILY_JOBS``)."""

from django.conf import settings
from wagtail.contrib.forms.models import FormSubmission

from participation.jobs import days_ago


def delete_old_feedback():
    """Feedback-form messages (name and address optional) go after ``FEEDBACK_RETENTION_DAYS``."""
    old = FormSubmission.objects.filter(submit_time__lt=days_ago(settings.FEEDBACK_RETENTION_DAYS))
    deleted, _rows = old.delete()
    return {"feedback_messages_deleted": deleted}
