"""Editors start the pilot review by hand; the idea's status follows the workflow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import services as idea_services
from ideas.models import Idea
from pilots.models import PilotPage
from tests.factories import EditorFactory, IdeaFactory, ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_editor_promotes_an_idea_below_the_threshold_in_the_admin(client, home, threshold):
    threshold(50)
    idea = IdeaFactory()
    client.force_login(EditorFactory())
    url = f"/admin/piloten/vorschlagen/{idea.pk}/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert not PilotPage.objects.filter(idea=idea).exists()

    response = client.post(url, {"reason": "Passt zum Förderprogramm Smart City."})
    pilot = PilotPage.objects.get(idea=idea)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{pilot.pk}/edit/"
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW
    assert pilot.current_workflow_task.name == "Wissenschaftliche Prüfung"


@pytest.mark.parametrize("factory", [UserFactory, ResearcherFactory])
def test_only_editors_can_promote(client, home, factory):
    idea = IdeaFactory()
    client.force_login(factory())
    response = client.post(f"/admin/piloten/vorschlagen/{idea.pk}/", {"reason": "Bitte"})
    assert response.status_code in (302, 403)
    assert not PilotPage.objects.filter(idea=idea).exists()


def test_setting_threshold_reached_by_hand_starts_the_pipeline(home, threshold):
    threshold(50)
    idea = IdeaFactory()
    idea_services.change_status(idea, Idea.Status.THRESHOLD_REACHED, by=EditorFactory())
    pilot = PilotPage.objects.get(idea=idea)
    idea.refresh_from_db()
    # Below the threshold the guard waits for an editor; the idea stays at the threshold.
    assert pilot.current_workflow_task.name == "Schwelle gehalten"
    assert idea.status == Idea.Status.THRESHOLD_REACHED

    editor = EditorFactory()
    state = pilot.current_workflow_task_state
    state.task.specific.on_action(state.specific, editor, "approve")
    idea.refresh_from_db()
    pilot.refresh_from_db()
    assert pilot.current_workflow_task.name == "Wissenschaftliche Prüfung"
    assert idea.status == Idea.Status.IN_REVIEW


def test_republished_expired_idea_gets_a_new_collection_period():
    idea = IdeaFactory(collection_ends_at=timezone.now() - timedelta(days=1))
    idea_services.expire_ideas()
    idea_services.change_status(idea, Idea.Status.PUBLISHED, by=EditorFactory(), note="Neue Runde")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.collection_ends_at > timezone.now() + timedelta(days=80)
    assert idea_services.expire_ideas() == 0
