"""Open data: the public ideas and pilots as CSV and JSON, and the page that describes them.

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

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ideas.models import District, Topic

from . import exports
from .filters import OpenDataFilterForm
from .formats import (
    CACHE_SECONDS,
    DATA_HOLDER,
    LICENCE_NAME,
    LICENCE_TITLE,
    LICENCE_URL,
    attribution,
    chunked,
    csv_lines,
    download_response,
    file_response,
    filter_error_response,
    json_array,
    keyset_batches,
)
from .ideas import IDEA_COLUMNS, IDEA_FIELDS, idea_records
from .pilots import (
    PILOT_FIELDS,
    PILOT_KPI_FIELDS,
    PILOT_MILESTONE_FIELDS,
    PilotOpenDataFilterForm,
    filtered_pilots,
    pilot_record,
    pilot_status_choices,
)


def ideas_csv(request):
    """``/offene-daten/ideen.csv``: UTF-8 with BOM, semicolon-separated, RFC 4180 quoting."""
    return _ideas_download(request, exports.IDEAS_CSV, csv=True)


def ideas_json(request):
    """``/offene-daten/ideen.json``: one JSON array of idea objects."""
    return _ideas_download(request, exports.IDEAS_JSON, csv=False)


def _ideas_download(request, export, *, csv):
    """Unfiltered: the file the task keeps (``opendata.exports``); filtered, or while there is
    no file yet (a rebuild is queued), streamed from the database as before."""
    form = OpenDataFilterForm(request.GET)
    if not form.is_valid():
        return filter_error_response(form)
    if not form.query():
        stored = exports.open_current(export, get_language())
        if stored is not None:
            return file_response(
                request,
                stored,
                content_type=export.content_type,
                basename="ideen",
                extension=export.extension,
            )
        exports.schedule_rebuild()
    records = idea_records(form)
    chunks = csv_lines(records, IDEA_COLUMNS) if csv else json_array(records)
    return download_response(
        chunked(chunks),
        content_type=export.content_type,
        basename="ideen",
        extension=export.extension,
    )


class OpenDataPageForm(OpenDataFilterForm):
    """The page's filter form: the idea filters plus the pilots' own status."""

    pilotstatus = forms.ChoiceField(label=gettext_lazy("Status der Pilotprojekte"), required=False)

    def __init__(self, *args, **kwargs):
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
    return render(request, "opendata/opendata_page.html", context)


def pilots_json(request):
    """``/offene-daten/piloten.json``: one JSON array of live pilots."""
    form = PilotOpenDataFilterForm(request.GET)
    if not form.is_valid():
        return filter_error_response(form)
    records = (pilot_record(p, request) for p in keyset_batches(filtered_pilots(form)))
    return download_response(
        chunked(json_array(records)),
        content_type="application/json; charset=utf-8",
        basename="piloten",
        extension="json",
    )
