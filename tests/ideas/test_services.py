import pytest

from ideas import services
from ideas.models import Follow, Idea, IdeaStatusChange, ParticipationSettings, Support
from tests.factories import (
    DistrictFactory,
    EditorFactory,
    IdeaFactory,
    TopicFactory,
    UnverifiedUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_create_idea_publishes_with_reference_history_and_author_following(resident, settings):
    settings.IDEA_REFERENCE_PREFIX = "WUP"
    idea = services.create_idea(
        resident,
        title="Sensoren für freie Parkplätze",
        text="Freie Parkplätze in Elberfeld sollen per Sensor erfasst und angezeigt werden. " * 2,
        topic=TopicFactory(),
        district=DistrictFactory(),
    )
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.reference == f"WUP-{idea.created.year}-{idea.pk:04d}"
    assert idea.collection_ends_at is not None
    assert Follow.objects.filter(idea=idea, user=resident).exists()
    assert list(idea.status_changes.values_list("to_status", flat=True)) == ["published"]


def test_premoderation_keeps_new_idea_out_of_public_list(resident, settings):
    settings.IDEA_PREMODERATION = True
    idea = services.create_idea(
        resident,
        title="Idee zur Freigabe",
        text="Diese Idee wartet auf die Freigabe durch die Redaktion, bevor sie sichtbar wird.",
        topic=TopicFactory(),
        district=DistrictFactory(),
    )
    assert idea.status == Idea.Status.SUBMITTED
    assert not Idea.objects.public().filter(pk=idea.pk).exists()


def test_unverified_account_cannot_propose():
    with pytest.raises(services.NotAllowed):
        services.create_idea(
            UnverifiedUserFactory(),
            title="Keine Chance",
            text="x" * 60,
            topic=TopicFactory(),
            district=DistrictFactory(),
        )
    assert Idea.objects.count() == 0


def test_daily_limit_refuses_the_sixth_idea(resident, settings):
    settings.IDEAS_PER_DAY = 5
    topic, district = TopicFactory(), DistrictFactory()
    for number in range(5):
        services.create_idea(
            resident, title=f"Idee {number}", text="t" * 60, topic=topic, district=district
        )
    with pytest.raises(services.DailyLimitReached):
        services.create_idea(
            resident, title="Idee 6", text="t" * 60, topic=topic, district=district
        )
    assert Idea.objects.filter(author=resident).count() == 5


def supported(idea=None):
    """An idea and a resident who has just supported it (through the service)."""
    idea = idea or IdeaFactory()
    supporter = UserFactory()
    services.support_idea(supporter, idea)
    return idea, supporter


def test_support_counts_once_and_second_support_is_refused_politely():
    idea, supporter = supported()
    with pytest.raises(services.AlreadySupported):
        services.support_idea(supporter, idea)
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert Support.objects.filter(idea=idea).count() == 1
    assert Follow.objects.filter(idea=idea, user=supporter).exists()


def test_supporter_who_opted_out_of_following_does_not_follow():
    idea = IdeaFactory()
    supporter = UserFactory(follow_supported=False)
    services.support_idea(supporter, idea)
    assert not Follow.objects.filter(idea=idea, user=supporter).exists()


def test_author_cannot_support_own_idea():
    idea = IdeaFactory()
    with pytest.raises(services.NotAllowed):
        services.support_idea(idea.author, idea)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_unverified_account_cannot_support():
    idea = IdeaFactory()
    with pytest.raises(services.NotAllowed):
        services.support_idea(UnverifiedUserFactory(), idea)
    assert Support.objects.count() == 0


def test_withdraw_support_keeps_counter_equal_to_rows():
    idea, supporter = supported()
    assert services.withdraw_support(supporter, idea) is True
    assert services.withdraw_support(supporter, idea) is False
    idea.refresh_from_db()
    assert idea.support_count == 0 == Support.objects.filter(idea=idea).count()


def test_crossing_threshold_changes_status_once_and_ends_supporting(
    mailoutbox, editor, django_capture_on_commit_callbacks, threshold
):
    threshold(2)
    idea = IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.support_idea(UserFactory(), idea) is False
        assert services.support_idea(UserFactory(), idea) is True
    idea.refresh_from_db()
    # The pilot pipeline takes over at once: a draft pilot goes into review.
    assert idea.status == Idea.Status.IN_REVIEW
    assert idea.threshold_reached_at is not None
    assert IdeaStatusChange.objects.filter(idea=idea, to_status="threshold_reached").count() == 1
    with pytest.raises(services.SupportClosed):
        services.support_idea(UserFactory(), idea)
    assert services.reach_threshold(idea) is False
    editor_mails = [m for m in mailoutbox if editor.email in m.to]
    assert len(editor_mails) == 1
    assert "Schwelle erreicht" in editor_mails[0].subject


def test_withdrawing_is_refused_after_collection_ended(threshold):
    threshold(1)
    idea, supporter = supported()
    with pytest.raises(services.SupportClosed):
        services.withdraw_support(supporter, idea)
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_active_share_raises_threshold():
    rules = ParticipationSettings.load()
    rules.support_threshold = 1
    rules.active_share_percent = 50
    rules.save()
    from django.utils import timezone

    for _ in range(6):
        UserFactory(last_login=timezone.now())
    assert ParticipationSettings.load().effective_threshold() == 3


def test_decline_requires_public_reason_and_records_it():
    idea = IdeaFactory()
    with pytest.raises(services.IdeaError):
        services.change_status(idea, Idea.Status.DECLINED, note=" ")
    services.change_status(idea, Idea.Status.DECLINED, note="Rechtlich nicht zulässig.")
    idea.refresh_from_db()
    assert idea.status == "declined"
    assert idea.decline_reason == "Rechtlich nicht zulässig."
    assert idea.status_changes.last().note == "Rechtlich nicht zulässig."


def test_invalid_transition_is_refused():
    idea = IdeaFactory(status=Idea.Status.IMPLEMENTED)
    with pytest.raises(services.InvalidTransition):
        services.change_status(idea, Idea.Status.PUBLISHED)


def test_three_reports_hide_the_idea_and_one_report_per_person(settings):
    settings.IDEA_REPORTS_TO_HIDE = 3
    idea = IdeaFactory()
    reporters = UserFactory.create_batch(3)
    assert services.report_idea(reporters[0], idea, "spam") is True
    assert services.report_idea(reporters[0], idea, "spam") is False
    services.report_idea(reporters[1], idea, "offensive")
    idea.refresh_from_db()
    assert not idea.hidden
    services.report_idea(reporters[2], idea, "spam")
    idea.refresh_from_db()
    assert idea.hidden
    assert not Idea.objects.public().filter(pk=idea.pk).exists()


def test_restore_clears_reports():
    idea = IdeaFactory()
    services.hide_idea(idea, by=EditorFactory(), reason="Prüfung")
    services.restore_idea(idea, by=None)
    idea.refresh_from_db()
    assert not idea.hidden and idea.report_count == 0


def test_expired_ideas_are_marked_and_author_told(mailoutbox, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    idea = IdeaFactory(collection_ends_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_ideas() == 1
    idea.refresh_from_db()
    assert idea.status == Idea.Status.EXPIRED
    assert [m.to for m in mailoutbox] == [[idea.author.email]]


def test_block_account_prevents_participation():
    user = UserFactory()
    services.block_account(user, by=EditorFactory())
    user.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.support_idea(user, IdeaFactory())
