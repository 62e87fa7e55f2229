"""Personal data held by research, for the account export and deletion (``wagtail_hooks``)."""

from django.utils import timezone

from participation.jobs import delete_task_rows_mentioning

from .models import Assessment, PartnerOffer, ResearcherProfile, ResearchGroupPage
from .services import ASSESSMENT_FIELDS


def export_research_data(user):
    profile = ResearcherProfile.objects.filter(user=user).first()
    return {
        "researcher_profile": None
        if profile is None
        else {
            "orcid": profile.orcid,
            "expertise": [topic.name for topic in profile.expertise.all()],
            "bio": profile.bio,
        },
        "assessments": [
            {
                "idea": a.idea.reference,
                "title": a.idea.title,
                **{name: getattr(a, name) for name in ASSESSMENT_FIELDS},
                "created": a.created,
                "updated": a.updated,
            }
            for a in Assessment.objects.filter(author=user).select_related("idea")
        ],
        "research_groups": [
            {"title": group.title, "url": group.full_url}
            for group in ResearchGroupPage.objects.filter(members=user)
        ],
        "partner_offers": [
            {
                "idea": offer.idea.reference,
                "group": offer.group_name,
                "kind": offer.kind,
                "message": offer.message,
                "state": offer.state,
                "created": offer.created,
                "decided_at": offer.decided_at,
            }
            for offer in PartnerOffer.objects.filter(offered_by=user).select_related("idea")
        ],
    }


def delete_research_data(user):
    """The profile goes; open offers are withdrawn. Assessments and offers stay ("Gelöschtes
    Konto"), but a group name the person typed themselves (no research group page chosen) is
    their own words, often their name ("Lehrstuhl Prof. Müller"): it goes. The title of a
    chosen research group page stays, it names the university's group."""
    ResearcherProfile.objects.filter(user=user).delete()
    own_names = PartnerOffer.objects.filter(offered_by=user, group__isnull=True)
    # The notices about the offers (sent) named the group too.
    delete_task_rows_mentioning(set(own_names.values_list("group_name", flat=True)))
    PartnerOffer.objects.filter(offered_by=user, state=PartnerOffer.State.OFFERED).update(
        state=PartnerOffer.State.WITHDRAWN, decided_at=timezone.now()
    )
    own_names.update(group_name="")
