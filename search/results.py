"""The data a search produces, the same in database and Elasticsearch mode.

A backend answers with :class:`Matches` (which objects, in which order, how many per facet
value); :mod:`search.service` turns them into a :class:`SearchResultPage` for the template.
"""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

PER_PAGE = 20


class SearchUnavailable(Exception):
    """The search engine (Elasticsearch) did not answer."""


#: The facets in display order: (GET parameter, field in the filters).
FACET_PARAMS = (
    ("typ", "kinds"),
    ("thema", "topics"),
    ("bezirk", "districts"),
    ("status", "statuses"),
)


@dataclass(frozen=True)
class SearchFilters:
    """Selected facet values. Values within a facet are alternatives (OR); facets narrow (AND)."""

    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic slugs
    districts: tuple[str, ...] = ()  # district slugs
    statuses: tuple[str, ...] = ()  # idea or pilot status keys

    def __bool__(self):
        return bool(self.kinds or self.topics or self.districts or self.statuses)

    def without(self, name):
        """These filters minus one facet: its counts must not be narrowed by itself."""
        return SearchFilters(**{**self.as_dict(), name: ()})

    def as_dict(self):
        return {
            "kinds": self.kinds,
            "topics": self.topics,
            "districts": self.districts,
            "statuses": self.statuses,
        }

    def narrows_to_faceted_kinds(self):
        """Topic, district and status only exist on ideas and pilots."""
        return bool(self.topics or self.districts or self.statuses)

    def query_items(self):
        """``[(param, value), …]`` for a shareable URL."""
        items = []
        for param, name in FACET_PARAMS:
            items += [(param, value) for value in getattr(self, name)]
        return items


@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int


@dataclass
class Matches:
    """What a backend found for one page of results.

    ``facet_counts`` maps a filter name (``kinds``, ``topics``, ``districts``, ``statuses``) to
    ``{value: count}``; each facet is counted with all other selected facets applied, not its own.
    Topics and districts are keyed by slug.
    """

    hits: list[Hit]
    total: int
    facet_counts: dict[str, dict[str, int]]
    operator: str = "and"


@dataclass(frozen=True)
class SearchResult:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: SafeString
    status: str = ""
    status_label: str = ""
    topic: str = ""
    district: str = ""
    pk: int = 0


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    values: tuple[FacetValue, ...]

    @property
    def any_selected(self):
        return any(value.selected for value in self.values)


@dataclass
class SearchResultPage:
    query: str
    filters: SearchFilters
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    facets: list[Facet] = field(default_factory=list)
    #: "or" when no result contained all words and the search was widened to any word.
    operator: str = "and"
    mode: str = "database"

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def start_index(self):
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def end_index(self):
        return min(self.total, self.page * self.per_page)

    @property
    def has_facets(self):
        return any(facet.values for facet in self.facets)

    @property
    def widened(self):
        return self.operator == "or"
