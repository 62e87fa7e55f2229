"""The report form, the same for an idea and a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        widgets = {
            "reason": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        help_texts = {"note": _("Optional: was genau ist problematisch?")}
        error_messages = {
            "reason": {"required": _("Bitte wählen Sie einen Grund für die Meldung.")},
            "note": {
                "max_length": _(
                    "Bitte fassen Sie sich kürzer: höchstens %(limit_value)d Zeichen "
                    "(bisher %(show_value)d)."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [c for c in self.fields["reason"].choices if c[0] != ""]
