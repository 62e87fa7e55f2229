"""Load the demo content of every app, in order, idempotently.

Each app that has demo content provides ``<app>.demo.load()`` (returning an optional short
summary). A module that does not exist (yet) is skipped; any other error stops the command.
Every module runs in its own transaction.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "participation.accounts.demo",
    "cms.demo",
    "ideas.demo",
    "cms.demo_university",
    "ideas.demo_comments",
    "pilots.demo",
]


def import_if_present(name):
    """The module ``name``, or None when it (or its package) does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # Only a missing demo module (or package) is skipped, not a missing import inside it.
        if exc.name and (name == exc.name or name.startswith(f"{exc.name}.")):
            return None
        raise


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
        for name in DEMO_MODULES:
            module = import_if_present(name)
            if module is None:
                if options["verbosity"] >= 2:
                    self.stdout.write(f"{name}: nicht vorhanden, übersprungen")
                continue
            with transaction.atomic():
                summary = module.load()
            if options["verbosity"] >= 1:
                self.stdout.write(self.style.SUCCESS(f"{name}: {describe(summary)}"))
