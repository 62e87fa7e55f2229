from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .languages import is_same_site_path, switch_target


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the database may be the reason we are here.
    html = loader.get_template("500.html").render()
    return HttpResponseServerError(html)


@require_POST
def switch_language(request):
    """Switch between German (no prefix) and English (/en/…) and stay on the same page.

    Works without JavaScript (a plain form). Django's ``set_language`` cannot map
    ``/en/ideen/`` back to ``/ideen/`` when Wagtail's catch-all pattern also matches, so the
    prefix is swapped here directly (``participation.languages``: only paths on this site,
    checked again once the prefix is swapped).
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url if is_same_site_path(request, next_url) else "/")
    target = switch_target(request, next_url, language)
    return set_language_cookie(redirect(target), language)


def set_language_cookie(response, language):
    """Remember the chosen language (an essential cookie: it only keeps the user's choice)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
