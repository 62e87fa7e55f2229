from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db import DatabaseError
from django.utils.cache import cc_delim_re, patch_cache_control

from participation import constants

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict CSP for the public site: nothing inline, nothing from other hosts.

    Wagtail's admin needs inline scripts, so it gets a policy that still forbids
    other hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith(("/admin/", "/django-admin/")):
                response["Content-Security-Policy"] = (
                    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
                    "frame-ancestors 'self'; object-src 'none'; base-uri 'self'"
                )
            else:
                response["Content-Security-Policy"] = CSP
        response.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


class RejectNulInAdminQueryMiddleware:
    """A NUL byte in a query value of the admin answers 400 instead of reaching the database.

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), and Wagtail's admin
    views pass some query values (``locale``, ``p``) straight into queries. Our own views
    validate their input themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/admin/", "/django-admin/")) and any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(
                "Ungültige Anfrage: ein Parameter enthält ein Nullzeichen.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class KnownSiteMiddleware:
    """The Wagtail site of a request from :mod:`participation.constants`, not the database.

    ``Site.find_for_request`` reads the sites on every request (3–5 ms with its cache round
    trip); it keeps its answer on ``request._wagtail_site``, which this middleware fills from
    the copy kept per host and port. Runs after ``CommonMiddleware``, so only allowed host names
    reach it and the copies stay few.
    """

    MAX_HOSTS = 32

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from wagtail.models import Site

        key = ("site", request.get_host(), request.get_port())
        sites = constants.remember("sites", dict)
        if key in sites:
            request._wagtail_site = sites[key]
        else:
            try:
                site = Site.find_for_request(request)
            except DatabaseError:
                pass  # the database is down: /healthz/ must still answer 503, error pages render
            else:
                if len(sites) < self.MAX_HOSTS:
                    sites[key] = site
        return self.get_response(request)


class PublicCacheMiddleware:
    """Pages that are the same for every visitor may be kept by proxies; nothing else may.

    A ``GET`` or ``HEAD`` answered ``200`` to a request without a session cookie, whose
    answer sets no cookie (no CSRF token in the page, no message shown, no session started)
    and says nothing about caching itself, is the page every anonymous visitor gets:
    ``Cache-Control: public, max-age=PUBLIC_CACHE_SECONDS`` (0: nothing is added). Its ``Vary``
    loses ``Accept-Language``: the language is in the URL (``/en/``), never read from that
    header. Every other answer that says nothing about caching is ``private, no-cache``, and an
    answer that sets a cookie is never public, whatever its view said (a proxy must not hand
    one visitor's session or CSRF cookie to the next).

    Listed above the session, message and CSRF middleware, so it sees the cookies they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        elif "Cache-Control" in response:
            pass  # the view decided (never_cache, Wagtail's restricted pages, open data)
        elif self.is_public(request, response):
            if settings.PUBLIC_CACHE_SECONDS > 0:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
                remove_vary_headers(response, self.unused_vary_headers(request))
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def is_public(request, response):
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )

    @staticmethod
    def unused_vary_headers(request):
        """``Accept-Language`` when LocaleMiddleware never reads it: with ``i18n_patterns``
        and German unprefixed, an address without prefix is German, whatever the browser
        asks for."""
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
        return ["Accept-Language"] if patterns_used and not prefixed_default else []


def remove_vary_headers(response, names):
    """Drop ``names`` from the response's ``Vary`` (Django only adds to it)."""
    if not names or not response.has_header("Vary"):
        return
    drop = {name.lower() for name in names}
    kept = [h for h in cc_delim_re.split(response["Vary"]) if h.strip().lower() not in drop]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
