"""What the project package itself adds through hooks: its part of account deletion."""

from wagtail import hooks

from . import jobs
from .accounts.gdpr import USER_DATA_DELETION

hooks.register(USER_DATA_DELETION, jobs.delete_task_rows_of)
