from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse, translate_url
from django.utils import translation

from participation.mail import queue_message
from participation.views import rate_limited

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def url_in_language(url, language):
    """``url`` (a local path) in ``language``: ``/konto/profil/`` → ``/en/konto/profil/``."""
    if language not in LANGUAGE_CODES or urlsplit(url).netloc:
        return url
    return translate_url(url, language)


class AccountAdapter(DefaultAccountAdapter):
    """Mails through background tasks after commit, in the recipient's language;
    429 for too many failed logins; the display name from sign-up."""

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None)
        if language not in LANGUAGE_CODES:
            language = translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in LANGUAGE_CODES:
            user.language = language
        if commit:
            user.save()
        return user

    def pre_authenticate(self, request, **credentials):
        """allauth answers too many failed logins with a form error; we answer 429.

        The same limit (``login_failed``) guards password confirmations (re-authentication,
        account deletion).
        """
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(rate_limited(request, "login_failed")) from error
            raise

    def is_safe_url(self, url):
        """Also refuse a ``next`` into the admin for a signed-in account without admin access.

        Wagtail sends such an account to the login page with ``next=/admin/``; allauth sends
        signed-in visitors of the login page on to ``next``: without this check the two bounce
        the browser back and forth forever. Refused, allauth falls back to the home page, which
        shows Wagtail's "no permission" message.
        """
        if not super().is_safe_url(url):
            return False
        user = getattr(allauth_context.request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        if urlsplit(url).path.startswith(reverse("wagtailadmin_home")):
            return user.has_perm("wagtailadmin.access_admin")
        return True

    def get_login_redirect_url(self, request):
        """After login, continue in the language the account chose in its profile."""
        url = super().get_login_redirect_url(request)
        return url_in_language(url, getattr(request.user, "language", None))
