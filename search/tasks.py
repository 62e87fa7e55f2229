"""Background tasks (django-tasks) that keep the Elasticsearch indexes current.

Enqueued by :mod:`search.signals` after the transaction commits, only in Elasticsearch mode.
Each task reads the object's current state, so a late or repeated task does no harm: a public
object is (re)indexed, anything else is removed from the index.
"""

from django.conf import settings
from django_tasks import task

from . import documents


def _client():
    return documents.get_client(settings.ELASTICSEARCH_URL)


@task()
def update_search_document(source: str, pk: int):
    """``source`` is ``"idea"`` or ``"page"`` (pilots and other pages)."""
    if settings.ELASTICSEARCH_URL:
        documents.update_object(_client(), source, pk)


@task()
def remove_search_document(source: str, pk: int):
    if not settings.ELASTICSEARCH_URL:
        return
    client = _client()
    if source == "idea":
        documents.remove_object(client, documents.IdeaDocument, pk)
    else:
        for document_class in (documents.PilotDocument, documents.PageDocument):
            documents.remove_object(client, document_class, pk)
