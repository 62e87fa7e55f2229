"""Followers and the author hear about a pilot's progress once per event, with a link."""

import pytest
from django.conf import settings
from django.utils import timezone

from ideas import services as idea_services
from pilots.models import PilotNotice, PilotPage, PilotUpdate
from tests.factories import IdeaFactory, UserFactory
from tests.pilots.builders import make_pilot, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(home, django_capture_on_commit_callbacks, mailoutbox):
    """A live pilot whose idea has an author (who follows nothing) and a follower."""
    author = UserFactory(display_name="Paula Parken", notify="own")
    follower = UserFactory(display_name="Fritz Folger")
    idea = IdeaFactory(title="Parkleitsystem für Elberfeld", author=author)
    idea_services.follow(follower, idea)
    with django_capture_on_commit_callbacks(execute=True):
        pilot = make_pilot(
            "Smarte Parkplatzsensoren",
            idea=idea,
            milestones=[("Sensoren eingebaut", -5, None), ("Auswertung", 60, None)],
        )
    assert any("Neues Pilotprojekt" in m.subject for m in mailoutbox)
    mailoutbox.clear()
    return pilot, author, follower


def recipients(mails, fragment):
    return sorted(address for m in mails if fragment in m.subject for address in m.to)


def edit_and_publish(pilot, capture, change):
    page = PilotPage.objects.get(pk=pilot.pk)
    change(page)
    with capture(execute=True):
        publish(page)
    return page


def mark_first_milestone_done(page):
    milestones = list(page.milestones.all())
    milestones[0].done_date = timezone.localdate()
    page.milestones = milestones


def test_milestone_marked_done_notifies_followers_once(
    setting, django_capture_on_commit_callbacks, mailoutbox
):
    pilot, author, follower = setting
    edit_and_publish(pilot, django_capture_on_commit_callbacks, mark_first_milestone_done)

    subject = "Meilenstein „Sensoren eingebaut“ erreicht"
    assert recipients(mailoutbox, subject) == sorted([author.email, follower.email])
    mail = next(m for m in mailoutbox if subject in m.subject)
    assert f"{settings.SITE_URL}{pilot.url}" in mail.body
    assert "Zum Pilotprojekt:" in mail.body

    mailoutbox.clear()
    edit_and_publish(pilot, django_capture_on_commit_callbacks, lambda page: None)
    assert recipients(mailoutbox, subject) == []
    assert PilotNotice.objects.filter(pilot=pilot, key__startswith="milestone:").count() == 1


def test_open_milestones_do_not_notify(setting, django_capture_on_commit_callbacks, mailoutbox):
    pilot, _author, _follower = setting
    edit_and_publish(
        pilot, django_capture_on_commit_callbacks, lambda page: setattr(page, "place", "Wall")
    )
    assert recipients(mailoutbox, "Meilenstein") == []


def add_update(page):
    page.updates = [
        PilotUpdate(
            date=timezone.localdate(),
            title="Erste Zahlen",
            text="Der Suchverkehr sinkt um ein Drittel.",
        )
    ]


def evaluate(page):
    page.evaluation_result = "<p>Der Suchverkehr hat sich halbiert.</p>"
    page.evaluation_decision = PilotPage.Decision.PERMANENT
    page.pilot_status = PilotPage.Status.PERMANENT


@pytest.mark.parametrize(
    "change, subject, in_body",
    [
        (
            add_update,
            "„Smarte Parkplatzsensoren“: Erste Zahlen",
            "Der Suchverkehr sinkt um ein Drittel.",
        ),
        (evaluate, "„Smarte Parkplatzsensoren“ ist ausgewertet", "Entscheidung: Verstetigen"),
    ],
    ids=["new update", "evaluation"],
)
def test_news_and_evaluation_notify_once_with_their_text_and_a_link_to_the_pilot(
    setting, django_capture_on_commit_callbacks, mailoutbox, change, subject, in_body
):
    pilot, author, follower = setting
    edit_and_publish(pilot, django_capture_on_commit_callbacks, change)
    assert recipients(mailoutbox, subject) == sorted([author.email, follower.email])
    mail = next(m for m in mailoutbox if subject in m.subject)
    assert in_body in mail.body
    assert f"{settings.SITE_URL}{pilot.url}" in mail.body

    mailoutbox.clear()
    edit_and_publish(pilot, django_capture_on_commit_callbacks, lambda page: None)
    assert recipients(mailoutbox, subject) == []


def test_the_author_hears_even_without_following_but_quiet_followers_do_not(
    setting, django_capture_on_commit_callbacks, mailoutbox
):
    pilot, author, follower = setting
    follower.notify = "own"  # only about own ideas
    follower.save(update_fields=["notify"])
    edit_and_publish(pilot, django_capture_on_commit_callbacks, mark_first_milestone_done)
    assert recipients(mailoutbox, "Meilenstein") == [author.email]


def test_author_who_turned_notifications_off_still_hears_about_the_pilot(
    home, django_capture_on_commit_callbacks, mailoutbox
):
    from ideas.notifications import notify_event
    from tests.factories import IdeaFactory, UserFactory

    author = UserFactory(notify="none")
    quiet_follower = UserFactory(notify="none")
    idea = IdeaFactory(author=author)
    from ideas.models import Follow

    Follow.objects.create(idea=idea, user=quiet_follower)
    with django_capture_on_commit_callbacks(execute=True):
        notify_event(idea, "milestone", {"pilot": "Pilot", "title": "Sensoren verbaut", "url": ""})
    assert [m.to for m in mailoutbox] == [[author.email]]
