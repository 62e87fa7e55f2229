"""The filters every download takes: ``?thema=<slug>&bezirk=<slug>&status=<code>``.

An unknown value is answered with 400 and a German message, never silently ignored (a
consumer would otherwise take the whole data set for the filtered one).
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas.forms import district_filter_field, topic_filter_field
from ideas.models import Idea


def _public_idea_statuses():
    return [c for c in Idea.Status.choices if c[0] not in Idea.NON_PUBLIC_STATUSES]


class OpenDataFilterForm(forms.Form):
    """``?thema=<slug>&bezirk=<slug>&status=<code>``; every field optional."""

    status_choices = staticmethod(_public_idea_statuses)
    status_label = gettext_lazy("Status der Ideen")

    thema = topic_filter_field(
        invalid_choice=gettext_lazy(
            "Das Thema „%(value)s“ gibt es nicht. Erlaubt sind die Kürzel der Themen "
            "(siehe /offene-daten/)."
        )
    )
    bezirk = district_filter_field(
        invalid_choice=gettext_lazy(
            "Den Stadtbezirk „%(value)s“ gibt es nicht. Erlaubt sind die Kürzel der "
            "Stadtbezirke (siehe /offene-daten/)."
        )
    )
    status = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Den Status „%(value)s“ gibt es in den offenen Daten nicht. Erlaubt: %(allowed)s."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.status_choices()
        self.fields["status"].label = self.status_label
        self.fields["status"].choices = [("", _("Alle"))] + choices
        # Django fills in %(value)s; the allowed codes are known only here.
        message = self.fields["status"].error_messages["invalid_choice"]
        allowed = ", ".join(code for code, _label in choices)
        self.fields["status"].error_messages["invalid_choice"] = str(message).replace(
            "%(allowed)s", allowed
        )

    def query(self, status_field="status"):
        """The valid, non-empty filters as query parameters (slugs and codes)."""
        data = getattr(self, "cleaned_data", {})
        params = {}
        if data.get("thema"):
            params["thema"] = data["thema"].slug
        if data.get("bezirk"):
            params["bezirk"] = data["bezirk"].slug
        if data.get(status_field):
            params["status"] = data[status_field]
        return params

    def apply(self, queryset, status_lookup="status"):
        """``queryset`` narrowed by the valid filters (``status_lookup``: the status field)."""
        data = self.cleaned_data
        lookups = {"topic": data.get("thema"), "district": data.get("bezirk")}
        lookups[status_lookup] = data.get("status")
        return queryset.filter(**{name: value for name, value in lookups.items() if value})
