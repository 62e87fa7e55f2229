"""What the portal search finds: the kinds of results and what each one shows.

Both search modes (database and Elasticsearch) only decide *which* objects match and how many
there are per facet value; the objects shown are always loaded from the database here, through
the same visibility rules. So a hidden or unpublished idea, a draft pilot or a private page
never reaches a results page, even when an Elasticsearch index lags behind.

What is searched: title, text, summary in easy language and place of ideas; title, summary,
problem, goal, approach and place of pilots; title and text fields of content and university
pages. Author names are never indexed (see ``docs/search.md``).
"""

import html
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtail.search import index

from ideas.models import CallForUseCasesPage, Idea
from participation.page_locales import default_locale
from pilots.models import PilotPage
from research.models import ResearchGroupPage, UniversityIndexPage

IDEA = "idea"
PILOT = "pilot"
UNIVERSITY = "university"
PAGE = "page"

#: Result kinds in display order: (key, label of one result, facet label).
KINDS = (
    (IDEA, _("Idee"), _("Ideen")),
    (PILOT, _("Pilotprojekt"), _("Pilotprojekte")),
    (UNIVERSITY, _("Universität"), _("Universität")),
    (PAGE, _("Seite"), _("Seiten")),
)
KIND_KEYS = tuple(key for key, _label, _plural in KINDS)
KIND_LABELS = {key: label for key, label, _plural in KINDS}
KIND_FACET_LABELS = {key: plural for key, _label, plural in KINDS}
#: Kinds that carry topic, district and status (the other facets only apply to them).
FACETED_KINDS = (IDEA, PILOT)


def university_page_models():
    return (UniversityIndexPage, ResearchGroupPage, CallForUseCasesPage)


def pilot_page_model():
    return PilotPage


def idea_model():
    return Idea


def idea_statuses():
    """Public idea statuses (``submitted`` is never public)."""
    Idea = idea_model()
    return {
        value: label
        for value, label in Idea.Status.choices
        if value not in Idea.NON_PUBLIC_STATUSES
    }


def closed_idea_statuses():
    """Statuses of ideas that are over: search ranks them after the open ones."""
    Status = idea_model().Status
    return (Status.DECLINED, Status.EXPIRED, Status.WITHDRAWN)


def pilot_statuses():
    return dict(pilot_page_model().Status.choices)


def status_labels():
    """Idea and pilot status keys do not overlap, so one ``status`` facet serves both."""
    return {**idea_statuses(), **pilot_statuses()}


# --- Visibility: the only querysets search results are ever loaded from -------------------


def public_ideas(queryset=None):
    queryset = idea_model().objects.all() if queryset is None else queryset
    return queryset.filter(hidden=False).exclude(status__in=idea_model().NON_PUBLIC_STATUSES)


def private_pages_q():
    """Pages in sections with a view restriction (one query; reuse it within a request)."""
    return Page.objects.all().private_q()


def public_pilots(queryset=None, private=None):
    """Live, public pilots of the German tree: a translation would list a pilot twice (the
    result's link, ``/en/…`` in English, leads to the translation, see ``page_url``)."""
    queryset = pilot_page_model().objects.all() if queryset is None else queryset
    return (
        queryset.live()
        .filter(locale=default_locale())
        .exclude(private_pages_q() if private is None else private)
    )


def public_pages(queryset=None, private=None):
    """Live, public pages of the German tree that are neither pilots nor the tree's root."""
    queryset = Page.objects.all() if queryset is None else queryset
    pilot_type = ContentType.objects.get_for_model(pilot_page_model())
    return (
        queryset.live()
        .filter(locale=default_locale())
        .exclude(private_pages_q() if private is None else private)
        .filter(depth__gt=1)
        .exclude(content_type=pilot_type)
    )


def university_content_type_ids():
    return [ct.pk for ct in ContentType.objects.get_for_models(*university_page_models()).values()]


def page_kind(page):
    return UNIVERSITY if isinstance(page.specific, university_page_models()) else PAGE


def page_kind_q(kinds):
    """A filter for pages of the given kinds (``university`` and/or ``page``)."""
    university = Q(content_type_id__in=university_content_type_ids())
    if UNIVERSITY in kinds and PAGE in kinds:
        return Q()
    if UNIVERSITY in kinds:
        return university
    if PAGE in kinds:
        return ~university
    return Q(pk__in=[])


# --- Text -----------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def plain_text(value, rich=False):
    """Readable plain text from a model field value: strings, rich text, stream fields.

    Only rich text (editors' HTML) loses its tags; residents' plain text stays as written,
    ``<script>`` included, and is escaped when shown.
    """
    if value is None:
        return ""
    if isinstance(value, RichText):
        value, rich = value.source, True
    if hasattr(value, "raw_data") and hasattr(value, "__iter__"):  # StreamValue
        return " ".join(plain_text(block.value) for block in value)
    if isinstance(value, dict):  # StructValue
        return " ".join(plain_text(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(item) for item in value)
    if not isinstance(value, str):
        # Images, dates, numbers in stream blocks: nothing a resident searches for.
        return ""
    if rich:
        value = html.unescape(strip_tags(value.replace("</p>", "</p> ").replace("<br", " <br")))
    return _SPACE.sub(" ", value).strip()


def _is_rich_text(obj, field_name):
    try:
        return isinstance(obj._meta.get_field(field_name), RichTextField)
    except FieldDoesNotExist:
        return False


def body_text(obj):
    """The searchable text of an object apart from its title, in the order of its fields.

    The same text is indexed in Elasticsearch and used for the snippets in both modes.
    """
    parts = []
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            text = plain_text(field.get_value(obj), rich=_is_rich_text(obj, field.field_name))
            if text:
                parts.append(text)
    return " ".join(parts)


# --- URLs -----------------------------------------------------------------------------------


def page_route(page):
    """The page's path below its site's root (``"piloten/parken/"``), or None."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return page.url_path[len(root.root_path) :]
    return None


def page_url(route):
    """The page's URL in the active language, from :func:`page_route`."""
    if route is None:
        return ""
    try:
        return reverse("wagtail_serve", args=(route,))
    except NoReverseMatch:
        return ""
