"""Rebuild the search indexes: the portal's Elasticsearch indexes (in Elasticsearch mode) and
Wagtail's own index (``update_index``, database or Elasticsearch backend)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from elasticsearch import ApiError, TransportError

from search import documents


class Command(BaseCommand):
    help = (
        "Rebuild the portal's Elasticsearch indexes (when ELASTICSEARCH_URL is set) and "
        "Wagtail's search index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-wagtail",
            action="store_true",
            help="Only rebuild the portal's Elasticsearch indexes, not Wagtail's (update_index).",
        )

    def handle(self, *args, skip_wagtail=False, **options):
        verbosity = options.get("verbosity", 1)
        if settings.ELASTICSEARCH_URL:
            client = documents.get_client(settings.ELASTICSEARCH_URL)
            suffix = timezone.now().strftime("%Y%m%d%H%M%S%f")
            try:
                counts = documents.rebuild(client, suffix)
            except (ApiError, TransportError) as error:
                raise CommandError(f"Elasticsearch: {error}") from error
            for alias, count in counts.items():
                self.stdout.write(f"{alias}: {count} documents")
        elif verbosity:
            self.stdout.write(
                "ELASTICSEARCH_URL is not set: database mode, only Wagtail's index is rebuilt."
            )
        if not skip_wagtail:
            call_command("update_index", verbosity=verbosity, stdout=self.stdout)
