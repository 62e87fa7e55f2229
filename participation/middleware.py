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
            site = Site.find_for_request(request)
            if len(sites) < self.MAX_HOSTS:
                sites[key] = site
        return self.get_response(request)
