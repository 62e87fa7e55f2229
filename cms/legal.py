"""Which pages the footer links to, looked up once per request.

The ``LegalLinks`` setting of the current site names the pages; where a choice is empty (or
its page is not live), the live page with the usual slug below the site's root is used.
The result is kept per process, site and language until an editor changes a page or a setting
(:mod:`participation.constants`), so an editor's change shows on the next page view. Building
it queries the setting with its five pages joined in, and only when something is missing one
more for the slug fallback.

The setting names German pages. In English each link leads to the page's live English
translation (one more query); a page without one is linked under ``/en/`` as before.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from participation import constants

from .models import LEGAL_LINK_FIELDS, LegalLinks

logger = logging.getLogger(__name__)

FALLBACK_SLUGS = {
    "impressum": "impressum",
    "datenschutz": "datenschutz",
    "barrierefreiheit": "barrierefreiheit",
    "leichte_sprache": "leichte-sprache",
    "kontakt": "kontakt",
}
LABELS = {
    "impressum": _("Impressum"),
    "datenschutz": _("Datenschutz"),
    "barrierefreiheit": _("Barrierefreiheit"),
    "leichte_sprache": _("Leichte Sprache"),
    "kontakt": _("Kontakt & Feedback"),
}
DEFAULT_COPYRIGHT_HOLDER = "Stadt Wuppertal"
REQUEST_ATTRIBUTE = "_cms_legal_links"


@dataclass(frozen=True)
class LegalLink:
    key: str
    label: str
    page: Page
    url: str


@dataclass(frozen=True)
class LegalInfo:
    links: list
    copyright_holder: str

    def url_for(self, key):
        for link in self.links:
            if link.key == key:
                return link.url
        return ""


def page_path(page, root):
    """The path of ``page`` below the site root ``root``, in the active language's prefix.

    What ``page.url`` gives on a single site, without Wagtail's site-root-paths lookup (a
    cache round trip per request).
    """
    path = reverse("wagtail_serve", args=[page.url_path[len(root.url_path) :]])
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
        path = path.rstrip("/")
    return path


def _site(request):
    if request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            return site
    return Site.objects.select_related("root_page").filter(is_default_site=True).first()


def lookup(request=None):
    """The legal links for this request (memoised on the request object)."""
    if request is not None and hasattr(request, REQUEST_ATTRIBUTE):
        return getattr(request, REQUEST_ATTRIBUTE)
    try:
        site = _site(request)
        language = translation.get_language() or settings.LANGUAGE_CODE
        info = constants.remember(
            ("legal-links", site.pk if site else None, language), lambda: _lookup(site)
        )
    except DatabaseError:
        # An error page must still render when the database is the problem.
        logger.exception("Legal links could not be read; the footer shows none.")
        return LegalInfo(links=[], copyright_holder=DEFAULT_COPYRIGHT_HOLDER)
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, info)
    return info


def _lookup(site):
    if site is None:
        return LegalInfo(links=[], copyright_holder=DEFAULT_COPYRIGHT_HOLDER)
    root = site.root_page

    setting = LegalLinks.objects.filter(site=site).select_related(*LEGAL_LINK_FIELDS).first()
    pages = {}
    if setting is not None:
        for key in LEGAL_LINK_FIELDS:
            page = getattr(setting, key)
            if page is not None and page.live and page.path.startswith(root.path):
                pages[key] = page

    missing = {FALLBACK_SLUGS[key]: key for key in LEGAL_LINK_FIELDS if key not in pages}
    if missing:
        candidates = (
            Page.objects.live()
            .filter(slug__in=missing, path__startswith=root.path, depth__gt=root.depth)
            .order_by("depth", "path")
        )
        for page in candidates:
            key = missing[page.slug]
            pages.setdefault(key, page)  # the shallowest page with that slug wins

    roots = dict.fromkeys(pages, root)
    _localise(pages, roots, root)
    links = [
        LegalLink(
            key=key, label=LABELS[key], page=pages[key], url=page_path(pages[key], roots[key])
        )
        for key in LEGAL_LINK_FIELDS
        if key in pages
    ]
    holder = setting.copyright_holder if setting and setting.copyright_holder else None
    return LegalInfo(links=links, copyright_holder=holder or DEFAULT_COPYRIGHT_HOLDER)


def _localise(pages, roots, root):
    """Swap each page for its live translation into the active language (and its root for
    the translated tree's root), where both exist."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not pages:
        return
    keys = {page.translation_key for page in pages.values()} | {root.translation_key}
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).only("pk", "title", "slug", "path", "depth", "url_path", "live", "translation_key")
    }
    local_root = translations.get(root.translation_key)
    if local_root is None:
        return
    for key, page in pages.items():
        translated = translations.get(page.translation_key)
        if (
            translated is not None
            and translated.live
            and translated.path.startswith(local_root.path)
        ):
            pages[key], roots[key] = translated, local_root
