"""Editors manage the researcher role in the Wagtail admin ("Forschende").

Open requests (from verified university addresses) are confirmed with the research group or
declined; editors also grant the role to any verified account, renew it and withdraw it.
Every change goes through ``roles``.
"""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import roles
from .models import RESEARCHERS_GROUP, ResearcherRoleRequest


def can_manage_roles(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_editor", False)
        and user.has_perm("wagtailadmin.access_admin")
    )


def researchers_url():
    return reverse("accounts_researchers")


class ResearchGroupForm(forms.Form):
    """What labels the researcher badge: chair or working group, and institution."""

    research_group = forms.CharField(
        label=_("Lehrstuhl / Arbeitsgruppe"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie die Forschungsgruppe an.")},
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie die Institution an.")},
    )


class GrantResearcherForm(ResearchGroupForm):
    email = forms.EmailField(
        label=_("E-Mail-Adresse des Kontos"),
        help_text=_("Das Konto muss bestehen und seine Adresse bestätigt haben."),
    )
    field_order = ["email", "research_group", "institution"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        address = (
            EmailAddress.objects.filter(email__iexact=email, verified=True)
            .select_related("user")
            .first()
        )
        if address is None or not address.user.is_active or address.user.deleted_at:
            raise forms.ValidationError(
                _("Es gibt kein aktives Konto mit dieser bestätigten Adresse.")
            )
        self.account = address.user
        return email


class EditorsOnlyMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_roles(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResearchersView(EditorsOnlyMixin, FormView):
    template_name = "accounts/admin/researchers.html"
    form_class = GrantResearcherForm
    page_title = _("Forschende")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests"] = (
            ResearcherRoleRequest.objects.filter(state=ResearcherRoleRequest.State.OPEN)
            .select_related("user")
            .order_by("created", "id")
        )
        context["researchers"] = (
            get_user_model()
            .objects.filter(groups__name=RESEARCHERS_GROUP, deleted_at__isnull=True)
            .order_by("display_name")
        )
        return context

    def post(self, request, *args, **kwargs):
        for action in ("revoke", "renew"):
            if pk := request.POST.get(action):
                account = get_object_or_404(get_user_model(), pk=pk)
                return getattr(self, action)(account)
        return super().post(request, *args, **kwargs)

    def revoke(self, account):
        roles.withdraw_researcher(account, by=self.request.user)
        messages.success(
            self.request,
            _("„%(name)s“ hat die Rolle „Forschende“ nicht mehr.") % {"name": account.public_name},
        )
        return redirect(researchers_url())

    def renew(self, account):
        try:
            roles.renew_researcher(account, by=self.request.user)
        except roles.RoleError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request,
                _("Die Rolle von „%(name)s“ ist verlängert.") % {"name": account.public_name},
            )
        return redirect(researchers_url())

    def form_valid(self, form):
        account = form.account
        roles.grant_researcher_role(
            account,
            by=self.request.user,
            research_group=form.cleaned_data["research_group"],
            institution=form.cleaned_data["institution"],
        )
        messages.success(
            self.request,
            _("„%(name)s“ hat jetzt die Rolle „Forschende“.") % {"name": account.public_name},
        )
        return redirect(researchers_url())


class ResearcherRequestView(EditorsOnlyMixin, FormView):
    """One open request: confirm it with the research group, or decline it."""

    template_name = "accounts/admin/researcher_request.html"
    form_class = ResearchGroupForm
    page_title = _("Anfrage auf die Rolle „Forschende“")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.role_request = get_object_or_404(
            ResearcherRoleRequest.objects.select_related("user"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.role_request.user.public_name

    def get_initial(self):
        user = self.role_request.user
        return {"research_group": user.research_group, "institution": user.institution}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(role_request=self.role_request, back_url=researchers_url())
        return context

    def post(self, request, *args, **kwargs):
        if "decline" in request.POST:
            return self.decide(
                roles.decline_researcher_request,
                _("Die Anfrage von „%(name)s“ ist abgelehnt."),
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        return self.decide(
            roles.confirm_researcher_request,
            _("„%(name)s“ hat jetzt die Rolle „Forschende“."),
            research_group=form.cleaned_data["research_group"],
            institution=form.cleaned_data["institution"],
        )

    def decide(self, service, message, **fields):
        try:
            service(self.role_request, by=self.request.user, **fields)
        except roles.RoleError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, message % {"name": self.role_request.user.public_name})
        return redirect(researchers_url())
