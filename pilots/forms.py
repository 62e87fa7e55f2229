"""The pilot list's filter form (GET, shareable URLs, no JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.forms import district_filter_field, topic_filter_field


class PilotFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), required=False)
    thema = topic_filter_field()
    bezirk = district_filter_field()

    def __init__(self, *args, status_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle")), *status_choices]

    def filters(self):
        """The valid filters only: an unknown slug in a shared link is ignored, not an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {name: data[name] for name in ("status", "thema", "bezirk") if data.get(name)}
