from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participation import sections
from participation.views import set_language_cookie

from . import roles, services
from .forms import ConfirmPasswordForm, ProfileForm


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Continue in the language just chosen: message, URL and cookie.
        with translation.override(user.language):
            messages.success(request, _("Ihr Profil wurde gespeichert."))
            response = redirect(reverse("accounts:profile"))
        return set_language_cookie(response, user.language)
    context = {
        "form": form,
        "primary_email": EmailAddress.objects.get_primary(request.user),
        "researcher_request": roles.open_request(request.user),
        "can_renew_role": roles.can_renew_own_role(request.user),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
def renew_researcher_role(request):
    """The researcher confirms another period ("Rolle verlängern") while a university
    address is verified; otherwise only an editor can renew."""
    user = request.user
    if not roles.can_renew_own_role(user):
        messages.error(
            request,
            _(
                "Sie können die Rolle „Forschende“ nicht selbst verlängern. Bitte wenden Sie "
                "sich an die Redaktion."
            ),
        )
    else:
        roles.renew_researcher(user, by=user)
        if user.researcher_until:
            messages.success(
                request,
                _("Ihre Rolle „Forschende“ gilt jetzt bis zum %(date)s.")
                % {"date": date_format(user.researcher_until)},
            )
    return redirect(reverse("accounts:profile"))


@never_cache
@login_required
def activity(request):
    """'Meine Beteiligung': the person's contributions, each with its current state and link."""
    context = {
        "sections": sections.collect(sections.ACCOUNT_ACTIVITY_SECTIONS, request, request.user)
    }
    return render(request, "accounts/activity.html", context)


@never_cache
@login_required
def data(request):
    """'Meine Daten': what we store, and the download (POST, so it is never cached or prefetched)."""
    if request.method != "POST":
        return render(request, "accounts/data.html")
    response = HttpResponse(services.export_archive(request.user), content_type="application/zip")
    filename = f"mitwirken-daten-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete(request):
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form})


def deleted(request):
    return render(request, "accounts/deleted.html")
