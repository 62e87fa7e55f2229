"""What research adds to other apps' pages: the research section of the idea page.

Registered in ``research.wagtail_hooks`` for the ``idea_page_sections`` hook.
"""

from ideas import permissions as idea_permissions
from participation.sections import Section

from .models import PartnerOffer
from .permissions import OPEN_OFFER_STATES, can_assess, can_offer_partnership
from .services import assessments_for


def idea_research_section(request, idea):
    """The research section on the idea page: assessments and partner offers."""
    user = request.user
    assessments = list(assessments_for(idea))
    offers = list(
        PartnerOffer.objects.filter(idea=idea, state__in=OPEN_OFFER_STATES)
        .select_related("group", "offered_by")
        .order_by("created", "id")
    )
    is_decider = bool(
        user.is_authenticated and (idea.author_id == user.pk or idea_permissions.is_editor(user))
    )
    pending = [
        offer
        for offer in offers
        if offer.state == PartnerOffer.State.OFFERED
        and (is_decider or (user.is_authenticated and offer.offered_by_id == user.pk))
    ]
    own_assessment = next(
        (a for a in assessments if user.is_authenticated and a.author_id == user.pk), None
    )
    own_offer = next(
        (o for o in offers if user.is_authenticated and o.offered_by_id == user.pk), None
    )
    context = {
        "assessments": assessments,
        "own_assessment": own_assessment,
        "can_assess": can_assess(user, idea),
        "can_offer_partnership": can_offer_partnership(user, idea) and own_offer is None,
        "own_offer": own_offer,
        "accepted_offers": [o for o in offers if o.state == PartnerOffer.State.ACCEPTED],
        "pending_offers": pending,
        "can_decide_offers": is_decider,
    }
    return Section("research/includes/idea_research.html", context, order=20)
