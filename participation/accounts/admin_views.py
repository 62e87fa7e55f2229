"""Editors grant and revoke the researcher role in the Wagtail admin ("Forschende")."""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .models import RESEARCHERS_GROUP
from .roles import grant_researcher


def can_manage_roles(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_editor", False)
        and user.has_perm("wagtailadmin.access_admin")
    )


class GrantResearcherForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse des Kontos"),
        help_text=_("Das Konto muss bestehen und seine Adresse bestätigt haben."),
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    research_group = forms.CharField(
        label=_("Lehrstuhl / Arbeitsgruppe"), max_length=200, required=False
    )

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


class ResearchersView(WagtailAdminTemplateMixin, FormView):
    template_name = "accounts/admin/researchers.html"
    form_class = GrantResearcherForm
    page_title = _("Forschende")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_roles(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["researchers"] = (
            get_user_model()
            .objects.filter(groups__name=RESEARCHERS_GROUP, deleted_at__isnull=True)
            .order_by("display_name")
        )
        return context

    def post(self, request, *args, **kwargs):
        revoke = request.POST.get("revoke")
        if revoke:
            account = get_object_or_404(get_user_model(), pk=revoke)
            group = Group.objects.get(name=RESEARCHERS_GROUP)
            account.groups.remove(group)
            log(instance=account, action="accounts.revoke_researcher", user=request.user)
            messages.success(
                request,
                _("„%(name)s“ hat die Rolle „Forschende“ nicht mehr.")
                % {"name": account.public_name},
            )
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        account = form.account
        fields = []
        for name in ("institution", "research_group"):
            if form.cleaned_data.get(name):
                setattr(account, name, form.cleaned_data[name].strip())
                fields.append(name)
        if fields:
            account.save(update_fields=fields)
        grant_researcher(account)
        log(instance=account, action="accounts.grant_researcher", user=self.request.user)
        messages.success(
            self.request,
            _("„%(name)s“ hat jetzt die Rolle „Forschende“.") % {"name": account.public_name},
        )
        return redirect(self.request.path)
