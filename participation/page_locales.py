"""Pages in two languages: a German tree (the site's root) and an English tree of translations.

Wagtail's localisation (``WAGTAIL_I18N_ENABLED``) serves ``/en/…`` from the English tree.
Not every German page has a translation, and before this change every page was shown under
``/en/`` too (German text, English interface). So that those addresses keep working:

- ``participation.views.serve_page`` (the ``wagtail_serve`` view) answers an English address the English tree does not
  have from the German tree, and redirects to the English translation when there is one.
- ``PortalPageMixin`` keeps the English interface on links to German pages (``/en/…``
  instead of Wagtail's unprefixed address of a German page), without a query.
- ``page_in_language`` finds where the language switch leads from a page: its translation,
  else the same page in the other interface, else the nearest translated ancestor.
- ``in_language`` and ``children_in_language`` make a listing of German pages show each in
  the active language where a translation is live, else in German (one entry per page).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction, Site

from . import constants


def _active_language():
    return translation.get_language() or settings.LANGUAGE_CODE


def _locales():
    """The locales by id and by language code, kept per process (two rows, read on every page
    otherwise: :mod:`participation.constants`)."""

    def read():
        locales = list(Locale.objects.all())
        return {
            "by_id": {locale.pk: locale for locale in locales},
            "by_code": {locale.language_code: locale for locale in locales},
        }

    return constants.remember("locales", read)


def _locale_for(language):
    code = get_supported_content_language_variant(language)
    return _locales()["by_code"].get(code) or Locale.objects.get_for_language(code)


def restricted_paths():
    """The tree paths of the pages with a view restriction, kept per process."""
    return constants.remember(
        "restricted-page-paths",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public_pages(queryset):
    """``queryset.public()`` (no page under a view restriction) with the restrictions kept per
    process: Wagtail's reads them on every call, several times per listing page."""
    paths = restricted_paths()
    if not paths:
        return queryset
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def default_locale():
    """``Locale.get_default()`` without a query."""
    return _locale_for(settings.LANGUAGE_CODE)


def active_locale():
    """``Locale.get_active()`` without a query."""
    return _locale_for(_active_language())


def page_language(page):
    """The language code of ``page``'s locale, without reading the locale."""
    locale = _locales()["by_id"].get(page.locale_id)
    return locale.language_code if locale is not None else page.locale.language_code


def _components(path):
    return [component for component in path.split("/") if component]


def _route(page, request, path):
    try:
        return page.specific.route(request, _components(path))
    except Http404:
        return None


def _localized_root(site):
    """``site.root_page.localized`` without reading the active locale (Wagtail's reads it on
    every request)."""
    root = site.root_page
    locale = active_locale()
    if root.locale_id == locale.pk:
        return root
    translated = _live_translation(root, locale)
    return translated if translated is not None else root


def route_in_language(request, path):
    """Wagtail's route of ``path`` in the active language's tree, else in the German tree.

    Returns ``(route, from_default_tree)`` or ``(None, False)``. The first lookup is
    ``Page.route_for_request``'s and kept on the request the same way, so Wagtail's own
    ``serve`` and page lookups reuse it."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        request._wagtail_route_for_request = (
            _route(_localized_root(site), request, path) if site is not None else None
        )
    route = request._wagtail_route_for_request
    if route is not None:
        return route, False
    site = Site.find_for_request(request)
    if site is None or _active_language() == settings.LANGUAGE_CODE:
        return None, False
    root = site.root_page
    if _localized_root(site).pk == root.pk:
        return None, False  # no tree in this language: the German one was tried already
    route = _route(root, request, path)
    return route, route is not None


class PortalPageMixin:
    """What every page type of the portal shares with the others.

    Links to a German page keep the active interface language (``/en/…`` in English):
    Wagtail gives a page the address of its own locale, so in the English interface a German
    page without translation would lead back to German. ``views.serve_page`` answers the ``/en/``
    address and redirects to the translation where one exists.

    View restrictions come from the kept list of restricted paths: Wagtail's check reads the
    page's ancestors and their restrictions (two queries) on every page served, while a city's
    portal usually has none. A restriction an editor adds reaches every worker within
    ``constants.CHECK_EVERY`` (one second)."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in restricted_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        language = _active_language()
        if parts is None or parts[2] is None or language == settings.LANGUAGE_CODE:
            return parts
        if language not in dict(settings.LANGUAGES):
            return parts
        site_id, root_url, page_path = parts
        prefix = f"/{language}/"
        if page_path.startswith(prefix) or page_path == prefix.rstrip("/"):
            return parts
        return site_id, root_url, prefix.rstrip("/") + page_path


def _live_translation(page, locale):
    translated = page.get_translation_or_none(locale)
    if translated is not None and translated.live:
        return translated
    return None


def page_in_language(request, path, source, target):
    """The address the switch from ``source`` to ``target`` leads to from the page at ``path``
    (without language prefix), or ``None`` when ``path`` is no page (the caller swaps the
    prefix then).

    A translation wins. A German page without one stays (``/en/…``, shown in the English
    interface); an English page without a German original leads to the nearest ancestor
    that has one, or to the home page."""
    with translation.override(source):
        route, _from_default_tree = route_in_language(request, path)
        # The switch answers one request; the route must not leak into a second lookup.
        request.__dict__.pop("_wagtail_route_for_request", None)
    if route is None:
        return None
    page, args, _kwargs = route
    if args:
        return None  # a sub-address of a routable page: swap the prefix
    locale = _locales()["by_code"].get(target)
    if locale is None:
        return None
    with translation.override(target):
        if page.locale_id == locale.pk:
            return page.get_url(request=request)
        translated = _live_translation(page, locale)
        if translated is not None:
            return translated.get_url(request=request)
        if page_language(page) == settings.LANGUAGE_CODE:
            return page.get_url(request=request)
        for ancestor in page.get_ancestors().filter(depth__gt=1).order_by("-depth"):
            translated = _live_translation(ancestor, locale)
            if translated is not None:
                return translated.get_url(request=request)
    return "/" if target == settings.LANGUAGE_CODE else f"/{target}/"


def is_default_locale(page):
    """True for a page of the German tree (the pages translations are made from)."""
    return page_language(page) == settings.LANGUAGE_CODE


def default_locale_page(page):
    """The German page ``page`` translates (itself when it is German or has no original)."""
    if is_default_locale(page):
        return page
    source = page.get_translation_or_none(default_locale())
    return source.specific if source is not None else page


def in_language(queryset, locale=None):
    """One page per translation group of ``queryset`` (pages of the German tree): its live,
    public translation in ``locale`` (default: the active language's), else the German page.

    A listing in English so shows every German page once, in English where an editor has
    translated it; filters and ordering chain on as on any page queryset."""
    default = default_locale()
    locale = locale or active_locale()
    german = queryset.filter(locale=default)
    if locale.pk == default.pk:
        return german
    model = queryset.model
    translations = public_pages(model.objects.live()).filter(locale=locale)
    translated = translations.filter(translation_key=OuterRef("translation_key"))
    return model.objects.filter(
        Q(pk__in=german.exclude(Exists(translated)).values("pk"))
        | Q(
            pk__in=translations.filter(translation_key__in=german.values("translation_key")).values(
                "pk"
            )
        )
    )


def children_in_language(parent, model, locale=None):
    """The live, public ``model`` children of ``parent`` (a page of either tree) as
    :func:`in_language` gives them: taken from the German original of ``parent``, so an English
    listing is never emptier than the German one."""
    source = default_locale_page(parent)
    return in_language(public_pages(model.objects.live().child_of(source)), locale)
