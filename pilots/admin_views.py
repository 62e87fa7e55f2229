"""Pilots in the Wagtail admin: editors start the pilot review for an idea by hand (below the
threshold, with a reason); the page editor and the workflow actions of pilot pages, which say
why an approval or a publish was refused (``PilotPageViewSet``, registered in
``wagtail_hooks``)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from ideas.admin_views import EditorRequiredMixin
from ideas.models import Idea
from ideas.services import IdeaError, current_threshold
from participation.page_locales import default_locale

from . import services
from .models import PilotPage
from .workflows import WORKFLOW_NAME, ApprovalRefused

XHR = "XMLHttpRequest"


def publish_refused_message():
    return _(
        "Ihre Änderungen sind als Entwurf gespeichert, aber nicht veröffentlicht: Dieses "
        "Pilotprojekt geht nur über die %(workflow)s online (wissenschaftliche Prüfung, dann "
        "redaktionelle Freigabe)."
    ) % {"workflow": WORKFLOW_NAME}


class PromoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Öffentliche Begründung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Erscheint im Verlauf der Idee und in der Nachricht an alle Beteiligten, "
            "z. B. „Passt zum Förderprogramm Smart City“."
        ),
    )


class PromoteIdeaView(EditorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "pilots/admin/promote_idea.html"
    form_class = PromoteForm
    page_title = _("Als Pilotprojekt prüfen")
    header_icon = "pick"

    @cached_property
    def idea(self):
        return get_object_or_404(Idea, pk=self.kwargs["idea_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pilot = PilotPage.objects.filter(idea=self.idea, locale=default_locale()).first()
        context.update({"idea": self.idea, "pilot": pilot, "threshold": current_threshold()})
        return context

    def form_valid(self, form):
        try:
            page = services.promote_idea(
                self.idea, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except IdeaError as error:
            form.add_error("reason", error.message)
            return self.form_invalid(form)
        if page is None:
            messages.warning(self.request, _("Für diese Idee gibt es bereits ein Pilotprojekt."))
            return redirect(self.request.path)
        messages.success(
            self.request,
            _("Der Entwurf „%(title)s“ ist in der Pilot-Freigabe.") % {"title": page.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


class PilotEditView(EditView):
    """Wagtail's page editor for pilots: a refused approval or publish says why."""

    def save_action(self):
        # A publish the editor may not do (``pilots.permissions``) reaches here as "save":
        # Wagtail keeps the input as a draft revision; tell the editor why nothing went live.
        response = super().save_action()
        if self.request.POST.get("action-publish"):
            messages.error(self.request, publish_refused_message())
        return response

    def perform_workflow_action(self):
        try:
            return super().perform_workflow_action()
        except ApprovalRefused as refusal:
            # The edits are saved as a draft revision; the task stays where it was.
            messages.error(self.request, refusal.message)
            return self.redirect_and_remain()


class PilotWorkflowActionView(WorkflowActionView):
    """The workflow action URL (dashboard, action menu) for pilots: a refused approval sends
    the reviewer to the editor with the list of what is missing."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ApprovalRefused as refusal:
            messages.error(request, refusal.message)
            url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            if request.headers.get("x-requested-with") == XHR:
                return self.render_modal_json(request, {"step": "success", "redirect": url})
            return redirect(url)


class PilotPageViewSet(PageViewSet):
    model = PilotPage
    icon = "pick"
    edit_view_class = PilotEditView
    workflow_action_view_class = PilotWorkflowActionView
