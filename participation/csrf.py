"""CSRF protection for a form shown to visitors who have no CSRF cookie.

Pages that anonymous visitors read carry no ``{% csrf_token %}``: the token would set the
``csrftoken`` cookie, and a page that sets a cookie cannot be kept by a proxy
(``PublicCacheMiddleware``). A form such a page still needs (the demo banner's "Hinweis
ausblenden") is checked by where the POST comes from instead of by a token:
``csrf_protect_by_origin``. Django's CSRF middleware does the checking, as for every other
POST, with one difference:

- an ``Origin`` header must name this site (or a ``CSRF_TRUSTED_ORIGINS`` entry); browsers send
  it with every form POST, and a page on another site cannot forge it (``Origin: null`` fails);
- without ``Origin``, over HTTPS, the ``Referer`` must be a page of this site (Django's strict
  referer check; the portal's ``Referrer-Policy: same-origin`` sends it);
- without ``Origin`` over plain HTTP, the token is required as everywhere else, so the POST
  fails (nothing else proves where it came from).

Only for views whose effect is harmless to the visitor (docs/architecture.md, "Caching"):
every other state change keeps Django's token check.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt


class OriginCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's check without the token once ``Origin`` or (HTTPS) ``Referer`` has passed."""

    def _check_token(self, request):
        # process_view has already rejected a foreign Origin, and over HTTPS without Origin a
        # missing or foreign Referer; only a plain-HTTP POST without Origin gets here unproven.
        if "HTTP_ORIGIN" in request.META or request.is_secure():
            return
        super()._check_token(request)


def csrf_protect_by_origin(view):
    """Protect ``view`` by Origin/Referer (``OriginCsrfViewMiddleware``) instead of a token.

    The view is exempt from the CSRF middleware (which would ask for the token) and marked
    ``csrf_by_origin``, so the CSRF walk tells it from a view without any check."""
    protected = csrf_exempt(decorator_from_middleware(OriginCsrfViewMiddleware)(view))
    protected.csrf_by_origin = True
    return protected
