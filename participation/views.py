from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail import views as wagtail_views

from .languages import is_same_site_path, switch_target
from .page_locales import route_in_language
from .ratelimit import wait_text, window_seconds


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def serve_page(request, path):
    """``wagtail_serve`` with the German tree as the fallback of the English one."""
    route, from_default_tree = route_in_language(request, path)
    if from_default_tree:
        page, args, _kwargs = route
        if not args:
            translated = page.localized
            if translated.pk != page.pk:
                url = translated.get_url(request=request)
                if url:
                    return redirect(url)
        request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the database may be the reason we are here.
    html = loader.get_template("500.html").render()
    return HttpResponseServerError(html)


# What each rate limit counts: the heading and text of its 429 page, and the setting (an
# attribute of ``settings``, or a key of ``ACCOUNT_RATE_LIMITS`` for allauth's) with its window.
RATE_LIMITED = {
    "support": (
        _("Zu viele Unterstützungen in kurzer Zeit"),
        _(
            "Sie haben in kurzer Zeit sehr oft Ideen unterstützt oder Ihre Unterstützung "
            "zurückgenommen. Zum Schutz vor Missbrauch nehmen wir eine Weile keine weiteren an; "
            "diese Unterstützung ist nicht gezählt."
        ),
        "RATE_LIMIT_SUPPORT",
    ),
    "report": (
        _("Zu viele Meldungen in kurzer Zeit"),
        _(
            "Sie haben in kurzer Zeit sehr viele Beiträge gemeldet. Zum Schutz vor Missbrauch "
            "nehmen wir eine Weile keine weiteren Meldungen an; diese ist nicht gespeichert."
        ),
        "RATE_LIMIT_REPORT",
    ),
    "signup": (
        _("Zu viele Registrierungen"),
        _(
            "Von Ihrem Internetanschluss kamen in kurzer Zeit zu viele Registrierungen. Zum "
            "Schutz vor Missbrauch nehmen wir eine Weile keine weiteren an; das Konto ist nicht "
            "angelegt."
        ),
        "signup",
    ),
    "login": (
        _("Zu viele Anmeldungen"),
        _(
            "Von Ihrem Internetanschluss kamen in kurzer Zeit zu viele Anmeldeversuche. Zum "
            "Schutz vor Missbrauch nehmen wir eine Weile keine weiteren an."
        ),
        "login",
    ),
    "login_failed": (
        _("Zu viele falsche Passwörter"),
        _(
            "Für dieses Konto oder von Ihrem Internetanschluss wurde in kurzer Zeit zu oft ein "
            "falsches Passwort eingegeben. Zum Schutz des Kontos nehmen wir eine Weile keine "
            "weiteren Versuche an."
        ),
        "login_failed",
    ),
    "reset_password": (
        _("Zu viele Anfragen zum Zurücksetzen des Passworts"),
        _(
            "Für diese Adresse oder von Ihrem Internetanschluss wurden in kurzer Zeit zu viele "
            "Links zum Zurücksetzen des Passworts angefordert. Ein bereits geschickter Link "
            "gilt weiter."
        ),
        "reset_password",
    ),
    "reset_password_from_key": (
        _("Zu viele Versuche mit einem Link zum Zurücksetzen"),
        _("Von Ihrem Internetanschluss wurden in kurzer Zeit zu viele Links geöffnet."),
        "reset_password_from_key",
    ),
    "change_password": (
        _("Zu viele Passwortänderungen"),
        _("Sie haben in kurzer Zeit sehr oft versucht, Ihr Passwort zu ändern."),
        "change_password",
    ),
    "manage_email": (
        _("Zu viele Änderungen an Ihren E-Mail-Adressen"),
        _("Sie haben in kurzer Zeit sehr oft E-Mail-Adressen hinzugefügt oder geändert."),
        "manage_email",
    ),
}
# allauth renders its 429 through ``handler429`` without saying which limit; its URL does.
ALLAUTH_URL_LIMITS = {
    "account_signup": "signup",
    "account_login": "login",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
}


def rate_limited(request, kind):
    """The 429 page for the limit ``kind`` (a key of ``RATE_LIMITED``): what was limited and
    when to try again (at the latest after the limit's window)."""
    heading, text, setting = RATE_LIMITED[kind]
    limit = getattr(settings, setting, None)
    if limit is None:
        limit = settings.ACCOUNT_RATE_LIMITS.get(setting, "")
    seconds = window_seconds(limit)
    context = {
        "heading": heading,
        "text": text,
        "wait": wait_text(seconds) if seconds else "",
        "kind": kind,
    }
    return render(request, "429.html", context, status=429)


def error_429(request):
    """allauth's rate limits (``respond_429`` looks up ``handler429`` in the URLconf)."""
    match = getattr(request, "resolver_match", None)
    kind = ALLAUTH_URL_LIMITS.get(getattr(match, "url_name", None))
    if kind:
        return rate_limited(request, kind)
    return render(request, "429.html", status=429)


@require_GET
def language_link(request):
    """The header's language switch (``?language=en&next=/ideen/``): a plain link to the page
    in the other language.

    A link, not a form, so that reading a page needs no CSRF token and sets no cookie (pages
    stay cacheable, ``PublicCacheMiddleware``); the language is in the URL, so nothing needs
    to remember it. The target is worked out when the link is followed, not on every page
    (finding a page's translation costs 4 to 11 queries). Same target and the same checks as
    ``switch_language``."""
    language = request.GET.get("language", "")
    next_url = request.GET.get("next") or "/"
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url if is_same_site_path(request, next_url) else "/")
    return redirect(switch_target(request, next_url, language))


@require_POST
def switch_language(request):
    """Switch between German (no prefix) and English (/en/…) and stay on the same page.

    The header links to ``language_link`` instead; this stays for anyone who posts to it
    (Django's ``set_language`` form). It still sets the language cookie, which the pages do not
    read: an address without prefix is German, ``/en/…`` English. Django's ``set_language``
    cannot map ``/en/ideen/`` back to ``/ideen/`` when Wagtail's catch-all pattern also
    matches, so the prefix is swapped here directly (``participation.languages``: only paths on
    this site, checked again once the prefix is swapped).
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
