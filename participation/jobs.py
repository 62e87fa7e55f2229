"""The daily job's parts: each app registers what it cleans up (``DAILY_JOBS`` Wagtail hook).

A hook is a function without arguments that returns ``{"name": count, …}``; ``run_daily``
(``ideas/management/commands/run_daily.py``) runs them all and prints the counts. The
retention periods are documented in ``docs/data_protection.md``.
"""

import json
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


def _mentions(field, terms):
    """Rows whose JSON ``field``, as text, contains one of ``terms`` (case-insensitive). On
    SQLite the text is as ``json.dumps`` wrote it (``\\u00f6``), so both spellings are asked."""
    from django.db.models import Q

    query = Q()
    for term in terms:
        for form in {term, json.dumps(term)[1:-1]}:
            query |= Q(**{f"{field}__icontains": form})
    return query


def delete_task_rows_mentioning(terms, *, waiting_too=False):
    """Delete finished task rows whose arguments or result contain one of ``terms``; with
    ``waiting_too`` also rows still waiting for the worker. A running row is left alone."""
    from django.db.models import TextField
    from django.db.models.functions import Cast
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    terms = {term.strip() for term in terms} - {""}
    if not terms:
        return 0
    statuses = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    if waiting_too:
        statuses.append(TaskResultStatus.READY)
    rows = DBTaskResult.objects.annotate(
        args_text=Cast("args_kwargs", TextField()), result_text=Cast("return_value", TextField())
    ).filter(status__in=statuses)
    matching = rows.filter(_mentions("args_text", terms) | _mentions("result_text", terms))
    deleted, _rows = DBTaskResult.objects.filter(
        pk__in=list(matching.values_list("pk", flat=True))
    ).delete()
    return deleted


def delete_task_rows_of(user):
    """Account deletion (``USER_DATA_DELETION``): task rows keep their arguments and results
    (recipients, mail texts, names in notices) until ``prune_finished_tasks``. Rows that hold
    one of the person's addresses go now, finished or waiting (a mail to them, or the editors'
    copy of their feedback message, is not sent any more); finished rows that hold their
    display name go too. A waiting row that only has the name stays (a short name also occurs
    in other people's mails); a running row is left to the worker."""
    from .accounts.gdpr import addresses_of

    delete_task_rows_mentioning(addresses_of(user), waiting_too=True)
    delete_task_rows_mentioning([user.display_name])
