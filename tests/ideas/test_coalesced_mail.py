"""Mail people want: news within the window arrive as one mail, digests stay a preference, and
withdrawing a support ends only the follow that supporting started (issue 11, item 5).

The suite runs with ``NOTIFICATION_WINDOW_MINUTES=0`` (every event mails at once, see
pyproject.toml); the tests here set the real window of ten minutes.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ideas import notifications
from ideas import services as idea_services
from ideas.models import Follow, PendingNotification
from research import services as research_services
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UserFactory,
    assessment_values,
)

WINDOW = 10


@pytest.fixture
def window(settings):
    settings.NOTIFICATION_WINDOW_MINUTES = WINDOW
    return settings


def three_events(idea, editor, researcher):
    """An official answer, a scientific assessment and a partnership offer: three news items."""
    idea_services.answer_idea(idea, editor, text="Die Stadt prüft das gerne.")
    research_services.publish_assessment(researcher, idea, assessment_values())
    research_services.offer_partnership(
        researcher, idea, kind="research", message="Wir messen mit.", group_name="AG Sensorik"
    )


def minutes_pass(minutes):
    """Let time pass for what waits: the queued items and the worker's deferred tasks."""
    delta = timedelta(minutes=minutes)
    for item in PendingNotification.objects.all():
        PendingNotification.objects.filter(pk=item.pk).update(created=item.created - delta)
    for result in DBTaskResult.objects.filter(status="READY"):
        DBTaskResult.objects.filter(pk=result.pk).update(run_after=result.run_after - delta)


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)


def to(mails, user):
    return [mail for mail in mails if mail.to == [user.email]]


# serialized_rollback: the migrations' rows (root page, groups, the workflow) come back after
# this transactional test empties the database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_news_within_the_window_arrive_as_one_mail_through_the_task_worker(
    window, mailoutbox
):
    window.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    follower = UserFactory(display_name="Fritz Folger")
    idea = IdeaFactory(title="Pegelsensoren an der Wupper")
    idea_services.follow(follower, idea)
    three_events(idea, EditorFactory(), ResearcherFactory(display_name="Dr. Rita Forscher"))

    run_worker()  # the fan-out runs; the mail waits for the window
    assert to(mailoutbox, follower) == []
    assert PendingNotification.objects.filter(user=follower).count() == 3
    scheduled = DBTaskResult.objects.filter(task_path__endswith="send_coalesced_mail")
    assert scheduled.count() == 2  # the follower's and the author's, one each

    minutes_pass(WINDOW - 1)
    run_worker()
    assert to(mailoutbox, follower) == []

    minutes_pass(2)
    run_worker()
    [mail] = to(mailoutbox, follower)
    assert mail.subject == "[Mitwirken] 3 Neuigkeiten zu „Pegelsensoren an der Wupper“"
    assert mail.body.startswith("Hallo Fritz Folger,")
    assert "Offizielle Antwort zu „Pegelsensoren an der Wupper“" in mail.body
    assert "Die Stadt prüft das gerne." in mail.body
    assert "Neue wissenschaftliche Einschätzung" in mail.body
    assert "Partnerschaftsangebot" in mail.body
    assert "Dieser Idee nicht mehr folgen:" in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    assert not PendingNotification.objects.filter(user=follower).exists()

    run_worker()
    assert len(to(mailoutbox, follower)) == 1


@pytest.mark.django_db
def test_one_item_mails_as_itself_and_news_after_the_window_open_a_new_mail(
    window, mailoutbox, django_capture_on_commit_callbacks, editor
):
    follower = UserFactory()
    idea = IdeaFactory(title="Bänke am Wupperufer")
    idea_services.follow(follower, idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(idea, editor, text="Wir stellen zehn Bänke auf.")
    assert notifications.send_due_mails() == 0
    assert to(mailoutbox, follower) == []

    minutes_pass(WINDOW)
    assert notifications.send_due_mails() == 2  # the follower and the author
    [mail] = to(mailoutbox, follower)
    assert mail.subject == "[Mitwirken] Offizielle Antwort zu „Bänke am Wupperufer“"
    assert "Wir stellen zehn Bänke auf." in mail.body

    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(idea, editor, text="Die Bänke stehen.")
    assert notifications.send_due_mails() == 0
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(to(mailoutbox, follower)) == 1
    minutes_pass(WINDOW)
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(to(mailoutbox, follower)) == 2


@pytest.mark.django_db
def test_news_about_several_ideas_in_one_mail(
    window, mailoutbox, django_capture_on_commit_callbacks, editor
):
    follower = UserFactory()
    first, second = IdeaFactory(title="Trinkbrunnen"), IdeaFactory(title="Lastenräder")
    for idea in (first, second):
        idea_services.follow(follower, idea)
        with django_capture_on_commit_callbacks(execute=True):
            idea_services.answer_idea(idea, editor, text="Antwort der Stadt.")
    minutes_pass(WINDOW)
    notifications.send_due_mails()
    [mail] = to(mailoutbox, follower)
    assert mail.subject == "[Mitwirken] 2 Neuigkeiten zu 2 Ideen"
    assert "„Trinkbrunnen“" in mail.body and "„Lastenräder“" in mail.body
    assert "Dieser Idee nicht mehr folgen:" not in mail.body
    assert "Keine Benachrichtigungen mehr:" in mail.body


@pytest.mark.django_db
def test_daily_and_weekly_digests_stay_a_preference(
    window, mailoutbox, django_capture_on_commit_callbacks, editor
):
    daily = UserFactory(notify="daily")
    weekly = UserFactory(notify="weekly")
    idea = IdeaFactory(title="Sensoren im Park")
    for person in (daily, weekly):
        idea_services.follow(person, idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(idea, editor, text="Antwort.")
    minutes_pass(WINDOW)
    notifications.send_due_mails()
    assert to(mailoutbox, daily) == [] and to(mailoutbox, weekly) == []

    notifications.send_daily_digests.call()
    [digest] = to(mailoutbox, daily)
    assert digest.subject == "[Mitwirken] Ihre tägliche Zusammenfassung: 1 Neuigkeit"
    assert to(mailoutbox, weekly) == []

    minutes_pass(7 * 24 * 60)
    notifications.send_daily_digests.call()
    [weekly_digest] = to(mailoutbox, weekly)
    assert weekly_digest.subject == "[Mitwirken] Ihre wöchentliche Zusammenfassung: 1 Neuigkeit"
    assert "Offizielle Antwort zu „Sensoren im Park“" in weekly_digest.body
    assert len(to(mailoutbox, daily)) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_loses_nothing(
    window, mailoutbox, django_capture_on_commit_callbacks, editor, monkeypatch
):
    follower = UserFactory()
    idea = IdeaFactory()
    idea_services.follow(follower, idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(idea, editor, text="Antwort.")
    minutes_pass(WINDOW)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        notifications.send_due_mails()
    assert PendingNotification.objects.filter(user=follower).count() == 1
    monkeypatch.undo()
    notifications.send_due_mails()
    assert len(to(mailoutbox, follower)) == 1


# --- Follows ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_a_support_ends_the_follow_that_supporting_started(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert Follow.objects.filter(idea=idea, user=resident).exists()
    assert "Nicht mehr folgen" in client.get(idea.get_absolute_url()).content.decode()

    client.post(f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/")
    assert not Follow.objects.filter(idea=idea, user=resident).exists()
    assert "Nicht mehr folgen" not in client.get(idea.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["before", "after"])
def test_an_explicit_follow_stays_when_the_support_is_withdrawn(client, resident, when):
    idea = IdeaFactory()
    client.force_login(resident)
    if when == "before":
        client.post(f"/ideen/{idea.pk}/folgen/", {"action": "follow"})
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    if when == "after":
        client.post(f"/ideen/{idea.pk}/folgen/", {"action": "follow"})
    client.post(f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/")
    assert Follow.objects.filter(idea=idea, user=resident).exists()
