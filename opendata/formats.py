"""The formats of the open data: licence, streaming in keyset batches, JSON and CSV.

Downloads stream: rows are read in keyset batches (``pk > last``, ``BATCH_SIZE`` rows a
query), so memory stays flat for 100k rows and no database cursor or transaction is held
open between batches. Every data set (``opendata.ideas``, ``opendata.pilots``) uses these.
"""

import csv
import json

from django.conf import settings
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

# --- Licence -----------------------------------------------------------------------------

DATA_HOLDER = "Stadt Wuppertal – Mitwirken"
LICENCE_NAME = "CC BY 4.0"
LICENCE_TITLE = "Creative Commons Namensnennung 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.de"


def attribution():
    """The attribution line users of the data are asked to show."""
    return f"Datenquelle: {DATA_HOLDER}, Lizenz: {LICENCE_NAME}"


# --- Streaming ---------------------------------------------------------------------------

BATCH_SIZE = 2000  # rows per database query
ROWS_PER_CHUNK = 100  # rows per chunk handed to the server
CACHE_SECONDS = 300  # hidden ideas leave cached copies after five minutes at most


def keyset_batches(queryset, batch_size=None):
    """Yield the rows of ``queryset`` in primary-key order, one query per batch.

    Each query asks for ``pk > last pk seen``, which the primary-key index answers without
    an OFFSET; a batch shorter than the batch size ends the loop without an extra query.
    """
    size = batch_size or BATCH_SIZE
    queryset = queryset.order_by("pk")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page[:size])
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1].pk


def chunked(strings, size=ROWS_PER_CHUNK):
    """Join a stream of small strings into chunks of ``size`` strings."""
    buffer = []
    for text in strings:
        buffer.append(text)
        if len(buffer) >= size:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def json_array(objects):
    """A valid JSON array, one object per line, written while ``objects`` is consumed."""
    yield "["
    first = True
    for obj in objects:
        yield ("\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False)
        first = False
    yield "\n]\n"


def download_response(chunks, *, content_type, basename, extension):
    """A streaming attachment named ``mitwirken-<basename>-<date>.<extension>``."""
    return _download_headers(
        StreamingHttpResponse(chunks, content_type=content_type), basename, extension
    )


def file_response(request, stored, *, content_type, basename, extension):
    """A stored export file (``opendata.exports.StoredFile``) as the same attachment, with
    ``Content-Length``, ``Last-Modified`` and ``ETag``; 304 to a matching conditional GET."""
    modified = int(stored.modified.timestamp())
    conditional = get_conditional_response(request, etag=stored.etag, last_modified=modified)
    if conditional is not None:
        stored.file.close()
        response = conditional
    else:
        response = FileResponse(stored.file, content_type=content_type)
        response["Content-Length"] = str(stored.size)
    response["ETag"] = stored.etag
    response["Last-Modified"] = http_date(modified)
    return _download_headers(response, basename, extension)


def _download_headers(response, basename, extension):
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="mitwirken-{basename}-{day}.{extension}"'
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def filter_error_response(form):
    """400 with the German messages, as JSON (for the JSON and the CSV download alike)."""
    errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
    return JsonResponse(
        {"error": _("Ungültige Filter. Die Daten wurden nicht ausgeliefert."), "fields": errors},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def isoformat(value):
    """Dates as ``YYYY-MM-DD``, times as ISO 8601 in the city's time zone, to the second."""
    if value is None:
        return None
    if hasattr(value, "hour"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}" if path and path.startswith("/") else path or None


# --- CSV -----------------------------------------------------------------------------------

CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell as text; text a spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value
    return value


class _Echo:
    """A file-like object whose ``write`` returns the line: ``csv.writer`` into a generator."""

    def write(self, value):
        return value


def csv_lines(records, columns):
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield CSV_BOM + writer.writerow(columns)
    for record in records:
        yield writer.writerow([neutralise(record[column]) for column in columns])
