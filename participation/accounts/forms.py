from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import User
from .names import check_display_name


class SignupForm(forms.Form):
    """Extra sign-up fields: the public display name and a honeypot against bots.

    allauth uses this class as the base of its own sign-up form
    (``ACCOUNT_SIGNUP_FORM_CLASS``), which adds email and passwords.
    """

    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=60,
        help_text=_(
            "Dieser Name steht öffentlich neben Ihren Ideen und Kommentaren. "
            "Ihre E-Mail-Adresse wird nie angezeigt."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_display_name(self):
        return check_display_name(self.cleaned_data["display_name"])

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Die Registrierung konnte nicht abgeschlossen werden."))
        return ""

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    """What an account holder may change about themselves.

    Researchers also keep their institution and research group up to date: both appear next
    to their contributions.
    """

    RESEARCH_FIELDS = ("institution", "research_group")

    class Meta:
        model = User
        fields = [
            "display_name",
            "language",
            "notify",
            "follow_supported",
            "institution",
            "research_group",
        ]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "language": forms.RadioSelect,
            "notify": forms.RadioSelect,
            "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
            "research_group": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "display_name": _(
                "Steht öffentlich neben Ihren Ideen und Kommentaren. "
                "Ihre E-Mail-Adresse wird nie angezeigt."
            ),
            "language": _("Sprache der Seiten und der E-Mails, die wir Ihnen schicken."),
            "notify": _(
                "Wann wir Ihnen zu Ideen schreiben, denen Sie folgen. „Sofort“ fasst, was "
                "innerhalb weniger Minuten geschieht, in einer E-Mail zusammen."
            ),
            "follow_supported": _(
                "Wenn Sie eine Idee unterstützen, erhalten Sie auch Neuigkeiten zu ihr."
            ),
            "institution": _("Erscheint neben Ihren Beiträgen im Forschungs-Hinweis."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language under its own name, so people find theirs whatever the page language.
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
        if not self.instance.is_researcher:
            for name in self.RESEARCH_FIELDS:
                del self.fields[name]

    def clean_display_name(self):
        # The city's editors and moderators may sign as "Redaktion"; nobody else may.
        return check_display_name(
            self.cleaned_data["display_name"], allow_reserved=self.instance.is_editorial
        )


class ConfirmPasswordForm(forms.Form):
    """Asks for the current password before an irreversible step.

    The check goes through allauth, so failed attempts count against the ``login_failed``
    rate limit (and answer 429 once exhausted).
    """

    password = forms.CharField(
        label=_("Ihr Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zur Sicherheit bestätigen Sie die Löschung mit Ihrem Passwort."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not get_adapter().reauthenticate(self.user, password):
            raise ValidationError(_("Das Passwort ist nicht richtig."), code="password_mismatch")
        return password
