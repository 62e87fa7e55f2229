"""Editors start the pilot review for an idea by hand (below the threshold, with a reason)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ideas.admin_views import EditorRequiredMixin
from ideas.models import Idea
from ideas.services import IdeaError, current_threshold

from . import services
from .models import PilotPage


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
        pilot = PilotPage.objects.filter(idea=self.idea).first()
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
