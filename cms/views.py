"""The identity's stylesheet and the dismissal of the demo banner."""

from django.http import HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from participation.csrf import csrf_protect_by_origin

from . import identity

DEMO_BANNER_DISMISSED = "demo_banner_dismissed"


@require_GET
def theme_css(request):
    """KERN's action colour set to the city's primary colour; versioned by the colour."""
    response = HttpResponse(
        identity.theme_css(identity.lookup(request)), content_type="text/css; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=86400 if request.GET.get("v") else 300)
    return response


@csrf_protect_by_origin  # outermost, as the CSRF middleware is: a PUT is refused as CSRF
@require_POST
def dismiss_demo_banner(request):
    """Hide the demo banner for the rest of this visit, then go back where the visitor was.

    The banner is on pages anonymous visitors read, which carry no CSRF token (they stay
    cacheable): the POST is checked by its ``Origin`` (or, over HTTPS, ``Referer``) instead."""
    request.session[DEMO_BANNER_DISMISSED] = True
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)
