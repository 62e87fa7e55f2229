"""Who may do what in research: assess, offer partnerships, decide on offers.

Views, templates (through the page sections) and services ask these same rules.
"""

from ideas import permissions as idea_permissions
from participation.accounts.models import user_can_participate
from participation.page_locales import default_locale

from .models import PartnerOffer, ResearchGroupPage

OPEN_OFFER_STATES = (PartnerOffer.State.OFFERED, PartnerOffer.State.ACCEPTED)


def is_researcher(user):
    """A verified, active account in the group "Forschende"."""
    return bool(user_can_participate(user) and getattr(user, "is_researcher", False))


def can_assess(user, idea):
    """Only researchers assess, only ideas the public can see, and not their own ideas.

    Editors are not researchers: being an editor gives no right to assess.
    """
    return is_researcher(user) and idea.is_public and idea.author_id != user.pk


def can_offer_partnership(user, idea):
    return is_researcher(user) and idea.is_public and idea.author_id != user.pk


def can_decide_offer(user, offer):
    """The idea's author and editors accept or decline an open offer."""
    if not (user.is_authenticated and user.is_active):
        return False
    return offer.idea.author_id == user.pk or idea_permissions.is_editor(user)


def can_withdraw_offer(user, offer):
    return bool(
        user.is_authenticated
        and offer.offered_by_id == user.pk
        and offer.state in OPEN_OFFER_STATES
    )


def member_groups(user):
    """Live research group pages the user is a member of."""
    if not user.is_authenticated:
        return ResearchGroupPage.objects.none()
    # The German pages: members are set there, a translation shows them (see the model).
    return (
        ResearchGroupPage.objects.live()
        .filter(members=user, locale=default_locale())
        .order_by("title")
    )
