"""Forms for writing, editing and reporting comments. They validate; ``ideas.comments`` acts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .comments import MAX_LENGTH
from .models import CommentReport


class CommentTextField(forms.CharField):
    """Plain text with unified line breaks, so "\\r\\n" counts as one character."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    text = CommentTextField(
        label=_("Ihr Kommentar"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Nur Text, höchstens 2.000 Zeichen. Ihr Anzeigename steht öffentlich dabei."),
        error_messages={
            "required": _("Bitte schreiben Sie einen Kommentar."),
            "max_length": _(
                "Ihr Kommentar ist zu lang: höchstens %(limit_value)d Zeichen "
                "(bisher %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, label=None, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label


class CommentReportForm(forms.ModelForm):
    class Meta:
        model = CommentReport
        fields = ["reason", "note"]
        widgets = {
            "reason": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 4}),
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
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [c for c in self.fields["reason"].choices if c[0] != ""]
