"""Load the demo content of every app, in order, idempotently.

Each loader (``demo.accounts``, ``demo.pages`` …) has a ``load()`` that returns an optional
short summary; any error stops the command. Every loader runs in its own transaction.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts, comments, ideas, pages, pilots, university

LOADERS = [accounts, pages, ideas, university, comments, pilots]


def describe(summary):
    """A short line for whatever a ``load()`` returned."""
    if not summary:
        return "geladen"
    if isinstance(summary, dict | list | tuple | set):
        return f"{len(summary)} Einträge: {', '.join(str(item) for item in summary)}"
    return str(summary)


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte aller Apps (Konten, Seiten, Ideen, Pilotprojekte)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--send-mail",
            action="store_true",
            help="Send the notification mails the demo triggers (default: discard them).",
        )

    def handle(self, *args, **options):
        previous_backend = settings.EMAIL_BACKEND
        if not options.get("send_mail"):
            # Demo pilots and ideas notify their (fictional) followers: nobody needs those mails.
            settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        try:
            self.load_all(options)
        finally:
            settings.EMAIL_BACKEND = previous_backend

    def load_all(self, options):
        for module in LOADERS:
            with transaction.atomic():
                summary = module.load()
            if options["verbosity"] >= 1:
                self.stdout.write(self.style.SUCCESS(f"{module.__name__}: {describe(summary)}"))
