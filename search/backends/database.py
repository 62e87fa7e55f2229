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

import heapq
from collections import Counter
from dataclasses import dataclass

from django.db import connections
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

    def closed_statuses(self):
        return content.closed_idea_statuses() if self.name == content.IDEA else ()

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


# Matching index entries (``m``) joined to the visible rows of a faceted source (``v``).
RANKED_ROWS_SQL = (
    "SELECT v._portal_pk, v._portal_topic, v._portal_district, v._portal_status, m._portal_rank "
    "FROM ({matching}) m JOIN ({visible}) v ON v._portal_pk = m._portal_pk"
)

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

    def _index_matches(self, model, results, scored=False):
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
        matching = (
            entries.filter(content_type_id__in=get_descendants_content_types_pks(model))
            .annotate(_portal_vector=F("title")._combine(F("body"), "||", False))
            .filter(_portal_vector=query)
        )
        if not scored:
            return matching.values(_portal_pk=Cast("object_id", key))
        # modelsearch's score (``PostgresSearchQueryCompiler.get_index_vectors``), on the entry.
        rank = compiler._build_rank_expression(
            [(F("title"), F("title_norm")), (F("body"), 1.0)],
            compiler.get_config(self.backend),
        )
        return matching.values(_portal_pk=Cast("object_id", key), _portal_rank=rank)

    def _ranked_rows(self, source, query, operator):
        """PostgreSQL: every visible match of a faceted source with its facet values and score.

        One query, ``index entries ⋈ visible rows`` on the primary key, instead of one
        ``GROUP BY`` for the facets and one ranking query, each of which looked every match up
        in both tables again (two index probes per match; at 100,000 ideas a common word
        matches ~5,600). Facets and the best rows are then worked out in Python
        (:meth:`matches`). None where this does not apply (SQLite, autocomplete).
        """
        model = source.model()
        results = self.backend.search(
            query, model.objects.all(), operator=operator, order_by_relevance=False
        )
        if not hasattr(results, "get_queryset"):  # EmptySearchResults
            return []
        matching = self._index_matches(model, results, scored=True)
        if matching is None:
            return None
        visible = (
            source.visible(model.objects.all(), self.private)
            .order_by()
            .values(
                _portal_pk=F("pk"),
                _portal_topic=F("topic_id"),
                _portal_district=F("district_id"),
                _portal_status=F(source.status_field),
            )
        )
        matching_sql, matching_params = matching.query.sql_with_params()
        visible_sql, visible_params = visible.query.sql_with_params()
        # Both parts are compiled by the ORM, their parameters kept apart.
        sql = RANKED_ROWS_SQL.format(matching=matching_sql, visible=visible_sql)
        with connections[visible.db].cursor() as cursor:
            cursor.execute(sql, (*matching_params, *visible_params))
            # One entry per object (modelsearch's unique key); a second would count it twice.
            return list({row[0]: row for row in cursor.fetchall()}.values())

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

    def _facet_counts(self, matched, filters, vocabulary, rows=None):
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
            if rows and source.name in rows:
                grouped = Counter(row[1:4] for row in rows[source.name])
            else:
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
        rows = self._all_rows(query, operator)
        counts, total = {}, None
        if facets:
            unscored = {
                s.name: self._matched(s, query, operator, scored=False)
                for s in SOURCES
                if s.name not in rows
            }
            counts = self._facet_counts(unscored, filters, vocabulary, rows)
            total = sum(counts["kinds"].get(kind, 0) for kind in filters.kinds or content.KIND_KEYS)

        candidates = []
        for source in SOURCES:
            if facets and not any(counts["kinds"].get(kind) for kind in source.kinds):
                continue  # counted: nothing to fetch
            if source.name in rows:
                candidates += self._best(
                    source, rows[source.name], filters, vocabulary, offset + limit
                )
                continue
            queryset = self._narrow(
                source, self._matched(source, query, operator, scored=True), filters, vocabulary
            )
            if queryset is None:
                continue
            if source.faceted:
                rows_ = queryset.values_list("pk", SCORE, CLOSED)[: offset + limit]
                candidates += [(closed, score, source.kinds[0], pk) for pk, score, closed in rows_]
            else:
                found = self._with_kind(queryset).values_list("pk", SCORE, CLOSED, KIND)
                candidates += [
                    (closed, score, kind, pk) for pk, score, closed, kind in found[: offset + limit]
                ]
        hits = self._merge(candidates)[offset : offset + limit]
        return Matches(hits=hits, total=total, facet_counts=counts, operator=operator)

    def _all_rows(self, query, operator):
        """``{source: rows}`` of :meth:`_ranked_rows` for the faceted sources it serves."""
        if not self.postgres:
            return {}
        rows = {}
        for source in SOURCES:
            if source.faceted:
                found = self._ranked_rows(source, query, operator)
                if found is not None:
                    rows[source.name] = found
        return rows

    @staticmethod
    def _best(source, rows, filters, vocabulary, count):
        """The ``count`` best of ``rows`` that pass the filters, what ``_narrow`` would keep."""
        kind = source.kinds[0]
        if filters.kinds and kind not in filters.kinds:
            return []
        topics = set(vocabulary.topic_ids(filters.topics))
        districts = set(vocabulary.district_ids(filters.districts))
        own = {status for status in filters.statuses if status in source.statuses()}
        if filters.statuses and not own:
            return []
        closed = set(source.closed_statuses())
        kept = [
            (1 if status in closed else 0, rank or 0.0, kind, pk)
            for pk, topic, district, status, rank in rows
            if (not filters.topics or topic in topics)
            and (not filters.districts or district in districts)
            and (not filters.statuses or status in own)
        ]
        return heapq.nsmallest(count, kept, key=lambda row: (row[0], -row[1], -row[3]))

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
