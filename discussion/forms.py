"""Forms for writing and editing comments. They validate; ``discussion.services`` acts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import MAX_LENGTH


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
