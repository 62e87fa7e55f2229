from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext as _

from participation.mail import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails through background tasks after commit."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in ("de", "en"):
            user.language = language
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject):
        return f"[Mitwirken] {subject}"

    def ratelimit_message(self):  # pragma: no cover - used by templates
        return _("Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.")
