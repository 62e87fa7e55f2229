"""State changes of research: assessments, partner offers, researcher profiles.

``publish_assessment``, ``offer_partnership``, ``decide_offer``, ``withdraw_offer`` and
``update_researcher_profile`` own their transactions and queue notifications after commit;
views translate ``IdeaError`` into friendly messages. What may be done is asked of
``research.permissions``; what pages read is ``assessments_for`` and ``accepted_offers``.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ideas import notifications
from ideas.models import Idea
from ideas.services import IdeaError, NotAllowed
from participation.mail import queue_email

from .models import Assessment, PartnerOffer, ResearcherProfile
from .permissions import (
    can_assess,
    can_decide_offer,
    can_offer_partnership,
    can_withdraw_offer,
    is_researcher,
    member_groups,
)

ASSESSMENT_FIELDS = (
    "technical_rating",
    "technical_text",
    "data_protection_text",
    "cost_range",
    "cost_text",
    "evidence",
    "partners_text",
    "data_sensors_text",
    "recommendation",
    "recommendation_text",
)


class OfferAlreadyOpen(IdeaError):
    default_message = _(
        "Sie haben für diese Idee bereits eine Partnerschaft angeboten. "
        "Ziehen Sie das Angebot zurück, um ein neues zu machen."
    )


class OfferAlreadyDecided(IdeaError):
    default_message = _("Über dieses Angebot ist bereits entschieden.")


# --- Assessments -----------------------------------------------------------------------------


def _recount_assessments(idea):
    count = Assessment.objects.filter(idea_id=idea.pk).count()
    Idea.objects.filter(pk=idea.pk).update(assessment_count=count)
    idea.assessment_count = count
    return count


def publish_assessment(researcher, idea, data):
    """Publish the researcher's assessment of ``idea``, or update the one they published before.

    One assessment per researcher and idea (database constraint). The idea's
    ``assessment_count`` is recounted in the same transaction, under the idea's row lock,
    so it is exact even when two researchers publish at once. A new assessment tells the
    idea's author and followers after commit. Returns ``(assessment, created)``.
    """
    if not can_assess(researcher, idea):
        raise NotAllowed(_("Nur Forschende können Ideen wissenschaftlich einschätzen."))
    values = {name: data[name] for name in ASSESSMENT_FIELDS if name in data}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.replace("\r\n", "\n").strip()
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        assessment = Assessment.objects.filter(idea=locked, author=researcher).first()
        created = assessment is None
        if created:
            assessment = Assessment(idea=locked, author=researcher, **values)
            assessment.full_clean(exclude=["idea", "author"])
            try:
                with transaction.atomic():
                    assessment.save()
            except IntegrityError:
                # Published a moment ago from another tab: edit that one instead.
                assessment = Assessment.objects.get(idea=locked, author=researcher)
                created = False
        if not created:
            for name, value in values.items():
                setattr(assessment, name, value)
            assessment.full_clean(exclude=["idea", "author"])
            assessment.save()
        _recount_assessments(locked)
        if created:
            notifications.notify_event(locked, "assessment", {"author": researcher.public_name})
    idea.assessment_count = locked.assessment_count
    return assessment, created


def assessments_for(idea):
    """An idea's assessments with their authors."""
    return Assessment.objects.filter(idea=idea).select_related("author").order_by("created", "id")


# --- Partner offers --------------------------------------------------------------------------


def offer_partnership(researcher, idea, *, kind, message, group=None, group_name=""):
    """A researcher offers a partnership, for one of their research groups or a named one."""
    if not can_offer_partnership(researcher, idea):
        raise NotAllowed(_("Nur Forschende können eine Partnerschaft anbieten."))
    if group is not None and not member_groups(researcher).filter(pk=group.pk).exists():
        raise NotAllowed(_("Sie sind kein Mitglied dieser Forschungsgruppe."))
    name = (group.title if group is not None else " ".join(group_name.split()))[:200]
    if not name:
        raise IdeaError(_("Bitte nennen Sie die Gruppe oder den Lehrstuhl."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                offer = PartnerOffer.objects.create(
                    idea=idea,
                    offered_by=researcher,
                    group=group,
                    group_name=name,
                    kind=kind,
                    message=message.replace("\r\n", "\n").strip(),
                )
        except IntegrityError:
            raise OfferAlreadyOpen() from None
        notifications.notify_event(idea, "partner_offer", {"group": name})
    return offer


def decide_offer(user, offer, *, accept):
    """The author (or an editor) accepts or declines an open offer; the researcher hears."""
    with transaction.atomic():
        locked = PartnerOffer.objects.select_for_update().select_related("idea").get(pk=offer.pk)
        if not can_decide_offer(user, locked):
            raise NotAllowed()
        if locked.state != PartnerOffer.State.OFFERED:
            raise OfferAlreadyDecided()
        locked.state = PartnerOffer.State.ACCEPTED if accept else PartnerOffer.State.DECLINED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_at"])
        _tell_researcher(locked)
    offer.state, offer.decided_at = locked.state, locked.decided_at
    return locked


def withdraw_offer(user, offer):
    with transaction.atomic():
        locked = PartnerOffer.objects.select_for_update().get(pk=offer.pk)
        if not can_withdraw_offer(user, locked):
            raise NotAllowed()
        locked.state = PartnerOffer.State.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_at"])
    offer.state = locked.state
    return locked


def _tell_researcher(offer):
    researcher = offer.offered_by
    if not researcher.is_active or researcher.deleted_at:
        return
    with translation.override(researcher.language or settings.LANGUAGE_CODE):
        context = {
            "user": researcher,
            "offer": offer,
            "idea": offer.idea,
            "accepted": offer.state == PartnerOffer.State.ACCEPTED,
            "idea_url": settings.SITE_URL + offer.idea.get_absolute_url(),
        }
        subject = " ".join(
            render_to_string("research/email/offer_decided_subject.txt", context).split()
        )
        body = render_to_string("research/email/offer_decided.txt", context)
    queue_email(f"[Mitwirken] {subject}", body, [researcher.email])


def accepted_offers(idea):
    """Accepted partner offers of an idea, oldest first (also for the pilot page)."""
    return (
        PartnerOffer.objects.filter(idea=idea, state=PartnerOffer.State.ACCEPTED)
        .select_related("group", "offered_by")
        .order_by("decided_at", "id")
    )


# --- Merged ideas --------------------------------------------------------------------------

OPEN_OFFER_STATES = (PartnerOffer.State.OFFERED, PartnerOffer.State.ACCEPTED)


def move_research_of_merged_idea(source, target):
    """``source`` was merged into ``target`` (inside the merge's transaction, both rows locked):
    its assessments and partner offers move there, so they stay on a page people can reach.

    One assessment per researcher and idea, and one open offer: a researcher who has already
    assessed ``target`` (or has an open offer there) keeps that one; the other stays with
    ``source``, visible to them and in the admin.
    """
    assessed = Assessment.objects.filter(idea_id=target.pk).values("author_id")
    Assessment.objects.filter(idea_id=source.pk).exclude(author_id__in=assessed).update(
        idea_id=target.pk
    )
    open_offers = PartnerOffer.objects.filter(idea_id=target.pk, state__in=OPEN_OFFER_STATES)
    PartnerOffer.objects.filter(idea_id=source.pk).exclude(
        state__in=OPEN_OFFER_STATES,
        offered_by_id__in=open_offers.values("offered_by_id"),
    ).update(idea_id=target.pk)
    _recount_assessments(source)
    _recount_assessments(target)


# --- Researcher profile ----------------------------------------------------------------------


@transaction.atomic
def update_researcher_profile(user, *, institution, research_group, orcid, expertise, bio):
    if not is_researcher(user):
        raise NotAllowed()
    user.institution = institution.strip()
    user.research_group = research_group.strip()
    user.save(update_fields=["institution", "research_group"])
    profile, _created = ResearcherProfile.objects.get_or_create(user=user)
    profile.orcid = orcid
    profile.bio = bio.replace("\r\n", "\n").strip()
    profile.save()
    profile.expertise.set(expertise)
    return profile
