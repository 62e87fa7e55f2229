"""A GIN index on what the database search backend filters: ``title || body``.

modelsearch's PostgreSQL backend matches ``(title || body) @@ to_tsquery('german', …)`` against
Wagtail's index table, but the table's GIN indexes are on ``title`` and ``body`` separately,
which that expression cannot use: every search read the whole table. PostgreSQL uses an
expression index only for the identical expression, so this one is exactly modelsearch's (see
``search.backends.database.DatabaseSearch._index_matches``; docs/search.md). ANALYZE gives the
planner statistics on the new expression at once. SQLite (FTS5) needs nothing.
"""

from django.db import connection, migrations

INDEX = "search_indexentry_title_body_gin"


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = (
        [
            migrations.RunSQL(
                sql=[
                    f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
                    "USING gin ((title || body))",
                    "ANALYZE wagtailsearch_indexentry",
                ],
                reverse_sql=[f"DROP INDEX IF EXISTS {INDEX}"],
            )
        ]
        if connection.vendor == "postgresql"
        else []
    )
