"""The rules and counters of research, whatever calls the services."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from ideas.models import Follow
from ideas.services import NotAllowed, merge_ideas
from research import services
from research.models import Assessment, PartnerOffer
from tests.factories import (
    AssessmentFactory,
    EditorFactory,
    IdeaFactory,
    PartnerOfferFactory,
    ResearcherFactory,
    UserFactory,
    assessment_values,
    research_group,
)

pytestmark = pytest.mark.django_db


# --- Assessments -----------------------------------------------------------------------------


def test_only_researchers_may_publish_an_assessment(idea, resident, editor):
    for user in (resident, editor):
        with pytest.raises(NotAllowed):
            services.publish_assessment(user, idea, assessment_values())
    assert Assessment.objects.count() == 0


def test_database_allows_one_assessment_per_researcher_and_idea(idea, researcher):
    services.publish_assessment(researcher, idea, assessment_values())
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(idea=idea, author=researcher, **assessment_values())


def test_assessment_count_is_exact_with_several_researchers(idea):
    first, second = ResearcherFactory(), ResearcherFactory()
    services.publish_assessment(first, idea, assessment_values())
    services.publish_assessment(second, idea, assessment_values())
    _same, created = services.publish_assessment(first, idea, assessment_values(cost_text="neu"))
    assert created is False
    idea.refresh_from_db()
    assert idea.assessment_count == Assessment.objects.filter(idea=idea).count() == 2


def test_author_and_followers_hear_about_a_new_assessment(idea, django_capture_on_commit_callbacks):
    follower = UserFactory(notify="immediate")
    quiet = UserFactory(notify="none")
    Follow.objects.create(idea=idea, user=follower)
    Follow.objects.create(idea=idea, user=quiet)
    researcher = ResearcherFactory(display_name="Dr. <b>Rita</b>")

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_assessment(researcher, idea, assessment_values())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([idea.author.email, follower.email])
    message = mail.outbox[0]
    assert "Neue wissenschaftliche Einschätzung" in message.subject
    # Plain text only: the name appears as written, never as HTML.
    assert "Dr. <b>Rita</b> hat eine wissenschaftliche Einschätzung" in message.body
    assert "&lt;b&gt;" not in message.body
    assert not getattr(message, "alternatives", [])


def test_nothing_is_sent_when_publishing_fails(idea, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.publish_assessment(resident, idea, assessment_values())
    assert mail.outbox == []


def test_assessments_for_an_idea_come_oldest_first_with_their_authors(idea):
    first = AssessmentFactory(idea=idea)
    second = AssessmentFactory(idea=idea)
    AssessmentFactory()  # another idea's

    assert list(services.assessments_for(idea)) == [first, second]


# --- Partner offers --------------------------------------------------------------------------


def test_a_researcher_offers_only_for_a_group_they_belong_to(idea, researcher, university_index):
    stranger_group = research_group(university_index, "Fremde Gruppe", members=[UserFactory()])
    own_group = research_group(university_index, "Eigene Gruppe", members=[researcher])

    with pytest.raises(NotAllowed):
        services.offer_partnership(
            researcher, idea, group=stranger_group, kind="lab", message="Angebot"
        )
    offer = services.offer_partnership(
        researcher, idea, group=own_group, kind="lab", message="Angebot"
    )

    assert offer.group_name == "Eigene Gruppe"
    assert PartnerOffer.objects.count() == 1


def test_only_researchers_offer_partnerships(idea, resident):
    with pytest.raises(NotAllowed):
        services.offer_partnership(resident, idea, group_name="X", kind="lab", message="M")
    assert PartnerOffer.objects.count() == 0


def test_one_open_offer_per_researcher_and_idea(idea, researcher):
    services.offer_partnership(researcher, idea, group_name="X", kind="lab", message="Eins")
    with pytest.raises(services.OfferAlreadyOpen):
        services.offer_partnership(researcher, idea, group_name="Y", kind="lab", message="Zwei")
    assert PartnerOffer.objects.count() == 1


def test_a_withdrawn_offer_makes_room_for_a_new_one(idea, researcher):
    offer = services.offer_partnership(researcher, idea, group_name="X", kind="lab", message="M")
    services.withdraw_offer(researcher, offer)
    services.offer_partnership(researcher, idea, group_name="X", kind="lab", message="Neu")
    assert list(PartnerOffer.objects.values_list("state", flat=True)) == ["withdrawn", "offered"]


def test_a_decided_offer_cannot_be_decided_again(idea, researcher):
    offer = PartnerOfferFactory(idea=idea, offered_by=researcher)
    services.decide_offer(idea.author, offer, accept=False)
    with pytest.raises(services.OfferAlreadyDecided):
        services.decide_offer(idea.author, offer, accept=True)
    offer.refresh_from_db()
    assert offer.state == "declined"


def test_accepted_offers_are_only_the_accepted_ones(idea):
    accepted = PartnerOfferFactory(idea=idea, state="accepted")
    for state in ("offered", "declined", "withdrawn"):
        PartnerOfferFactory(idea=idea, state=state)

    assert list(services.accepted_offers(idea)) == [accepted]


# --- Merged ideas ----------------------------------------------------------------------------


def test_assessments_and_offers_of_a_merged_idea_move_to_the_idea_it_joins(threshold):
    threshold(1000)
    target = IdeaFactory()
    source = IdeaFactory()
    only_source, both = ResearcherFactory.create_batch(2)
    AssessmentFactory(idea=source, author=only_source)
    AssessmentFactory(idea=source, author=both)
    kept = AssessmentFactory(idea=target, author=both)
    offer = PartnerOfferFactory(idea=source)
    open_on_both = PartnerOfferFactory(idea=source, offered_by=both)
    PartnerOfferFactory(idea=target, offered_by=both)
    declined = PartnerOfferFactory(idea=source, offered_by=both, state="declined")

    merge_ideas(source, target, by=EditorFactory(), note="Dieselbe Idee.")

    target.refresh_from_db()
    source.refresh_from_db()
    on_target = Assessment.objects.filter(idea=target)
    assert set(on_target.values_list("author_id", flat=True)) == {only_source.pk, both.pk}
    assert on_target.get(author=both) == kept  # one per researcher: theirs on the target stays
    assert (target.assessment_count, source.assessment_count) == (2, 1)
    offers = PartnerOffer.objects.filter(idea=target)
    assert {offer.pk, declined.pk} <= set(offers.values_list("pk", flat=True))
    open_on_both.refresh_from_db()
    assert open_on_both.idea_id == source.pk  # one open offer per researcher and idea
