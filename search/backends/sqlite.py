"""Wagtail's SQLite search backend (modelsearch, FTS5) with German stemming.

FTS5 matches words as they are written, so "Sensor" would not find "Sensoren". This backend
applies the German Snowball stemmer (:mod:`search.stemming`, the algorithm of PostgreSQL's
``german`` configuration) on both sides:

* **index time:** the ``title`` and ``body`` columns of the index hold the stems of the text
  ("Parkplätze vor Schulen" is stored as ``parkplatz vor schul``); the ``autocomplete`` column
  holds the words as written *and* their stems;
* **query time:** every search word is stemmed the same way. For autocomplete the words before
  the last are stemmed and the last one is matched as written, as a prefix ("Senso" finds
  "Sensoren"; a stemmed prefix would not: "sens" stems to ``sen``).

Everything else (ranking by ``bm25()``, filters, facets, rebuilds) is modelsearch's. Selected in
``participation/settings.py`` whenever the database is SQLite; after switching to it (or after
changing the stemming) ``manage.py update_index`` rewrites the stored entries.
"""

from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.index import AutocompleteField, RelatedFields
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .. import stemming


class GermanObjectIndexer(ObjectIndexer):
    """The values of one object for the index: stems, plus the words as written for autocomplete."""

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):  # its sub-fields come back through this method
            yield from super().prepare_field(obj, field)
            return
        for current_field, value in super().prepare_field(obj, field):
            if isinstance(current_field, AutocompleteField):
                yield current_field, f"{value} {stemming.stemmed(value)}"
            else:
                yield current_field, stemming.stemmed(value)


class GermanSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch's ``add_items``, with the :class:`GermanObjectIndexer`."""
        if not model.get_search_fields():
            return
        values = {}
        for obj in objs:
            indexer = GermanObjectIndexer(obj, self.backend)
            values[indexer.id] = {
                "title": indexer.title,
                "autocomplete": indexer.autocomplete,
                "body": indexer.body,
            }
        if not values:
            return

        content_type_pk = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed = set(entries.filter(object_id__in=values).values_list("object_id", flat=True))
        for object_id in indexed:
            entries.filter(object_id=object_id).update(**values[object_id])
        self.entries.bulk_create(
            IndexEntry(content_type_id=content_type_pk, object_id=object_id, **fields)
            for object_id, fields in values.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


class GermanQuery:
    """Stems the words of plain-text queries and phrases before modelsearch builds the query."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, (PlainText, Phrase)) and not stemming.words(query.query_string):
            pass  # no words to stem: modelsearch's own handling
        elif isinstance(query, PlainText):
            query = PlainText(
                self.stem_words(query.query_string), operator=query.operator, boost=query.boost
            )
        elif isinstance(query, Phrase):
            query = Phrase(stemming.stemmed(query.query_string))
        return super().build_search_query_content(query, config=config)

    @staticmethod
    def stem_words(query_string):
        return stemming.stemmed(query_string)


class GermanSearchQueryCompiler(GermanQuery, SQLiteSearchQueryCompiler):
    pass


class GermanAutocompleteQueryCompiler(GermanQuery, SQLiteAutocompleteQueryCompiler):
    @staticmethod
    def stem_words(query_string):
        """All words stemmed but the last, which stays as written: it is matched as a prefix."""
        words = stemming.words(query_string)
        if not words:
            return ""
        return " ".join([*stemming.stems(" ".join(words[:-1])), words[-1].lower()])


class SQLiteGermanSearchBackend(SQLiteSearchBackend):
    query_compiler_class = GermanSearchQueryCompiler
    autocomplete_query_compiler_class = GermanAutocompleteQueryCompiler
    index_class = GermanSQLiteIndex


SearchBackend = SQLiteGermanSearchBackend
