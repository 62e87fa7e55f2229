"""Views of research: assessments and partner offers on ideas, the researcher's profile
(``/konto/forschung/``), and the editors' "Einschätzungen" listing in the Wagtail admin
(wired in ``research.wagtail_hooks``).

Permissions are checked here (``research.permissions``) and again in ``research.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ideas.admin_views import EditorListingView
from ideas.models import Idea
from ideas.permissions import get_visible_idea_or_404
from ideas.services import IdeaError

from . import permissions, services
from .forms import AssessmentForm, DecideOfferForm, PartnerOfferForm, ResearcherProfileForm
from .models import Assessment, PartnerOffer, ResearcherProfile


def _refuse(request, message):
    return render(request, "research/forbidden.html", {"message": message}, status=403)


def _research_url(idea):
    return idea.get_absolute_url() + "#forschung"


ONLY_ASSESS = gettext_lazy("Nur Forschende können Ideen wissenschaftlich einschätzen.")
ONLY_OFFER = gettext_lazy("Nur Forschende können eine Partnerschaft anbieten.")


def _researchers_idea(request, pk, rule, refusal):
    """The idea a researcher acts on, or the response that refuses (login page, 403)."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    idea = get_visible_idea_or_404(request, pk)
    if not rule(request.user, idea):
        return idea, _refuse(request, refusal)
    return idea, None


def assess(request, pk):
    """Researchers publish their assessment; a second visit edits the one they published."""
    idea, refused = _researchers_idea(request, pk, permissions.can_assess, ONLY_ASSESS)
    if refused:
        return refused
    own = Assessment.objects.filter(idea=idea, author=request.user).first()
    form = AssessmentForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        try:
            _assessment, created = services.publish_assessment(
                request.user, idea, form.cleaned_data
            )
        except IdeaError as error:
            messages.error(request, error.message)
            return redirect(idea)
        if created:
            messages.success(
                request,
                _(
                    "Danke! Ihre Einschätzung ist veröffentlicht. Wer der Idee folgt, erfährt davon."
                ),
            )
        else:
            messages.success(request, _("Ihre Einschätzung ist aktualisiert."))
        return redirect(_research_url(idea))
    return render(
        request,
        "research/assessment_form.html",
        {"idea": idea, "form": form, "own": own},
        status=200,
    )


def offer_partnership(request, pk):
    idea, refused = _researchers_idea(request, pk, permissions.can_offer_partnership, ONLY_OFFER)
    if refused:
        return refused
    open_offer = PartnerOffer.objects.filter(
        idea=idea, offered_by=request.user, state__in=permissions.OPEN_OFFER_STATES
    ).first()
    if open_offer is not None:
        messages.info(request, services.OfferAlreadyOpen.default_message)
        return redirect(_research_url(idea))
    groups = permissions.member_groups(request.user)
    form = PartnerOfferForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_partnership(
                request.user,
                idea,
                group=data.get("group"),
                group_name=data.get("group_name") or "",
                kind=data["kind"],
                message=data["message"],
            )
        except IdeaError as error:
            messages.error(request, error.message)
            return redirect(_research_url(idea))
        messages.success(
            request,
            _("Ihr Angebot ist gesendet. Die Verfasserin oder der Verfasser der Idee entscheidet."),
        )
        return redirect(_research_url(idea))
    return render(request, "research/partner_offer_form.html", {"idea": idea, "form": form})


@require_POST
def decide_offer(request, offer_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = get_object_or_404(PartnerOffer.objects.select_related("idea"), pk=offer_pk)
    if not permissions.can_decide_offer(request.user, offer):
        return _refuse(request, _("Nur die Verfasserin oder der Verfasser der Idee entscheidet."))
    form = DecideOfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „Annehmen“ oder „Ablehnen“."))
        return redirect(_research_url(offer.idea))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_offer(request.user, offer, accept=accept)
    except IdeaError as error:
        messages.info(request, error.message)
        return redirect(_research_url(offer.idea))
    if accept:
        messages.success(
            request,
            _("Sie haben das Angebot von %(group)s angenommen.") % {"group": offer.partner_name},
        )
    else:
        messages.success(request, _("Sie haben das Angebot abgelehnt."))
    return redirect(_research_url(offer.idea))


@require_POST
def withdraw_offer(request, offer_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = get_object_or_404(PartnerOffer.objects.select_related("idea"), pk=offer_pk)
    try:
        services.withdraw_offer(request.user, offer)
    except IdeaError:
        return _refuse(request, _("Dieses Angebot können Sie nicht zurückziehen."))
    messages.success(request, _("Ihr Angebot ist zurückgezogen."))
    return redirect(_research_url(offer.idea))


@never_cache
@login_required
def research_profile(request):
    """``/konto/forschung/``: researchers keep their public research profile up to date."""
    user = request.user
    if not permissions.is_researcher(user):
        return _refuse(
            request, _("Das Forschungsprofil gibt es nur für Konten mit der Rolle „Forschung“.")
        )
    profile = ResearcherProfile.objects.filter(user=user).first()
    initial = {"institution": user.institution, "research_group": user.research_group}
    if profile is not None:
        initial.update(
            orcid=profile.orcid, bio=profile.bio, expertise=list(profile.expertise.all())
        )
    form = ResearcherProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_researcher_profile(user, **form.cleaned_data)
        messages.success(request, _("Ihr Forschungsprofil ist gespeichert."))
        return redirect("research:profile")
    groups = permissions.member_groups(user)
    return render(
        request,
        "research/researcher_profile.html",
        {"form": form, "profile": profile, "groups": groups},
    )


# --- Wagtail admin: "Einschätzungen" ----------------------------------------------------


class AssessmentAdminView(EditorListingView):
    """Editors read the researchers' assessments (and partner offers), for all or one idea."""

    template_name = "research/admin_assessments.html"
    page_title = gettext_lazy("Einschätzungen")
    header_icon = "doc-full"
    per_page = 30

    def get_idea(self):
        pk = self.request.GET.get("idee")
        if pk and pk.isdigit():
            return Idea.objects.filter(pk=pk).first()
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        idea = self.get_idea()
        assessments = Assessment.objects.select_related("idea", "author").order_by(
            "-created", "-id"
        )
        offers = PartnerOffer.objects.select_related("idea", "offered_by", "group").order_by(
            "-created", "-id"
        )
        if idea is not None:
            assessments = assessments.filter(idea=idea)
            offers = offers.filter(idea=idea)
        else:
            offers = offers.filter(state=PartnerOffer.State.OFFERED)
        page = self.paginate(assessments)
        context.update(
            {
                "idea": idea,
                "page_obj": page,
                "assessments": page.object_list,
                "offers": offers[:100],
            }
        )
        return context
