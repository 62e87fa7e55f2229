"""Elasticsearch mode: one request per results page, facets by filtered aggregations.

The query (``multi_match`` over the German-analysed text fields) finds the matches; the
selected facets go into ``post_filter``, so the hits are narrowed by all of them while each
facet's aggregation is wrapped in a ``filter`` of the *other* selected facets. That gives the
same counts as database mode: each facet counted with every other facet applied, not itself.
"""

import logging

from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import Q, Search

from .. import documents
from ..results import Hit, Matches, SearchUnavailable

logger = logging.getLogger(__name__)

#: (filter name, document field) of the facets.
FACET_FIELDS = (
    ("kinds", "kind"),
    ("topics", "topic"),
    ("districts", "district"),
    ("statuses", "status"),
)
BUCKETS = 200  # more than the portal has topics, districts or statuses


class ElasticsearchSearch:
    mode = "elasticsearch"

    def __init__(self, url, client=None):
        self.client = client or documents.get_client(url)

    # --- Request bodies ----------------------------------------------------------------------

    @staticmethod
    def filter_clauses(filters, exclude=None):
        clauses = []
        for name, field in FACET_FIELDS:
            values = getattr(filters, name)
            if values and name != exclude:
                clauses.append(Q("terms", **{field: list(values)}))
        return clauses

    def build(self, query, filters, *, offset, limit, operator, facets=True):
        """The :class:`~elasticsearch_dsl.Search` for one page of results."""
        search = Search(using=self.client, index=documents.SEARCH_INDEXES).query(
            Q(
                "multi_match",
                query=query,
                fields=documents.TEXT_FIELDS,
                type="best_fields",
                operator=operator,
            )
        )
        selected = self.filter_clauses(filters)
        if selected:
            search = search.post_filter(Q("bool", filter=selected))
        if facets:
            for name, field in FACET_FIELDS:
                others = self.filter_clauses(filters, exclude=name)
                search.aggs.bucket(
                    name, "filter", filter=Q("bool", filter=others) if others else Q("match_all")
                ).bucket("by_value", "terms", field=field, size=BUCKETS)
        search = search.source(["kind", "object_id"]).sort(
            "_score", {"kind": "asc"}, {"object_id": "desc"}
        )
        search = search.extra(track_total_hits=True)
        return search[offset : offset + limit]

    def build_suggest(self, query, limit):
        return (
            Search(using=self.client, index=documents.SUGGEST_INDEXES)
            .query(
                Q(
                    "multi_match",
                    query=query,
                    type="bool_prefix",
                    fields=documents.SUGGEST_FIELDS,
                    operator="and",
                )
            )
            .source(["kind", "object_id"])[:limit]
        )

    # --- Responses -----------------------------------------------------------------------------

    @staticmethod
    def parse(body, operator="and"):
        """:class:`Matches` from an Elasticsearch response body (a dict)."""
        hits = [
            Hit(kind=hit["_source"]["kind"], pk=int(hit["_source"]["object_id"]))
            for hit in body["hits"]["hits"]
        ]
        total = body["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        counts = {}
        for name, _field in FACET_FIELDS:
            buckets = body.get("aggregations", {}).get(name, {}).get("by_value", {}).get("buckets")
            counts[name] = {b["key"]: b["doc_count"] for b in buckets or [] if b["doc_count"]}
        return Matches(hits=hits, total=total, facet_counts=counts, operator=operator)

    def _execute(self, search):
        try:
            return search.execute().to_dict()
        except (ApiError, TransportError) as error:
            logger.warning("Elasticsearch search failed: %s", error)
            raise SearchUnavailable(str(error)) from error

    # --- Interface shared with database mode --------------------------------------------------

    def matches(self, query, filters, *, offset, limit, operator, vocabulary, facets=True):
        search = self.build(
            query, filters, offset=offset, limit=limit, operator=operator, facets=facets
        )
        matches = self.parse(self._execute(search), operator)
        if not facets:
            matches.total = None
        return matches

    def suggest(self, query, limit):
        return self.parse(self._execute(self.build_suggest(query, limit))).hits
