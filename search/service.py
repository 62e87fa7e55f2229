"""The portal search: one entry point for the search page, autocomplete and duplicate hints.

``search(query, filters, page) -> SearchResultPage`` works the same in both modes:

* database mode (default): Wagtail's search backend (modelsearch) on PostgreSQL or SQLite,
  facet counts by ``GROUP BY`` in the database (:mod:`search.backends.database`);
* Elasticsearch mode, when ``settings.ELASTICSEARCH_URL`` is set: one request with a
  ``post_filter`` and filtered aggregations (:mod:`search.backends.elasticsearch`).

A backend only says which objects match, in which order, and how many there are per facet
value; results are always loaded from the database with the visibility rules of
:mod:`search.content`, and turned into the same dataclasses (:mod:`search.results`).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ideas.models import District, Topic
from participation import constants

from . import content
from .backends.database import DatabaseSearch
from .backends.elasticsearch import ElasticsearchSearch
from .results import (
    PER_PAGE,
    Facet,
    FacetValue,
    SearchFilters,
    SearchResult,
    SearchResultPage,
)
from .snippets import WORD, snippet

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_PAGE = 500  # 10,000 results: also Elasticsearch's default result window
SUGGESTION_LIMIT = 8
GENERATION_KEY = "portal:search:generation"
MIN_SUGGESTION_LENGTH = 2


# What facet labels (``display_name``) and the slug/id mapping read of a topic or district.
VOCABULARY_FIELDS = ("pk", "slug", "name", "name_en", "order")


@dataclass
class Vocabulary:
    """Topics and districts by slug, for facet labels and slug/id mapping (two small tables)."""

    topics: dict
    districts: dict

    @classmethod
    def load(cls):
        """Kept per process until an editor changes a topic or district (ideas' receivers)."""
        return constants.remember("search-vocabulary", cls._read)

    @classmethod
    def _read(cls):
        return cls(
            topics={t.slug: t for t in Topic.objects.only(*VOCABULARY_FIELDS)},
            districts={d.slug: d for d in District.objects.only(*VOCABULARY_FIELDS)},
        )

    def topic_ids(self, slugs):
        return [self.topics[slug].pk for slug in slugs if slug in self.topics]

    def district_ids(self, slugs):
        return [self.districts[slug].pk for slug in slugs if slug in self.districts]

    @property
    def topic_slugs(self):
        return {topic.pk: slug for slug, topic in self.topics.items()}

    @property
    def district_slugs(self):
        return {district.pk: slug for slug, district in self.districts.items()}


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def get_backend():
    """The search backend of the configured mode."""
    if elasticsearch_enabled():
        return ElasticsearchSearch(settings.ELASTICSEARCH_URL)
    return DatabaseSearch()


def normalize_query(query):
    """Only the words: no operator syntax of any engine reaches it."""
    return " ".join(WORD.findall((query or "")[:MAX_QUERY_LENGTH]))


def clean_filters(filters, vocabulary):
    """Drop unknown facet values (old links, typing in the address bar)."""
    filters = filters or SearchFilters()
    statuses = content.status_labels()
    return SearchFilters(
        kinds=_unique(k for k in filters.kinds if k in content.KIND_KEYS),
        topics=_unique(t for t in filters.topics if t in vocabulary.topics),
        districts=_unique(d for d in filters.districts if d in vocabulary.districts),
        statuses=_unique(s for s in filters.statuses if s in statuses),
    )


def filters_from_querydict(data):
    """:class:`SearchFilters` from GET parameters (``typ``, ``thema``, ``bezirk``, ``status``)."""
    return SearchFilters(
        kinds=tuple(data.getlist("typ")),
        topics=tuple(data.getlist("thema")),
        districts=tuple(data.getlist("bezirk")),
        statuses=tuple(data.getlist("status")),
    )


def _unique(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return tuple(seen)


def search(query, filters=None, page=1):
    """One page of results for ``query``, narrowed by ``filters``, with facet counts."""
    vocabulary = Vocabulary.load()
    filters = clean_filters(filters, vocabulary)
    terms = normalize_query(query)
    backend = get_backend()
    result_page = SearchResultPage(query=(query or "").strip(), filters=filters, mode=backend.mode)
    if not terms:
        return result_page
    page = max(1, min(int(page or 1), MAX_PAGE))

    def run(page, operator):
        return kept_matches(
            (backend.mode, terms, filters, page, operator),
            lambda: backend.matches(
                terms,
                filters,
                offset=(page - 1) * PER_PAGE,
                limit=PER_PAGE,
                operator=operator,
                vocabulary=vocabulary,
            ),
        )

    matches = run(page, "and")
    if matches.total == 0 and len(terms.split()) > 1:
        matches = run(page, "or")  # no result has every word: show those with any of them
    last_page = min(MAX_PAGE, max(1, -(-matches.total // PER_PAGE)))
    if page > last_page:
        page = last_page
        matches = run(page, matches.operator)

    result_page.results = hydrate(matches.hits, terms)
    result_page.total = matches.total
    result_page.page = page
    result_page.facets = build_facets(matches.facet_counts, filters, vocabulary)
    result_page.operator = matches.operator
    return result_page


# --- Kept matches ----------------------------------------------------------------------------
# When a newspaper links a topic, thousands of people search the same words within minutes.
# Which objects match and how many per facet value are the same for all of them, so the shared
# cache keeps them for ``SEARCH_CACHE_SECONDS`` (0 turns this off), under a generation that every
# change of the index replaces (``signal_handlers``): a new, changed or deleted idea or page is
# found or gone with the next search. What the results show is always read afresh through the
# visibility rules (``hydrate``), so an idea hidden by an update without a save leaves the
# results at once; only its count in the facets may lag until the entry expires.


def kept_matches(key, compute):
    """``compute()`` (the backend's :class:`Matches`), kept in the shared cache under ``key``."""
    seconds = getattr(settings, "SEARCH_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    try:
        cache_key = f"portal:search:{constants.generation(GENERATION_KEY)}:{digest}"
        matches = cache.get(cache_key)
    except Exception:  # noqa: BLE001 (the cache is down: search without it)
        logger.warning("The shared cache cannot be read; searching without it.")
        return compute()
    if matches is None:
        matches = compute()
        try:
            cache.set(cache_key, matches, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("The shared cache cannot be written; the matches are not kept.")
    return matches


def index_changed():
    """Something searchable changed: kept matches are not used again (now and after commit)."""

    def bump():
        try:
            constants.new_generation(GENERATION_KEY)
        except Exception:  # noqa: BLE001 (entries expire by themselves)
            logger.warning("The shared cache cannot be written; kept matches expire by age.")

    bump()
    transaction.on_commit(bump)


def suggestions(query, limit=SUGGESTION_LIMIT):
    """Titles of public ideas and pilots starting with the words typed (autocomplete)."""
    terms = normalize_query(query)
    if len(terms) < MIN_SUGGESTION_LENGTH:
        return []
    hits = get_backend().suggest(terms, limit)
    return [
        {"title": result.title, "url": result.url, "kind": result.kind_label}
        for result in hydrate(hits, terms, with_snippets=False)
    ]


def search_ideas(query, *, limit=5, exclude_pk=None):
    """Public ideas matching any of the words, best first (duplicate hints on the propose form)."""
    terms = normalize_query(query)
    if not terms:
        return []
    matches = get_backend().matches(
        terms,
        SearchFilters(kinds=(content.IDEA,)),
        offset=0,
        limit=limit + 1,
        operator="or",
        vocabulary=Vocabulary.load(),
        facets=False,
    )
    pks = [hit.pk for hit in matches.hits if hit.pk != exclude_pk][:limit]
    ideas = content.public_ideas().select_related("topic", "district").in_bulk(pks)
    return [ideas[pk] for pk in pks if pk in ideas]


# --- From matches to what the template shows ------------------------------------------------


def hydrate(hits, query, with_snippets=True):
    """Load the objects behind ``hits`` through the visibility rules, in the hits' order."""
    pks = {content.IDEA: [], content.PILOT: [], "pages": []}
    for hit in hits:
        pks[hit.kind if hit.kind in (content.IDEA, content.PILOT) else "pages"].append(hit.pk)
    objects = {}
    private = content.private_pages_q() if pks[content.PILOT] or pks["pages"] else None
    if pks[content.IDEA]:
        ideas = content.public_ideas().select_related("topic", "district")
        objects[content.IDEA] = ideas.in_bulk(pks[content.IDEA])
    if pks[content.PILOT]:
        pilots = content.public_pilots(private=private).select_related("topic", "district")
        objects[content.PILOT] = pilots.in_bulk(pks[content.PILOT])
    if pks["pages"]:
        pages = content.public_pages(private=private).filter(pk__in=pks["pages"]).specific()
        objects["pages"] = {page.pk: page for page in pages}

    results = []
    for hit in hits:
        group = hit.kind if hit.kind in (content.IDEA, content.PILOT) else "pages"
        obj = objects.get(group, {}).get(hit.pk)
        if obj is not None:
            results.append(to_result(group, obj, query, with_snippets))
    return results


def to_result(group, obj, query, with_snippets=True):
    # Labels from the choices, not ``get_FOO_display()``: that hashes every lazy label (one
    # translation lookup each) for every result.
    text = snippet(content.body_text(obj), query) if with_snippets else ""
    if group == content.IDEA:
        return SearchResult(
            kind=content.IDEA,
            kind_label=str(content.KIND_LABELS[content.IDEA]),
            title=obj.title,
            url=obj.get_absolute_url(),
            snippet=text,
            status=obj.status,
            status_label=str(content.idea_statuses().get(obj.status, obj.status)),
            topic=obj.topic.display_name,
            district=obj.district.display_name,
            pk=obj.pk,
        )
    url = content.page_url(content.page_route(obj))
    if group == content.PILOT:
        return SearchResult(
            kind=content.PILOT,
            kind_label=str(content.KIND_LABELS[content.PILOT]),
            title=obj.title,
            url=url,
            snippet=text,
            status=obj.pilot_status,
            status_label=str(content.pilot_statuses().get(obj.pilot_status, obj.pilot_status)),
            topic=obj.topic.display_name if obj.topic else "",
            district=obj.district.display_name if obj.district else "",
            pk=obj.pk,
        )
    kind = content.page_kind(obj)
    return SearchResult(
        kind=kind,
        kind_label=str(content.KIND_LABELS[kind]),
        title=obj.title,
        url=url,
        snippet=text,
        pk=obj.pk,
    )


def build_facets(counts, filters, vocabulary):
    """Facet values with counts; values without results are left out unless selected."""

    def values(name, options):
        selected = getattr(filters, name)
        found = counts.get(name, {})
        return tuple(
            FacetValue(
                value=key, label=str(label), count=found.get(key, 0), selected=key in selected
            )
            for key, label in options
            if found.get(key, 0) or key in selected
        )

    pilot_statuses = content.pilot_statuses()
    status_options = [*content.idea_statuses().items()] + [
        (key, _("%(status)s (Pilotprojekt)") % {"status": label})
        for key, label in pilot_statuses.items()
    ]
    return [
        Facet("typ", str(_("Art")), values("kinds", content.KIND_FACET_LABELS.items())),
        Facet(
            "thema",
            str(_("Thema")),
            values("topics", [(slug, t.display_name) for slug, t in vocabulary.topics.items()]),
        ),
        Facet(
            "bezirk",
            str(_("Stadtbezirk")),
            values(
                "districts", [(slug, d.display_name) for slug, d in vocabulary.districts.items()]
            ),
        ),
        Facet("status", str(_("Status")), values("statuses", status_options)),
    ]
