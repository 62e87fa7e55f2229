"""Open data: the public ideas (and pilots, see ``pilots.opendata``) as CSV and JSON.

- ``/offene-daten/`` describes what is offered, the licence and every field, and has a
  filter form (GET, works without JavaScript) whose values the download links carry.
- ``/offene-daten/ideen.csv`` and ``/offene-daten/ideen.json``: public ideas only (not
  hidden, not "submitted"), no author, no account id, no email address.
- Filters ``thema`` (topic slug), ``bezirk`` (district slug) and ``status``; an unknown
  value is answered with 400 and a German message, never silently ignored (a consumer
  would otherwise take the whole data set for the filtered one).
- Downloads stream: rows are read in keyset batches (``pk > last``, ``BATCH_SIZE`` rows a
  query, topic, district and official answer joined), so memory stays flat for 100k ideas
  and no database cursor or transaction is held open between batches. ``only()`` reads
  just the exported columns: moderation notes (``hidden_reason``) are never even loaded.

The format decisions are documented in ``docs/open-data.md``.
"""

import csv
import json
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import District, Idea, Topic

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
    response = StreamingHttpResponse(chunks, content_type=content_type)
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


# --- Filters -----------------------------------------------------------------------------


def _public_idea_statuses():
    return [c for c in Idea.Status.choices if c[0] not in Idea.NON_PUBLIC_STATUSES]


class OpenDataFilterForm(forms.Form):
    """``?thema=<slug>&bezirk=<slug>&status=<code>``; every field optional."""

    status_choices = staticmethod(_public_idea_statuses)
    status_label = gettext_lazy("Status der Ideen")

    thema = forms.ModelChoiceField(
        label=gettext_lazy("Thema"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle Themen"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Das Thema „%(value)s“ gibt es nicht. Erlaubt sind die Kürzel der Themen "
                "(siehe /offene-daten/)."
            )
        },
    )
    bezirk = forms.ModelChoiceField(
        label=gettext_lazy("Stadtbezirk"),
        queryset=District.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle Bezirke"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Den Stadtbezirk „%(value)s“ gibt es nicht. Erlaubt sind die Kürzel der "
                "Stadtbezirke (siehe /offene-daten/)."
            )
        },
    )
    status = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Den Status „%(value)s“ gibt es in den offenen Daten nicht. Erlaubt: %(allowed)s."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.status_choices()
        self.fields["status"].label = self.status_label
        self.fields["status"].choices = [("", _("Alle"))] + choices
        # Django fills in %(value)s; the allowed codes are known only here.
        message = self.fields["status"].error_messages["invalid_choice"]
        allowed = ", ".join(code for code, _label in choices)
        self.fields["status"].error_messages["invalid_choice"] = str(message).replace(
            "%(allowed)s", allowed
        )

    def query(self, status_field="status"):
        """The valid, non-empty filters as query parameters (slugs and codes)."""
        data = getattr(self, "cleaned_data", {})
        params = {}
        if data.get("thema"):
            params["thema"] = data["thema"].slug
        if data.get("bezirk"):
            params["bezirk"] = data["bezirk"].slug
        if data.get(status_field):
            params["status"] = data[status_field]
        return params


# The columns an export reads (one query joins topic, district and official answer).
IDEA_DB_FIELDS = [
    "id",
    "reference",
    "title",
    "slug",
    "text",
    "summary_easy",
    "place",
    "status",
    "created",
    "published_at",
    "support_count",
    "comment_count",
    "topic__slug",
    "topic__name",
    "district__slug",
    "district__name",
    "official_answer__text",
]


def filtered_ideas(form):
    """Public ideas narrowed by a valid ``OpenDataFilterForm``."""
    ideas = (
        Idea.objects.public()
        .select_related("topic", "district", "official_answer")
        .only(*IDEA_DB_FIELDS)
    )
    data = form.cleaned_data
    if data.get("thema"):
        ideas = ideas.filter(topic=data["thema"])
    if data.get("bezirk"):
        ideas = ideas.filter(district=data["bezirk"])
    if data.get("status"):
        ideas = ideas.filter(status=data["status"])
    return ideas


# --- Ideas -------------------------------------------------------------------------------

# (field, type, meaning): the one description of the ideas data set, shown on the page.
IDEA_FIELDS = [
    ("reference", gettext_lazy("Text"), gettext_lazy("Aktenzeichen der Idee, eindeutig")),
    ("title", gettext_lazy("Text"), gettext_lazy("Titel der Idee")),
    ("text", gettext_lazy("Text"), gettext_lazy("Beschreibung der Idee (mehrzeilig)")),
    (
        "summary_easy",
        gettext_lazy("Text"),
        gettext_lazy("Zusammenfassung in Leichter Sprache, leer wenn keine vorhanden"),
    ),
    ("topic", gettext_lazy("Kürzel"), gettext_lazy("Thema (Kürzel, wie im Filter „thema“)")),
    ("topic_name", gettext_lazy("Text"), gettext_lazy("Name des Themas")),
    (
        "district",
        gettext_lazy("Kürzel"),
        gettext_lazy("Stadtbezirk (Kürzel, wie im Filter „bezirk“)"),
    ),
    ("district_name", gettext_lazy("Text"), gettext_lazy("Name des Stadtbezirks")),
    ("place", gettext_lazy("Text"), gettext_lazy("Ortsbeschreibung, leer wenn keine")),
    ("status", gettext_lazy("Kürzel"), gettext_lazy("Status (wie im Filter „status“)")),
    ("status_label", gettext_lazy("Text"), gettext_lazy("Status in Worten")),
    (
        "created",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Eingereicht am, Ortszeit Berlin mit Zeitzonenangabe"),
    ),
    (
        "published_at",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Veröffentlicht am; leer, wenn nicht gesetzt"),
    ),
    ("support_count", gettext_lazy("Ganzzahl"), gettext_lazy("Anzahl der Unterstützungen")),
    ("comment_count", gettext_lazy("Ganzzahl"), gettext_lazy("Anzahl der Kommentare")),
    ("url", gettext_lazy("Adresse (URL)"), gettext_lazy("Seite der Idee im Portal")),
    (
        "official_answer",
        gettext_lazy("Text"),
        gettext_lazy("Offizielle Antwort der Stadt; leer (CSV) bzw. null (JSON), wenn keine"),
    ),
]
IDEA_COLUMNS = [name for name, _type, _meaning in IDEA_FIELDS]


class IdeaRecords:
    """Turns public ideas into flat dicts with the keys of ``IDEA_COLUMNS``, in that order.

    Everything that is the same for every row (status labels in the request's language, the
    URL pattern, the time zone) is looked up once: per row, ``get_status_display`` and
    ``reverse`` would cost more than the database.
    """

    URL_PK, URL_SLUG = 2147483647, "idee-url-platzhalter"

    def __init__(self):
        self.labels = {code: str(label) for code, label in Idea.Status.choices}
        self.path_pattern = reverse(
            "ideas:detail", kwargs={"pk": self.URL_PK, "slug": self.URL_SLUG}
        )
        self.tz = timezone.get_current_timezone()

    def url(self, idea):
        path = self.path_pattern.replace(str(self.URL_PK), str(idea.pk), 1)
        return absolute_url(path.replace(self.URL_SLUG, idea.slug or "idee", 1))

    def time(self, value):
        return value.astimezone(self.tz).isoformat(timespec="seconds") if value else None

    def __call__(self, idea):
        try:
            answer = idea.official_answer.text
        except Idea.official_answer.RelatedObjectDoesNotExist:
            answer = None
        return {
            "reference": idea.reference,
            "title": idea.title,
            "text": idea.text,
            "summary_easy": idea.summary_easy,
            "topic": idea.topic.slug,
            "topic_name": idea.topic.name,
            "district": idea.district.slug,
            "district_name": idea.district.name,
            "place": idea.place,
            "status": idea.status,
            "status_label": self.labels.get(idea.status, idea.status),
            "created": self.time(idea.created),
            "published_at": self.time(idea.published_at),
            "support_count": idea.support_count,
            "comment_count": idea.comment_count,
            "url": self.url(idea),
            "official_answer": answer,
        }


def idea_records(form):
    """The filtered public ideas as dicts, read in keyset batches."""
    record = IdeaRecords()
    return (record(idea) for idea in keyset_batches(filtered_ideas(form)))


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


# --- Views ---------------------------------------------------------------------------------


def ideas_csv(request):
    """``/offene-daten/ideen.csv``: UTF-8 with BOM, semicolon-separated, RFC 4180 quoting."""
    form = OpenDataFilterForm(request.GET)
    if not form.is_valid():
        return filter_error_response(form)
    return download_response(
        chunked(csv_lines(idea_records(form), IDEA_COLUMNS)),
        content_type="text/csv; charset=utf-8; header=present",
        basename="ideen",
        extension="csv",
    )


def ideas_json(request):
    """``/offene-daten/ideen.json``: one JSON array of idea objects."""
    form = OpenDataFilterForm(request.GET)
    if not form.is_valid():
        return filter_error_response(form)
    return download_response(
        chunked(json_array(idea_records(form))),
        content_type="application/json; charset=utf-8",
        basename="ideen",
        extension="json",
    )


class OpenDataPageForm(OpenDataFilterForm):
    """The page's filter form: the idea filters plus the pilots' own status."""

    pilotstatus = forms.ChoiceField(label=gettext_lazy("Status der Pilotprojekte"), required=False)

    def __init__(self, *args, **kwargs):
        from pilots.opendata import pilot_status_choices

        super().__init__(*args, **kwargs)
        self.fields["pilotstatus"].choices = [("", _("Alle"))] + pilot_status_choices()


def _pilot_feeds():
    """Links to the pilots' feeds where they exist; the page does not depend on them."""
    feeds = []
    for name, label in [
        ("pilots:feed_rss", _("Neuigkeiten aus den Pilotprojekten als RSS-Feed")),
        ("pilots:feed_atom", _("Neuigkeiten aus den Pilotprojekten als Atom-Feed")),
        ("pilots:milestones_ics", _("Meilensteine als Kalender (iCalendar, .ics)")),
    ]:
        try:
            feeds.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return feeds


def _with_query(url, params):
    return f"{url}?{urlencode(params)}" if params else url


def opendata_page(request):
    """``/offene-daten/``: what is offered, licence, fields, filters and download links."""
    from pilots.opendata import PILOT_FIELDS, PILOT_KPI_FIELDS, PILOT_MILESTONE_FIELDS

    form = OpenDataPageForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown; only valid filters are carried into the links
    idea_params = form.query()
    pilot_params = form.query(status_field="pilotstatus")
    context = {
        "form": form,
        "is_filtered": bool(idea_params or pilot_params),
        "ideas_csv_url": _with_query(reverse("opendata:ideas_csv"), idea_params),
        "ideas_json_url": _with_query(reverse("opendata:ideas_json"), idea_params),
        "pilots_json_url": _with_query(reverse("opendata:pilots_json"), pilot_params),
        "idea_fields": IDEA_FIELDS,
        "pilot_fields": PILOT_FIELDS,
        "pilot_milestone_fields": PILOT_MILESTONE_FIELDS,
        "pilot_kpi_fields": PILOT_KPI_FIELDS,
        "pilot_feeds": _pilot_feeds(),
        "data_holder": DATA_HOLDER,
        "attribution": attribution(),
        "licence_name": LICENCE_NAME,
        "licence_title": LICENCE_TITLE,
        "licence_url": LICENCE_URL,
        "cache_minutes": CACHE_SECONDS // 60,
        "topics": Topic.objects.all(),
        "districts": District.objects.all(),
    }
    return render(request, "ideas/opendata/opendata_page.html", context)
