"""The daily job's parts: each app registers what it cleans up (``DAILY_JOBS`` Wagtail hook).

A hook is a function without arguments that returns ``{"name": count, …}``; ``run_daily``
(``ideas/management/commands/run_daily.py``) runs them all and prints the counts. The
retention periods are documented in ``docs/data_protection.md``.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail import hooks

DAILY_JOBS = "mitwirken_daily_jobs"


def run_daily_jobs():
    counts = {}
    for job in hooks.get_hooks(DAILY_JOBS):
        counts.update(job())
    return counts


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def prune_finished_tasks():
    """Finished task rows keep their arguments (addresses, mail texts): they go after
    ``TASK_RESULT_RETENTION_DAYS``. Waiting and running tasks are never touched."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=days_ago(settings.TASK_RESULT_RETENTION_DAYS),
    )
    deleted, _rows = finished.delete()
    return {"finished_tasks_deleted": deleted}
