"""The approval workflow "Pilot-Freigabe" and its tasks.

1. ``ThresholdGuardTask`` passes by itself while the idea's support holds (or an editor
   promoted the idea with a public reason); otherwise editors decide.
2. ``PilotReviewTask`` for the researchers group: they may edit the draft while it is on
   their task (co-writing the use case) and approve, request changes or decline. Approval
   needs a published assessment of the idea or a reason why none is needed (gate
   "assessment").
3. ``PilotReviewTask`` for the editors group: their approval finishes the workflow, which
   publishes the pilot (``WAGTAIL_FINISH_WORKFLOW_ACTION``). Approval needs goal, approach,
   responsible office, a planned milestone and a complete KPI (gate "complete").

Only members of a review task's groups act on it (superusers included: no bypass). A gate
that fails raises ``ApprovalRefused`` with what is missing; the admin views of
``pilots.admin_views`` show it to the reviewer, and nothing changes.

Declining at any step sends ``review_declined``; ``pilots.signal_handlers`` sets the idea
to "declined" with the public reason given. The task models hold no pipeline logic.
"""

from functools import cache

from django import forms
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from ideas.services import current_threshold

WORKFLOW_NAME = "Pilot-Freigabe"
GUARD_TASK_NAME = "Schwelle gehalten"
REVIEW_TASK_NAME = "Wissenschaftliche Prüfung"
APPROVAL_TASK_NAME = "Redaktionelle Freigabe"

DECLINE = "decline"


class ApprovalRefused(Exception):
    """An approval whose gate fails; ``missing`` lists what the pilot still lacks."""

    def __init__(self, missing, *, publishing=False):
        self.missing = [str(item) for item in missing]
        self.publishing = publishing
        super().__init__(self.message)

    @property
    def message(self):
        if self.publishing:
            text = _(
                "Ihre Änderungen sind als Entwurf gespeichert, aber nicht veröffentlicht. "
                "Es fehlt: %(missing)s."
            )
        else:
            text = _("Die Freigabe ist noch nicht möglich. Es fehlt: %(missing)s.")
        return text % {"missing": "; ".join(self.missing)}


#: ``review_declined(sender=<task class>, task_state=…, user=…, reason=…)``: a reviewer
#: declined the pilot (at any step) with a public reason.
review_declined = Signal()


@cache
def decline_form():
    """The form for "decline": a required public reason. Built lazily: ``wagtail.forms``
    imports the admin's forms, which need the app registry (not ready while models load)."""
    from wagtail.forms import TaskStateCommentForm

    class DeclineForm(TaskStateCommentForm):
        comment = forms.CharField(
            label=_("Öffentliche Begründung"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=True,
            help_text=_(
                "Wird auf der Seite der Idee veröffentlicht und an alle Beteiligten gesendet."
            ),
        )

    return DeclineForm


def _decline_action():
    return (DECLINE, _("Ablehnen (mit öffentlicher Begründung)"), True)


class DeclineActionMixin:
    """Adds "decline with a public reason" to a task: the form asks for the reason, and the
    action sends ``review_declined`` instead of Wagtail's approve or reject."""

    def get_form_for_action(self, action):
        return decline_form() if action == DECLINE else super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != DECLINE:
            return super().on_action(task_state, user, action_name, **kwargs)
        review_declined.send(
            sender=type(self),
            task_state=task_state,
            user=user,
            reason=kwargs.get("comment", ""),
        )
        return None


class ThresholdGuardTask(DeclineActionMixin, Task):
    """Passes at once while the support holds; otherwise waits for an editor."""

    @staticmethod
    def guard_holds(page):
        idea = page.idea
        if idea is None or page.promotion_reason:
            return True
        return idea.support_count >= current_threshold()

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object.specific
        if self.guard_holds(page):
            task_state.approve(user=None, update=False, comment=str(_("Schwelle gehalten")))
        return task_state

    def _is_editor(self, user):
        return bool(user.is_superuser or getattr(user, "is_editor", False))

    def user_can_access_editor(self, obj, user):
        return self._is_editor(user)

    def get_actions(self, obj, user):
        if self._is_editor(user):
            return [("approve", _("Freigeben"), False), _decline_action()]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._is_editor(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _("Gibt frei, solange die Idee ihre Unterstützungsschwelle hält.")

    class Meta:
        verbose_name = _("Schwellenprüfung")
        verbose_name_plural = _("Schwellenprüfungen")


class PilotReviewTask(DeclineActionMixin, AbstractGroupApprovalTask):
    """A group approval that can also decline the idea with a public reason, and whose
    approval may require something of the pilot first (``gate``)."""

    class Gate(models.TextChoices):
        NONE = "", _("Keine Voraussetzung")
        ASSESSMENT = (
            "assessment",
            _("Machbarkeitseinschätzung oder Begründung, warum keine nötig ist"),
        )
        COMPLETE = "complete", _("Ziel, Vorgehen, Amt, Meilenstein und Kennzahl")

    #: The page method that lists what a gate misses (empty: the approval may go ahead).
    GATE_CHECKS = {
        Gate.ASSESSMENT: "missing_for_scientific_approval",
        Gate.COMPLETE: "missing_for_publication",
    }

    gate = models.CharField(
        _("Voraussetzung der Freigabe"),
        max_length=20,
        choices=Gate.choices,
        blank=True,
        default="",
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "gate"]

    def is_reviewer(self, user):
        """Exactly the members of the task's groups: superusers and editors who are not in
        the group get no action on this step."""
        return bool(user.is_authenticated and user.is_active and self._user_in_groups(user))

    def get_actions(self, obj, user):
        if not self.is_reviewer(user):
            return []
        return [
            ("reject", _("Änderungen anfordern"), True),
            ("approve", _("Freigeben"), False),
            ("approve", _("Freigeben mit Kommentar"), True),
            _decline_action(),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self.is_reviewer(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    def missing_for_approval(self, obj):
        """What the gate misses in the revision that would be approved."""
        check = self.GATE_CHECKS.get(self.gate)
        if check is None:
            return []
        latest = obj.specific.get_latest_revision_as_object()
        return list(getattr(latest, check)())

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            missing = self.missing_for_approval(task_state.workflow_state.content_object)
            if missing:
                raise ApprovalRefused(missing)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Mitglieder der gewählten Gruppen prüfen, bearbeiten und geben frei.")

    class Meta:
        verbose_name = _("Pilot-Prüfung")
        verbose_name_plural = _("Pilot-Prüfungen")
