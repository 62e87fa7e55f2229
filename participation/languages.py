"""The language switch: which page to come back to, in which language.

German has no URL prefix, English lives under ``/en/``. The page to come back to arrives in a
parameter (``next``) of the header's link or of a posted form, so it is checked like any
redirect target: only a path on this site, and checked again after the language prefix is
taken off or put on (``/en//evil.example`` without its prefix is ``//evil.example``, another
host to a browser).
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from .page_locales import page_in_language

#: What browsers drop from a URL before reading it.
_DROPPED = re.compile(r"[\t\n\r]")


def is_same_site_path(request, url):
    """True if ``url`` is a path on this site, as Django and as a browser read it."""
    if not url or not url.startswith("/"):
        return False
    for read in (url, unquote(url)):
        if _DROPPED.sub("", read).replace("\\", "/").startswith("//"):
            return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def without_language_prefix(path):
    """``/en/ideen/`` → ``/ideen/``; a German path stays as it is."""
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        rest = path[len(code) + 1 :]
        if path.startswith(f"/{code}") and rest[:1] in ("", "/", "?"):
            return rest if rest.startswith("/") else f"/{rest}"
    return path


def language_of(path):
    """The language whose prefix ``path`` carries (German: none)."""
    if without_language_prefix(path) != path:
        for code, _name in settings.LANGUAGES:
            if code != settings.LANGUAGE_CODE and path.startswith(f"/{code}"):
                return code
    return settings.LANGUAGE_CODE


def switch_target(request, next_url, language):
    """Where the switch to ``language`` leads from ``next_url``: the page's translation (see
    ``page_locales.page_in_language``), else that address in the language, or the home page
    when ``next_url`` is no path on this site."""
    path = without_language_prefix(next_url) if is_same_site_path(request, next_url) else "/"
    if not is_same_site_path(request, path):
        path = "/"
    target = path if language == settings.LANGUAGE_CODE else f"/{language}{path}"
    if not is_same_site_path(request, target):
        return "/"
    source = language_of(next_url) if is_same_site_path(request, next_url) else language
    parts = urlsplit(path)
    translated = page_in_language(request, parts.path, source, language)
    if translated:
        translated += f"?{parts.query}" if parts.query else ""
        if is_same_site_path(request, translated):
            return translated
    return target


def language_form_next(request):
    """The ``next`` of the header's language link: the current page if the switch accepts it,
    else the home page (a crafted link's 404 page must not offer a way off the portal)."""
    current = request.get_full_path()
    if is_same_site_path(request, current) and is_same_site_path(
        request, without_language_prefix(current)
    ):
        return current
    return "/"
