"""The pilot pipeline through the real Wagtail workflow objects and admin actions."""

import pytest
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import WorkflowState

from ideas import services as idea_services
from ideas.models import Idea
from pilots import services
from pilots.models import PilotPage
from tests.factories import (
    AssessmentFactory,
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UserFactory,
)

from .builders import write_draft

pytestmark = pytest.mark.django_db


def support_until_threshold(idea, number):
    supporters = UserFactory.create_batch(number)
    for supporter in supporters:
        idea_services.support_idea(supporter, idea)
    return supporters


def admin_action(client, page, action, data=None):
    state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/"
    return client.post(url, data or {})


def test_idea_at_threshold_travels_through_review_to_a_live_pilot(
    client, home, threshold, mailoutbox, django_capture_on_commit_callbacks
):
    threshold(3)
    idea = IdeaFactory(title="Sensoren für freie Parkplätze in Elberfeld")
    with django_capture_on_commit_callbacks(execute=True):
        supporters = support_until_threshold(idea, 3)

    idea.refresh_from_db()
    pilot = PilotPage.objects.get(idea=idea)
    assert not pilot.live
    state = WorkflowState.objects.get(object_id=str(pilot.pk))
    assert state.workflow.name == "Pilot-Freigabe"
    assert pilot.current_workflow_task.name == "Wissenschaftliche Prüfung"
    assert idea.status == Idea.Status.IN_REVIEW
    assert (
        client.get(pilot.url or "/piloten/sensoren-fur-freie-parkplatze-in-elberfeld/").status_code
        == 404
    )

    researcher = ResearcherFactory()
    client.force_login(researcher)
    # Co-writing: the researcher may open the draft in the editor while it is on their task.
    assert client.get(f"/admin/pages/{pilot.pk}/edit/").status_code == 200
    # The researcher assesses the idea, and the draft gets goal, approach, office, a
    # milestone and a KPI: what the two approvals require (tests/pilots/test_review_gates.py).
    AssessmentFactory(idea=idea, author=researcher)
    write_draft(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(client, pilot, "approve")
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.current_workflow_task.name == "Redaktionelle Freigabe"
    assert not pilot.live

    editor = EditorFactory()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, pilot, "approve")
    pilot.refresh_from_db()
    idea.refresh_from_db()
    assert pilot.live
    assert idea.status == Idea.Status.PILOT
    client.logout()
    public = client.get(pilot.url)
    assert public.status_code == 200
    assert pilot.url.startswith("/piloten/")
    assert idea.title in public.content.decode()

    recipients = {address for message in mailoutbox for address in message.to}
    assert idea.author.email in recipients
    assert {s.email for s in supporters} <= recipients
    pilot_mails = [m for m in mailoutbox if "Neues Pilotprojekt" in m.subject]
    assert {m.to[0] for m in pilot_mails} >= {idea.author.email, *(s.email for s in supporters)}
    assert all(pilot.url in m.body for m in pilot_mails)


def test_declining_in_review_declines_the_idea_with_public_reason(
    client, home, threshold, django_capture_on_commit_callbacks, mailoutbox
):
    threshold(1)
    idea = IdeaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        support_until_threshold(idea, 1)
    pilot = PilotPage.objects.get(idea=idea)
    client.force_login(ResearcherFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(
            client, pilot, "decline", {"comment": "Datenschutzrechtlich nicht umsetzbar."}
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    pilot.refresh_from_db()
    assert idea.status == Idea.Status.DECLINED
    assert idea.decline_reason == "Datenschutzrechtlich nicht umsetzbar."
    assert not pilot.live
    assert pilot.current_workflow_state is None
    assert any("Abgelehnt" in m.subject for m in mailoutbox if m.to == [idea.author.email])
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Datenschutzrechtlich nicht umsetzbar." in page


def test_decline_without_reason_is_refused(client, home, threshold):
    threshold(1)
    idea = IdeaFactory()
    support_until_threshold(idea, 1)
    pilot = PilotPage.objects.get(idea=idea)
    client.force_login(ResearcherFactory())
    admin_action(client, pilot, "decline", {"comment": ""})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW
    assert PilotPage.objects.get(pk=pilot.pk).current_workflow_state is not None


def test_researchers_cannot_publish(client, home, threshold):
    threshold(1)
    idea = IdeaFactory()
    support_until_threshold(idea, 1)
    pilot = PilotPage.objects.get(idea=idea)
    researcher = ResearcherFactory()
    assert pilot.permissions_for_user(researcher).can_edit()  # co-writing on their task
    assert not pilot.permissions_for_user(researcher).can_publish()
    with pytest.raises(PublishPagePermissionError):
        pilot.get_latest_revision().publish(user=researcher)
    pilot.refresh_from_db()
    assert not pilot.live


def test_residents_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/konto/login/" in response.get("Location", "/konto/login/")


def test_editor_promotes_below_threshold_with_reason_and_repeat_does_nothing(home, threshold):
    threshold(50)
    idea = IdeaFactory()
    editor = EditorFactory()
    with pytest.raises(services.PilotError):
        services.promote_idea(idea, by=editor, reason=" ")
    first = services.promote_idea(idea, by=editor, reason="Passt zum Förderprogramm Smart City.")
    again = services.promote_idea(idea, by=editor, reason="Noch einmal.")
    assert first is not None and again is None
    assert PilotPage.objects.filter(idea=idea).count() == 1
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW
    assert WorkflowState.objects.filter(object_id=str(first.pk)).count() == 1
    assert idea.status_changes.filter(note="Passt zum Förderprogramm Smart City.").exists()


def test_residents_cannot_promote(home):
    with pytest.raises(idea_services.NotAllowed):
        services.promote_idea(IdeaFactory(), by=UserFactory(), reason="Bitte")


def test_cancelled_review_returns_idea_to_threshold_and_an_editor_restarts_it(home, threshold):
    threshold(1)
    idea = IdeaFactory()
    support_until_threshold(idea, 1)
    pilot = PilotPage.objects.get(idea=idea)
    editor = EditorFactory()
    pilot.current_workflow_state.cancel(user=editor)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.THRESHOLD_REACHED

    # What "Zur Freigabe einreichen" in the page editor does: start the pilot workflow again.
    services.pilot_workflow().start(PilotPage.objects.get(pk=pilot.pk), editor)

    idea.refresh_from_db()
    pilot.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW
    assert pilot.current_workflow_task.name == "Wissenschaftliche Prüfung"
    assert not pilot.live
    assert WorkflowState.objects.filter(object_id=str(pilot.pk)).count() == 2
