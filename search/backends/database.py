"""Database mode: Wagtail's search backend (modelsearch) matches, the ORM counts.

For each source (ideas, pilots, other pages) the backend's ``search()`` yields a queryset of the
matching rows; visibility rules and facet filters are plain ORM filters on it. Facet counts are
``GROUP BY`` queries over those matches, so the database counts and Python only adds up one
row per facet value. The results of one page come from a merge of the best
``offset + limit`` rows of each source by relevance.

Words are stemmed on both databases: PostgreSQL with ``SEARCH_CONFIG = "german"``, SQLite
through the portal's backend (:mod:`search.backends.sqlite`, the same Snowball algorithm).

Ideas that are over (declined, expired, withdrawn) come after every other result, each group in
order of relevance (see ``docs/search.md``).
"""

from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Value,
    When,
)
from django.db.models import CharField as CharFieldType
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .. import content
from ..results import Hit, Matches

SCORE = "_portal_score"
KIND = "_portal_kind"
CLOSED = "_portal_closed"  # 1 for ideas that are over, else 0: they rank after the others


@dataclass(frozen=True)
class Source:
    """One model the portal searches, with its visibility rule and facet fields."""

    name: str
    kinds: tuple[str, ...]
    status_field: str | None = None

    @property
    def faceted(self):
        return self.status_field is not None

    def model(self):
        if self.name == content.IDEA:
            return content.idea_model()
        if self.name == content.PILOT:
            return content.pilot_page_model()

        return Page

    def visible(self, queryset, private):
        if self.name == content.IDEA:
            return content.public_ideas(queryset)
        if self.name == content.PILOT:
            return content.public_pilots(queryset, private)
        return content.public_pages(queryset, private)

    def closed(self):
        """1 for the rows ranked after the others (ideas that are over), else 0."""
        if self.name == content.IDEA:
            return Case(
                When(status__in=content.closed_idea_statuses(), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return Value(0, output_field=IntegerField())

    def statuses(self):
        if self.name == content.IDEA:
            return content.idea_statuses()
        if self.name == content.PILOT:
            return content.pilot_statuses()
        return {}


INTEGER_KEYS = ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField")

SOURCES = (
    Source(content.IDEA, (content.IDEA,), status_field="status"),
    Source(content.PILOT, (content.PILOT,), status_field="pilot_status"),
    Source("pages", (content.UNIVERSITY, content.PAGE)),
)


class DatabaseSearch:
    mode = "database"

    def __init__(self, backend=None):
        self.backend = backend or get_search_backend()
        # SQLite's bm25() ranks better matches lower; every other backend ranks them higher.
        self.score_sign = -1 if type(self.backend).__name__.startswith("SQLite") else 1
        self.postgres = type(self.backend).__name__.startswith("Postgres")
        self._private = None

    @property
    def private(self):
        """Pages in restricted sections, looked up once per search."""
        if self._private is None:
            self._private = content.private_pages_q()
        return self._private

    # --- Matching --------------------------------------------------------------------------

    def _matched(self, source, query, operator, scored, autocomplete=False):
        method = self.backend.autocomplete if autocomplete else self.backend.search
        results = method(
            query,
            source.model().objects.all(),
            operator=operator,
            order_by_relevance=scored,
        )
        if not hasattr(results, "get_queryset"):  # EmptySearchResults
            return source.model().objects.none()
        matching = self._index_matches(source.model(), results) if not autocomplete else None
        if matching is not None and not scored:
            # Counting needs no score: a semi-join on the index, without modelsearch's join.
            return source.visible(source.model().objects.filter(pk__in=matching), self.private)
        if scored:
            results = results.annotate_score(SCORE)
        queryset = results.get_queryset()
        if scored and SCORE not in queryset.query.annotations:
            queryset = queryset.annotate(**{SCORE: Value(0.0, output_field=FloatField())})
        if scored:
            best = F(SCORE).asc() if self.score_sign < 0 else F(SCORE).desc()
            queryset = queryset.annotate(**{CLOSED: source.closed()}).order_by(CLOSED, best, "-pk")
        if matching is not None:
            # The same rows as modelsearch's join; the planner starts from the GIN index.
            queryset = queryset.filter(pk__in=matching)
        return source.visible(queryset, self.private)

    def _index_matches(self, model, results):
        """PostgreSQL: the primary keys of the index entries that match, as a subquery.

        modelsearch joins its index on ``object_id = id::varchar`` (the cast is on the model's
        side, so no index on either table serves it) and filters ``(title || body) @@ query``.
        This subquery filters the very same expression, which the GIN index of migration
        ``search.0001`` covers, and casts ``object_id`` on the index's side, so the model's
        primary key index does the join. None where it does not apply (SQLite, other keys).
        """
        pk = model._meta.pk
        while pk.is_relation:  # a page type's pk is its link to Page
            pk = pk.target_field
        internal = pk.get_internal_type()
        if not self.postgres or internal not in INTEGER_KEYS:
            return None
        compiler = results.query_compiler
        query = compiler.build_tsquery(compiler.query, config=compiler.get_config(self.backend))
        key = (
            BigIntegerField() if internal in ("BigAutoField", "BigIntegerField") else IntegerField()
        )
        entries = get_app_config().get_model("IndexEntry")._default_manager
        return (
            entries.filter(content_type_id__in=get_descendants_content_types_pks(model))
            .annotate(_portal_vector=F("title")._combine(F("body"), "||", False))
            .filter(_portal_vector=query)
            .values(_portal_pk=Cast("object_id", key))
        )

    def _narrow(self, source, queryset, filters, vocabulary):
        """Apply the selected facets to one source's matches (None: nothing can match)."""
        kinds = [kind for kind in source.kinds if not filters.kinds or kind in filters.kinds]
        if not kinds:
            return None
        if not source.faceted:
            if filters.narrows_to_faceted_kinds():
                return None
            if len(kinds) < len(source.kinds):
                queryset = queryset.filter(content.page_kind_q(kinds))
            return queryset
        if filters.topics:
            queryset = queryset.filter(topic_id__in=vocabulary.topic_ids(filters.topics))
        if filters.districts:
            queryset = queryset.filter(district_id__in=vocabulary.district_ids(filters.districts))
        if filters.statuses:
            own = [status for status in filters.statuses if status in source.statuses()]
            if not own:
                return None
            queryset = queryset.filter(**{f"{source.status_field}__in": own})
        return queryset

    @staticmethod
    def _with_kind(queryset):
        university = content.university_content_type_ids()
        return queryset.annotate(
            **{
                KIND: Case(
                    When(content_type_id__in=university, then=Value(content.UNIVERSITY)),
                    default=Value(content.PAGE),
                    output_field=CharFieldType(),
                )
            }
        )

    # --- Facets ----------------------------------------------------------------------------

    def _group(self, queryset, *fields):
        """``{values: count}`` by one ``GROUP BY`` query (a key per row of ``fields``)."""
        rows = queryset.order_by().values(*fields).annotate(portal_count=Count("pk", distinct=True))
        return {tuple(row[field] for field in fields): row["portal_count"] for row in rows}

    def _facet_counts(self, matched, filters, vocabulary):
        """Every facet's counts in one query per source.

        An idea's or pilot's matches are counted once per (topic, district, status): at most
        topics × districts × statuses rows, however many match. Each facet then adds up the
        rows that pass all *other* selected facets, which is what ``_narrow`` with
        ``filters.without(facet)`` would count, without a query per facet.
        """
        counts = {"kinds": {}, "topics": {}, "districts": {}, "statuses": {}}

        def add(name, value, number):
            if value is not None and number:
                counts[name][value] = counts[name].get(value, 0) + number

        topics = set(vocabulary.topic_ids(filters.topics))
        districts = set(vocabulary.district_ids(filters.districts))
        topic_slugs, district_slugs = vocabulary.topic_slugs, vocabulary.district_slugs
        for source in SOURCES:
            if not source.faceted:
                queryset = self._narrow(
                    source, matched[source.name], filters.without("kinds"), vocabulary
                )
                if queryset is not None:
                    for (kind,), number in self._group(self._with_kind(queryset), KIND).items():
                        add("kinds", kind, number)
                continue
            kind = source.kinds[0]
            kind_selected = not filters.kinds or kind in filters.kinds
            own = {status for status in filters.statuses if status in source.statuses()}
            grouped = self._group(
                matched[source.name], "topic_id", "district_id", source.status_field
            )
            for (topic, district, status), number in grouped.items():
                topic_ok = not filters.topics or topic in topics
                district_ok = not filters.districts or district in districts
                status_ok = not filters.statuses or status in own
                if topic_ok and district_ok and status_ok:
                    add("kinds", kind, number)
                if not kind_selected:
                    continue
                if district_ok and status_ok:
                    add("topics", topic_slugs.get(topic), number)
                if topic_ok and status_ok:
                    add("districts", district_slugs.get(district), number)
                if topic_ok and district_ok:
                    add("statuses", status, number)
        return counts

    # --- Public interface ------------------------------------------------------------------

    def matches(self, query, filters, *, offset, limit, operator, vocabulary, facets=True):
        counts, total = {}, None
        if facets:
            unscored = {s.name: self._matched(s, query, operator, scored=False) for s in SOURCES}
            counts = self._facet_counts(unscored, filters, vocabulary)
            total = sum(counts["kinds"].get(kind, 0) for kind in filters.kinds or content.KIND_KEYS)

        candidates = []
        for source in SOURCES:
            queryset = self._narrow(
                source, self._matched(source, query, operator, scored=True), filters, vocabulary
            )
            if queryset is None:
                continue
            if facets and not any(counts["kinds"].get(kind) for kind in source.kinds):
                continue  # counted: nothing to fetch
            if source.faceted:
                rows = queryset.values_list("pk", SCORE, CLOSED)[: offset + limit]
                candidates += [(closed, score, source.kinds[0], pk) for pk, score, closed in rows]
            else:
                rows = self._with_kind(queryset).values_list("pk", SCORE, CLOSED, KIND)
                candidates += [
                    (closed, score, kind, pk) for pk, score, closed, kind in rows[: offset + limit]
                ]
        hits = self._merge(candidates)[offset : offset + limit]
        return Matches(hits=hits, total=total, facet_counts=counts, operator=operator)

    def suggest(self, query, limit):
        candidates = []
        for source in SOURCES[:2]:  # ideas and pilots
            queryset = self._matched(source, query, "and", scored=True, autocomplete=True)
            rows = queryset.values_list("pk", SCORE, CLOSED)[:limit]
            candidates += [(closed, score, source.kinds[0], pk) for pk, score, closed in rows]
        return self._merge(candidates)[:limit]

    def _merge(self, candidates):
        order = {kind: position for position, kind in enumerate(content.KIND_KEYS)}
        candidates.sort(
            key=lambda row: (row[0], -(row[1] or 0.0) * self.score_sign, order[row[2]], -row[3])
        )
        return [Hit(kind=kind, pk=pk) for _closed, _score, kind, pk in candidates]
