from django.core.management.base import BaseCommand

from ideas import notifications


class Command(BaseCommand):
    help = (
        "Send the coalesced mails whose window (NOTIFICATION_WINDOW_MINUTES) has passed. "
        "The task worker sends them on time; run this every few minutes (cron) only where "
        "tasks run in-process, and after the worker was down."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"mails={notifications.send_due_mails()}")
