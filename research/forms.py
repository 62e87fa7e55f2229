"""Forms of the research features: assessment, partner offer, researcher profile."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ideas import scoring
from ideas.models import Topic

from .models import Assessment, PartnerOffer

MAX_EVIDENCE_LINKS = 20
ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def orcid_check_digit(base_digits):
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def clean_orcid(value):
    """Normalise an ORCID iD (``0000-0000-0000-000X``) and check its check digit.

    Accepts the iD with or without ``https://orcid.org/`` and a lowercase ``x``.
    Returns ``""`` for an empty value; raises ``ValidationError`` with a German message.
    """
    orcid = (value or "").strip()
    for prefix in ORCID_PREFIXES:
        if orcid.lower().startswith(prefix):
            orcid = orcid[len(prefix) :]
            break
    orcid = orcid.upper()
    if not orcid:
        return ""
    if not ORCID_PATTERN.match(orcid):
        raise ValidationError(
            _("Bitte geben Sie die ORCID im Format 0000-0000-0000-000X ein."), code="format"
        )
    digits = orcid.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            _(
                "Diese ORCID ist ungültig: die Prüfziffer stimmt nicht. Bitte prüfen Sie die Angabe."
            ),
            code="checksum",
        )
    return orcid


def _text(rows, maxlength):
    return forms.Textarea(attrs={"rows": rows, "maxlength": maxlength})


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "technical_rating",
            "technical_text",
            "data_protection_text",
            "cost_range",
            "cost_text",
            "partners_text",
            "data_sensors_text",
            "evidence",
            "recommendation",
            "recommendation_text",
        ]
        widgets = {
            "technical_rating": forms.RadioSelect,
            "technical_text": _text(5, 3000),
            "data_protection_text": _text(5, 3000),
            "cost_text": _text(3, 2000),
            "partners_text": _text(3, 2000),
            "data_sensors_text": _text(3, 2000),
            "evidence": _text(4, 3000),
            "recommendation": forms.RadioSelect,
            "recommendation_text": _text(5, 3000),
        }
        help_texts = {
            "technical_text": _("Was ist technisch nötig, was gibt es schon, wo liegen Risiken?"),
            "data_protection_text": _(
                "Welche personenbezogenen Daten fallen an, und wie lassen sie sich vermeiden?"
            ),
            "evidence": _(
                "Studien, Projekte oder Datenquellen: eine Adresse (https://…) pro Zeile."
            ),
            "recommendation_text": _("Warum empfehlen Sie das? Für Laien verständlich."),
        }
        error_messages = {
            "technical_rating": {
                "required": _("Bitte schätzen Sie die technische Machbarkeit ein.")
            },
            "technical_text": {"required": _("Bitte begründen Sie die technische Machbarkeit.")},
            "data_protection_text": {"required": _("Bitte schätzen Sie den Datenschutz ein.")},
            "cost_range": {"required": _("Bitte wählen Sie einen Kostenrahmen.")},
            "recommendation": {"required": _("Bitte wählen Sie eine Empfehlung.")},
            "recommendation_text": {"required": _("Bitte begründen Sie Ihre Empfehlung.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_range"].choices = [("", _("Bitte wählen"))] + list(
            Assessment.CostRange.choices
        )
        # Radio buttons without the empty "---------" choice; the portal's one scale.
        self.fields["technical_rating"].choices = scoring.TECHNICAL_FEASIBILITY.choices()
        self.fields["recommendation"].choices = list(Assessment.Recommendation.choices)

    def clean_evidence(self):
        lines = [line.strip() for line in self.cleaned_data.get("evidence", "").splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_EVIDENCE_LINKS:
            raise ValidationError(
                _("Bitte nennen Sie höchstens %(max)s Links.") % {"max": MAX_EVIDENCE_LINKS}
            )
        validate = URLValidator(schemes=["http", "https"])
        invalid = []
        for number, link in enumerate(links, start=1):
            try:
                validate(link)
            except ValidationError:
                invalid.append(str(number))
        if invalid:
            raise ValidationError(
                _(
                    "Jede Zeile muss eine Adresse sein, die mit http:// oder https:// beginnt "
                    "(nicht in Ordnung: Zeile %(lines)s)."
                )
                % {"lines": ", ".join(invalid)}
            )
        return "\n".join(links)


class PartnerOfferForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Forschungsgruppe"),
        queryset=None,
        required=False,
        empty_label=_("Keine der Gruppen (bitte unten nennen)"),
        help_text=_(
            "Gruppen, in denen Sie auf den Seiten der Universität Mitglied sind. Für eine "
            "andere Gruppe nennen Sie sie im nächsten Feld."
        ),
    )
    group_name = forms.CharField(
        label=_("Gruppe / Lehrstuhl"),
        max_length=200,
        required=False,
        help_text=_("Nur nötig, wenn Sie oben keine Gruppe gewählt haben."),
    )
    kind = forms.ChoiceField(
        label=_("Art der Partnerschaft"),
        choices=PartnerOffer.Kind.choices,
        widget=forms.RadioSelect,
        initial=PartnerOffer.Kind.CHAIR,
    )
    message = forms.CharField(
        label=_("Ihr Angebot"),
        max_length=2000,
        widget=_text(6, 2000),
        help_text=_(
            "Was bieten Sie an (z. B. eine Abschlussarbeit, ein Seminarprojekt, Messtechnik)? "
            "Wird öffentlich gezeigt, sobald das Angebot angenommen ist."
        ),
        error_messages={"required": _("Bitte beschreiben Sie Ihr Angebot.")},
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None or not groups.exists():
            del self.fields["group"]
            self.fields["group_name"].required = True
            self.fields["group_name"].help_text = ""
            self.fields["group_name"].error_messages["required"] = _(
                "Bitte nennen Sie die Gruppe oder den Lehrstuhl."
            )
        else:
            self.fields["group"].queryset = groups
            if len(groups) == 1:
                self.fields["group"].initial = groups[0].pk

    def clean(self):
        cleaned = super().clean()
        if (
            "group" in self.fields
            and not cleaned.get("group")
            and not (cleaned.get("group_name") or "").strip()
            and not self.has_error("group")
        ):
            self.add_error(
                "group_name",
                _("Bitte wählen Sie eine Forschungsgruppe oder nennen Sie die Gruppe."),
            )
        return cleaned


class DecideOfferForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class ResearcherProfileForm(forms.Form):
    """What researchers show about themselves (institution and group label their badge)."""

    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("Zum Beispiel „Bergische Universität Wuppertal“."),
    )
    research_group = forms.CharField(
        label=_("Lehrstuhl / Arbeitsgruppe"), max_length=200, required=False
    )
    orcid = forms.CharField(
        label=_("ORCID"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Ihre ORCID iD im Format 0000-0000-0000-000X."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Fachgebiete"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("Kurzbeschreibung"),
        max_length=1000,
        required=False,
        widget=_text(5, 1000),
        help_text=_("Höchstens 1.000 Zeichen, nur Text. Wird öffentlich gezeigt."),
    )

    def clean_orcid(self):
        return clean_orcid(self.cleaned_data.get("orcid"))
