"""Forms of the editors' admin views: moderation and the city's answer.

They only validate; the views hand the cleaned data to ``ideas.services``.
Messages are German and say what to do, not only what is wrong.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import Report

from . import scoring, services
from .models import Idea, OfficialAnswer
from .similar import similar_ideas

REASON_MAX_LENGTH = 1000

SCORE_FIELDS = tuple(criterion.key for criterion in scoring.ANSWER_CRITERIA)


def score_field(criterion):
    """An optional score on the portal's scale, each step in the criterion's words."""
    return forms.TypedChoiceField(
        label=criterion.label,
        choices=[("", _("keine Bewertung"))] + criterion.choices(),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=criterion.hint,
    )


def _reason_field(required=True):
    return forms.CharField(
        label=_("Grund (wird der Verfasserin oder dem Verfasser angezeigt)"),
        required=required,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sachlich und ohne persönliche Daten. Der Grund steht in der Benachrichtigung "
            "und auf der Seite der Idee."
        ),
        error_messages={
            "required": _(
                "Bitte geben Sie einen Grund an. Er wird der Verfasserin oder dem "
                "Verfasser angezeigt."
            ),
        },
    )


class HideForm(forms.Form):
    """The reason asked for by the bulk action "Ausblenden"."""

    reason = _reason_field()

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class ModerationForm(forms.Form):
    """One POST from the moderation queue: hide or restore the ticked ideas."""

    HIDE = "hide"
    RESTORE = "restore"

    action = forms.ChoiceField(
        choices=[(HIDE, _("Ausblenden")), (RESTORE, _("Wiederherstellen"))],
        error_messages={"required": _("Bitte wählen Sie „Ausblenden“ oder „Wiederherstellen“.")},
    )
    ideas = forms.ModelMultipleChoiceField(
        queryset=Idea.objects.all(),
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Idee aus."),
            "invalid_choice": _("Eine der gewählten Ideen gibt es nicht mehr."),
            "invalid_pk_value": _("Eine der gewählten Ideen gibt es nicht mehr."),
        },
    )
    reason = _reason_field(required=False)

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        if cleaned.get("action") == self.HIDE and not reason:
            self.add_error("reason", self.fields["reason"].error_messages["required"])
        return cleaned


class ModerationFilterForm(forms.Form):
    """GET filters of the moderation queue. Invalid values are simply ignored."""

    hidden = forms.ChoiceField(
        label=_("Sichtbarkeit"),
        required=False,
        choices=[
            ("", _("alle")),
            ("yes", _("ausgeblendet")),
            ("no", _("sichtbar, mit offenen Meldungen")),
        ],
    )
    reason = forms.ChoiceField(
        label=_("Meldegrund"),
        required=False,
        choices=[("", _("alle"))] + list(Report.Reason.choices),
    )


def allowed_status_labels(idea):
    """The statuses the lifecycle allows from the idea's current one, in lifecycle order."""
    allowed = services.TRANSITIONS.get(idea.status, set())
    return [label for value, label in Idea.Status.choices if value in allowed]


def transition_message(idea):
    """Why a status was refused, and which ones are possible instead."""
    allowed = allowed_status_labels(idea)
    current = idea.get_status_display()
    if not allowed:
        return _("Von „%(current)s“ aus ist kein Statuswechsel möglich.") % {"current": current}
    return _("Von „%(current)s“ aus sind nur diese Status möglich: %(allowed)s.") % {
        "current": current,
        "allowed": ", ".join(str(label) for label in allowed),
    }


class AnswerForm(forms.Form):
    """The city's public answer and/or a new status, with optional scores."""

    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    status_note = forms.CharField(
        label=_("Anmerkung zum Statuswechsel (öffentlich)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pflicht bei einer Ablehnung: Sie erscheint als öffentliche Begründung."),
    )
    text = forms.CharField(
        label=_("Offizielle Antwort (öffentlich)"),
        required=False,
        max_length=OfficialAnswer._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Klartext; Absätze bleiben erhalten. Leer lassen, wenn Sie nur den Status ändern."
        ),
    )
    impact = score_field(scoring.IMPACT)
    impact_note = forms.CharField(label=_("Begründung Wirkung"), required=False, max_length=500)
    cost = score_field(scoring.COST)
    cost_note = forms.CharField(label=_("Begründung Kosten"), required=False, max_length=500)
    feasibility = score_field(scoring.FEASIBILITY)
    feasibility_note = forms.CharField(
        label=_("Begründung Machbarkeit"), required=False, max_length=500
    )
    legal = score_field(scoring.LEGAL)
    legal_note = forms.CharField(label=_("Begründung Rechtslage"), required=False, max_length=500)

    def __init__(self, *args, idea, **kwargs):
        self.idea = idea
        self.answer = OfficialAnswer.objects.filter(idea=idea).first()
        initial = {"status": idea.status}
        if self.answer:
            initial["text"] = self.answer.text
            for name in SCORE_FIELDS:
                initial[name] = getattr(self.answer, name)
                initial[f"{name}_note"] = getattr(self.answer, f"{name}_note")
        # FormView always passes an ``initial`` (empty): the idea's own values win over none.
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        # The current status first, then only the statuses the lifecycle allows from it:
        # saving an answer never moves the idea anywhere the editor did not choose.
        allowed = services.TRANSITIONS.get(idea.status, set())
        self.fields["status"].choices = [
            (value, label)
            for value, label in Idea.Status.choices
            if value == idea.status or value in allowed
        ]
        self.fields["status"].error_messages["invalid_choice"] = transition_message(idea)

    def clean(self):
        cleaned = super().clean()
        for name in ("text", "status_note", *(f"{n}_note" for n in SCORE_FIELDS)):
            cleaned[name] = (cleaned.get(name) or "").strip()
        status = cleaned.get("status")
        text = cleaned["text"]

        for name in SCORE_FIELDS:
            if cleaned[f"{name}_note"] and cleaned.get(name) is None and name not in self.errors:
                self.add_error(
                    name,
                    _(
                        "Bitte wählen Sie eine Bewertung von 1 bis 5 oder leeren Sie die Begründung."
                    ),
                )
        if not text:
            if self.answer:
                self.add_error(
                    "text",
                    _(
                        "Eine veröffentlichte Antwort kann nicht gelöscht werden. "
                        "Bitte korrigieren Sie den Text stattdessen."
                    ),
                )
            elif any(cleaned.get(name) is not None for name in SCORE_FIELDS):
                self.add_error(
                    "text",
                    _(
                        "Bewertungen werden mit der offiziellen Antwort veröffentlicht. "
                        "Bitte schreiben Sie eine Antwort."
                    ),
                )
        if (
            status == Idea.Status.DECLINED
            and status != self.idea.status
            and not cleaned["status_note"]
        ):
            self.add_error(
                "status_note",
                _("Eine Ablehnung braucht eine öffentliche Begründung. Bitte füllen Sie sie aus."),
            )
        if status and not self.errors and status == self.idea.status and not self.answer_changed:
            raise forms.ValidationError(
                _("Es gibt nichts zu speichern: Bitte ändern Sie den Status oder die Antwort."),
                code="nothing",
            )
        return cleaned

    @property
    def scores(self):
        data = {}
        for name in SCORE_FIELDS:
            data[name] = self.cleaned_data.get(name)
            data[f"{name}_note"] = self.cleaned_data.get(f"{name}_note", "")
        return data

    @property
    def answer_changed(self):
        """True if the answer text or a score differs from what is published."""
        text = self.cleaned_data.get("text", "")
        if not text:
            return False
        if self.answer is None or self.answer.text != text:
            return True
        return any(getattr(self.answer, name) != value for name, value in self.scores.items())

    @property
    def status_changed(self):
        return self.cleaned_data["status"] != self.idea.status


MERGE_CANDIDATES = 10


def merge_candidates(source):
    """Open ideas like ``source`` (the duplicate hints of the propose form), for the select."""
    similar = similar_ideas(source.title, source.text, exclude_pk=source.pk, limit=MERGE_CANDIDATES)
    return [
        idea
        for idea in similar
        if idea.pk != source.pk and not services.merge_refusal(source, idea)
    ]


def find_idea(reference):
    """The idea with this reference ("MW-2026-0012") or number ("12"), or None."""
    reference = reference.strip()
    idea = Idea.objects.filter(reference__iexact=reference).first()
    if idea is None and reference.isdigit():
        idea = Idea.objects.filter(pk=int(reference)).first()
    return idea


class MergeForm(forms.Form):
    """Merge ``source`` into another idea: a similar idea or a reference, a public note."""

    target = forms.IntegerField(
        label=_("Ähnliche offene Idee"),
        required=False,
        widget=forms.Select,
        error_messages={"invalid": _("Bitte wählen Sie eine Idee aus der Liste.")},
    )
    reference = forms.CharField(
        label=_("… oder Aktenzeichen bzw. Nummer der Idee"),
        required=False,
        max_length=32,
        help_text=_(
            "Zum Beispiel „MW-2026-0012“ oder „12“, wenn die Idee nicht in der Liste steht."
        ),
    )
    note = forms.CharField(
        label=_("Öffentliche Begründung"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Steht auf der Seite der Idee, mit der zusammengeführt wird, und in der Nachricht an "
            "alle, die diese Idee eingereicht, unterstützt oder ihr gefolgt sind."
        ),
        error_messages={
            "required": _("Bitte begründen Sie die Zusammenführung öffentlich."),
        },
    )

    def __init__(self, *args, source, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)
        self.candidates = merge_candidates(source)
        self.fields["target"].widget.choices = [("", _("– bitte wählen –"))] + [
            (idea.pk, f"{idea.reference} – {idea.title}") for idea in self.candidates
        ]

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(self.fields["note"].error_messages["required"])
        return note

    def clean(self):
        cleaned = super().clean()
        reference = (cleaned.get("reference") or "").strip()
        chosen = cleaned.get("target")
        if "target" in self.errors:
            return cleaned
        target, field = None, "target"
        if reference:
            field = "reference"
            target = find_idea(reference)
            if target is None:
                self.add_error(
                    "reference",
                    _("Eine Idee mit diesem Aktenzeichen oder dieser Nummer gibt es nicht."),
                )
                return cleaned
            if chosen and chosen != target.pk:
                self.add_error(
                    "reference",
                    _(
                        "Sie haben eine Idee in der Liste gewählt und ein anderes Aktenzeichen "
                        "eingegeben. Bitte entscheiden Sie sich für eine."
                    ),
                )
                return cleaned
        elif chosen:
            target = Idea.objects.filter(pk=chosen).first()
            if target is None:
                self.add_error("target", _("Diese Idee gibt es nicht mehr."))
                return cleaned
        if refusal := services.merge_refusal(self.source, target):
            self.add_error(field, refusal)
            return cleaned
        cleaned["target_idea"] = target
        return cleaned
