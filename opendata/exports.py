"""The full, unfiltered idea downloads as files, rebuilt by a background task.

Streaming 100k ideas takes ~12 s of a sync worker (30 s timeout); a file is sent in well under
a second. ``rebuild_exports`` writes ``ideen.csv`` and ``ideen.json`` once per language (the
status labels and the URLs' language prefix differ) through ``default_storage`` (local disk
or S3), with the same generators the streaming downloads use, so the data is the same.

- **Atomic:** on a local disk each file is written beside its final name and renamed over it
  (``os.replace``); a download opens the old or the new file, never half of one. An object
  store makes an object visible only once it is fully uploaded.
- **Never stale after a removal:** when an idea leaves the public set (hidden, deleted, merged,
  taken back to "submitted"), ``changed(removal=True)`` marks the files stale in the cache
  until the next rebuild *starts*; meanwhile the downloads stream. Other changes (a new idea,
  an edit, an official answer) leave the files in use until the rebuild has run.
- **Debounced:** ``schedule_rebuild`` queues at most one rebuild (a cache flag the task clears
  when it starts), ``OPENDATA_REBUILD_DELAY_SECONDS`` later when the task backend can defer,
  so a moderator hiding ten ideas causes one rebuild. ``run_daily`` rebuilds once a day
  (support and comment counts change by UPDATE and reach the files that way).

Filtered downloads (``?thema=…``) and the pilots stream as before.
"""

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from .filters import OpenDataFilterForm
from .formats import chunked, csv_lines, json_array
from .ideas import IDEA_COLUMNS, idea_records

QUEUED_KEY = "opendata:rebuild-queued"
STALE_KEY = "opendata:files-stale"
QUEUED_SECONDS = 60 * 60  # a lost task frees the flag after an hour at the latest


@dataclass(frozen=True)
class Export:
    basename: str
    extension: str
    content_type: str

    def chunks(self):
        form = OpenDataFilterForm({})
        form.is_valid()
        if self.extension == "csv":
            return chunked(csv_lines(idea_records(form), IDEA_COLUMNS))
        return chunked(json_array(idea_records(form)))

    def name(self, language):
        return (
            f"{settings.OPENDATA_EXPORT_DIR}/mitwirken-{self.basename}-{language}.{self.extension}"
        )


IDEAS_CSV = Export("ideen", "csv", "text/csv; charset=utf-8; header=present")
IDEAS_JSON = Export("ideen", "json", "application/json; charset=utf-8")
EXPORTS = [IDEAS_CSV, IDEAS_JSON]


def languages():
    return [code for code, _name in settings.LANGUAGES]


# --- Writing ---------------------------------------------------------------------------------


def _store(name, source):
    """Put the open binary file ``source`` at ``name`` in ``default_storage``, atomically."""
    try:
        final = default_storage.path(name)
    except NotImplementedError:  # object storage: one upload replaces the object at once
        final = None
    if final is None:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, File(source))
        return
    directory = os.path.dirname(final)
    os.makedirs(directory, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as target:
            while block := source.read(1024 * 1024):
                target.write(block)
            target.flush()
            os.fsync(target.fileno())
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        os.replace(temporary, final)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_export(export, language):
    """Write one file; returns its size in bytes."""
    with translation.override(language), tempfile.TemporaryFile() as buffer:
        for chunk in export.chunks():
            buffer.write(chunk.encode("utf-8"))
        size = buffer.tell()
        buffer.seek(0)
        _store(export.name(language), buffer)
    return size


def write_exports():
    """Every file in every language: ``{name: size}``."""
    return {
        export.name(language): write_export(export, language)
        for export in EXPORTS
        for language in languages()
    }


@task()
def rebuild_exports():
    """Rebuild the download files. Clearing both flags *before* reading the ideas: a change
    committed while the files are written marks them stale again and queues the next run."""
    cache.delete_many([QUEUED_KEY, STALE_KEY])
    return write_exports()


# --- Scheduling ------------------------------------------------------------------------------


def schedule_rebuild():
    """Queue one rebuild after the current transaction commits, unless one is waiting."""
    transaction.on_commit(_enqueue_once)


def _enqueue_once():
    if not cache.add(QUEUED_KEY, True, QUEUED_SECONDS):
        return
    delay = settings.OPENDATA_REBUILD_DELAY_SECONDS
    try:
        if delay and default_task_backend.supports_defer:
            run_after = timezone.now() + timedelta(seconds=delay)
            rebuild_exports.using(run_after=run_after).enqueue()
        else:
            rebuild_exports.enqueue()
    except Exception:
        cache.delete(QUEUED_KEY)
        raise


def changed(*, removal):
    """Ideas in the export changed: rebuild; after a removal, stream until the rebuild starts."""
    if removal:
        transaction.on_commit(lambda: cache.set(STALE_KEY, True, None))
    schedule_rebuild()


def daily_rebuild():
    """``DAILY_JOBS``: the counts change by UPDATE, without a signal; refresh them daily."""
    schedule_rebuild()
    return {"opendata_rebuild_queued": 1}


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    """An open export file with what the response headers need, read from the opened file
    (on a local disk) so a rebuild renaming a new file into place cannot mix the two."""

    file: object
    size: int
    modified: object  # aware datetime

    @property
    def etag(self):
        return f'"{self.size:x}-{int(self.modified.timestamp() * 1_000_000):x}"'


def open_current(export, language):
    """The file to serve, opened, or ``None`` (none yet, or stale after a removal)."""
    if cache.get(STALE_KEY):
        return None
    name = export.name(language)
    if not default_storage.exists(name):
        return None
    try:
        opened = default_storage.open(name, "rb")
    except FileNotFoundError:  # removed between the two calls
        return None
    try:
        stat = os.fstat(opened.fileno())
    except (AttributeError, OSError, ValueError):  # object storage: ask the storage
        return StoredFile(opened, opened.size, default_storage.get_modified_time(name))
    modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    return StoredFile(opened, stat.st_size, modified)
