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
