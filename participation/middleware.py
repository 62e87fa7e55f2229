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
