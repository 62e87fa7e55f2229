"""Elasticsearch documents of the portal search (used only when ``ELASTICSEARCH_URL`` is set).

Three indexes, one per source, each behind an alias (``mitwirken_portal_ideas`` …) so that
``manage.py rebuild_search_index`` can fill a fresh index and switch over atomically:

* :class:`IdeaDocument` - public ideas (never hidden or submitted ones);
* :class:`PilotDocument` - live pilot pages;
* :class:`PageDocument` - other live, public pages (content and university pages).

Text fields use Elasticsearch's built-in ``german`` analyzer (stemming, German stop words);
``kind``, ``topic``, ``district`` and ``status`` are keywords for the facets. Author names are
not part of any document.
"""

import contextlib
import logging

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Date, Document, Integer, Keyword, SearchAsYouType, Text
from wagtail.models import Page

from . import content

logger = logging.getLogger(__name__)

INDEX_PREFIX = "mitwirken_portal_"
GERMAN = "german"
REQUEST_TIMEOUT = 5
# Fields the search query looks in, with the title weighing most (as in database mode).
TEXT_FIELDS = ["title^3", "text", "summary_easy", "place"]
SUGGEST_FIELDS = ["suggest", "suggest._2gram", "suggest._3gram"]
INDEX_SETTINGS = {"number_of_shards": 1}


class PortalDocument(Document):
    """Fields every portal document has; subclasses set the index."""

    kind = Keyword()
    object_id = Integer()
    title = Text(analyzer=GERMAN)
    text = Text(analyzer=GERMAN)
    summary_easy = Text(analyzer=GERMAN)
    place = Text(analyzer=GERMAN)
    suggest = SearchAsYouType()
    topic = Keyword()
    district = Keyword()
    status = Keyword()


class IdeaDocument(PortalDocument):
    support_count = Integer()
    created = Date()
    published_at = Date()

    class Index:
        name = INDEX_PREFIX + "ideas"
        settings = INDEX_SETTINGS

    @classmethod
    def from_idea(cls, idea):
        return cls(
            meta={"id": idea.pk},
            kind=content.IDEA,
            object_id=idea.pk,
            title=idea.title,
            text=idea.text,
            summary_easy=idea.summary_easy,
            place=idea.place,
            suggest=idea.title,
            topic=idea.topic.slug,
            district=idea.district.slug,
            status=idea.status,
            support_count=idea.support_count,
            created=idea.created,
            published_at=idea.published_at,
        )


class PilotDocument(PortalDocument):
    start_date = Date()
    end_date = Date()
    published_at = Date()

    class Index:
        name = INDEX_PREFIX + "pilots"
        settings = INDEX_SETTINGS

    @classmethod
    def from_pilot(cls, pilot):
        rich = [pilot.problem, pilot.goal, pilot.approach]
        return cls(
            meta={"id": pilot.pk},
            kind=content.PILOT,
            object_id=pilot.pk,
            title=pilot.title,
            text=" ".join(content.plain_text(value, rich=True) for value in rich if value),
            summary_easy=pilot.summary_easy,
            place=pilot.place,
            suggest=pilot.title,
            topic=pilot.topic.slug if pilot.topic else None,
            district=pilot.district.slug if pilot.district else None,
            status=pilot.pilot_status,
            start_date=pilot.start_date,
            end_date=pilot.end_date,
            published_at=pilot.last_published_at,
        )


class PageDocument(PortalDocument):
    published_at = Date()

    class Index:
        name = INDEX_PREFIX + "pages"
        settings = INDEX_SETTINGS

    @classmethod
    def from_page(cls, page):
        page = page.specific
        return cls(
            meta={"id": page.pk},
            kind=content.page_kind(page),
            object_id=page.pk,
            title=page.title,
            text=content.body_text(page),
            suggest=page.title,
            published_at=page.last_published_at,
        )


DOCUMENTS = (IdeaDocument, PilotDocument, PageDocument)
SEARCH_INDEXES = [document._index._name for document in DOCUMENTS]
SUGGEST_INDEXES = [IdeaDocument._index._name, PilotDocument._index._name]

_clients = {}


def get_client(url):
    """One client per URL and process (it keeps a connection pool)."""
    if url not in _clients:
        _clients[url] = Elasticsearch(
            url, request_timeout=REQUEST_TIMEOUT, max_retries=1, retry_on_timeout=False
        )
    return _clients[url]


# --- What goes into which index ---------------------------------------------------------------


def public_documents():
    """``(document class, iterator of documents)`` for everything a rebuild indexes."""
    ideas = content.public_ideas().select_related("topic", "district").order_by("pk")
    pilots = content.public_pilots().select_related("topic", "district").order_by("pk")
    pages = content.public_pages().order_by("pk").specific()
    return (
        (IdeaDocument, (IdeaDocument.from_idea(idea) for idea in ideas.iterator())),
        (PilotDocument, (PilotDocument.from_pilot(pilot) for pilot in pilots.iterator())),
        (PageDocument, (PageDocument.from_page(page) for page in pages)),
    )


def document_for(source, pk):
    """``(document class, document or None)``: None means "must not be in the index"."""
    if source == content.IDEA:
        idea = content.public_ideas().select_related("topic", "district").filter(pk=pk).first()
        return IdeaDocument, IdeaDocument.from_idea(idea) if idea else None
    page = Page.objects.filter(pk=pk).first()
    if page is None:
        return None, None
    page = page.specific
    if isinstance(page, content.pilot_page_model()):
        visible = content.public_pilots().filter(pk=pk).exists()
        return PilotDocument, PilotDocument.from_pilot(page) if visible else None
    visible = content.public_pages().filter(pk=pk).exists()
    return PageDocument, PageDocument.from_page(page) if visible else None


def update_object(client, source, pk):
    """Index the object if it is public, remove it otherwise."""
    document_class, document = document_for(source, pk)
    if document is not None:
        document.save(using=client)
    elif document_class is not None:
        remove_object(client, document_class, pk)
    else:  # the page is gone: it may have been either
        for page_class in (PilotDocument, PageDocument):
            remove_object(client, page_class, pk)


def remove_object(client, document_class, pk):
    with contextlib.suppress(NotFoundError):
        client.delete(index=document_class._index._name, id=str(pk))


# --- Rebuild ---------------------------------------------------------------------------------


def rebuild(client, suffix):
    """Fill a new index per document class, then point the alias at it and drop the old ones.

    Searches keep using the old index until the alias switches. Returns ``{alias: count}``.
    """
    counts = {}
    for document_class, documents in public_documents():
        alias = document_class._index._name
        new_name = f"{alias}-{suffix}"
        document_class._index.clone(name=new_name).create(using=client)
        actions = (
            {"_index": new_name, "_id": str(document.meta.id), "_source": document.to_dict()}
            for document in documents
        )
        indexed, _errors = bulk(client, actions, chunk_size=500, refresh=False)
        client.indices.refresh(index=new_name)

        swaps = [{"add": {"index": new_name, "alias": alias}}]
        if client.indices.exists_alias(name=alias):
            old = client.indices.get_alias(name=alias)
            swaps += [{"remove_index": {"index": name}} for name in old.body]
        elif client.indices.exists(index=alias):
            # A concrete index under the alias's name (documents saved before the first
            # rebuild, with dynamic mappings): it has to go.
            client.indices.delete(index=alias)
        client.indices.update_aliases(actions=swaps)
        counts[alias] = indexed
    return counts
