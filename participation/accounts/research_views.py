"""``/konto/forschung/``: researchers keep their public research profile up to date."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ideas import research
from ideas.models import ResearcherProfile
from ideas.research_forms import ResearcherProfileForm


@never_cache
@login_required
def research_profile(request):
    user = request.user
    if not research.is_researcher(user):
        return render(
            request,
            "ideas/research/forbidden.html",
            {
                "message": _(
                    "Das Forschungsprofil gibt es nur für Konten mit der Rolle „Forschung“."
                )
            },
            status=403,
        )
    profile = ResearcherProfile.objects.filter(user=user).first()
    initial = {"institution": user.institution, "research_group": user.research_group}
    if profile is not None:
        initial.update(
            orcid=profile.orcid, bio=profile.bio, expertise=list(profile.expertise.all())
        )
    form = ResearcherProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        research.update_researcher_profile(user, **form.cleaned_data)
        messages.success(request, _("Ihr Forschungsprofil ist gespeichert."))
        return redirect("accounts:research_profile")
    groups = research.member_groups(user)
    return render(
        request,
        "accounts/research_profile.html",
        {"form": form, "profile": profile, "groups": groups},
    )
