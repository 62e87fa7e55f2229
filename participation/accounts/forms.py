from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra sign-up fields: the public display name and a honeypot against bots."""

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
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise ValidationError(_("Bitte geben Sie mindestens zwei Zeichen ein."))
        if "@" in name:
            raise ValidationError(_("Der Anzeigename darf keine E-Mail-Adresse enthalten."))
        return name

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Die Registrierung konnte nicht abgeschlossen werden."))
        return ""

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language", "notify", "follow_supported"]

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise ValidationError(_("Bitte geben Sie mindestens zwei Zeichen ein."))
        if "@" in name:
            raise ValidationError(_("Der Anzeigename darf keine E-Mail-Adresse enthalten."))
        return name
