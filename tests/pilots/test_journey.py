"""The whole pipeline as the people in it meet it (issue 11, "Must show"): residents support an
idea to its threshold, the researcher assesses it and approves the scientific step, the
editor's approval of the empty pilot is refused with what is missing, the editor fills it in
and approves, the pilot is live, runs, is completed and made permanent, and the idea is
"Umgesetzt". Through the public views, the real "Pilot-Freigabe" workflow and the admin's
views; mail through the coalescing window (``send_notifications`` after the window, as cron
runs it where tasks cannot be deferred)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from ideas.models import Idea, PendingNotification
from pilots.models import PilotPage
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UserFactory,
    assessment_values,
)

from .builders import MISSING_IN_AN_EMPTY_PILOT, complete_form_changes, edit_form

pytestmark = pytest.mark.django_db

WINDOW = 10
SCIENTIFIC = "Wissenschaftliche Prüfung"
EDITORIAL = "Redaktionelle Freigabe"
TITLE = "Sensoren für freie Parkplätze in Elberfeld"


def minutes_pass(minutes):
    delta = timedelta(minutes=minutes)
    for item in PendingNotification.objects.all():
        PendingNotification.objects.filter(pk=item.pk).update(created=item.created - delta)


def window_passes():
    minutes_pass(WINDOW + 1)
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115


def pilot_of(idea):
    return PilotPage.objects.get(idea=idea)


def task_name(page):
    task = PilotPage.objects.get(pk=page.pk).current_workflow_task
    return task.name if task else None


def action_url(page, action):
    state = PilotPage.objects.get(pk=page.pk).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def publish_with_status(client, page, status):
    """The editor sets the status in the page editor and publishes (the form as the browser
    sends it; the KPIs as the editor's script sends them)."""
    data = edit_form(client, page, **complete_form_changes(), pilot_status=status)
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PilotPage.objects.get(pk=page.pk)
    assert page.live and page.pilot_status == status
    return page


def test_from_an_idea_at_its_threshold_to_an_implemented_pilot(
    client, home, threshold, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_WINDOW_MINUTES = WINDOW
    threshold(3)
    author = UserFactory(display_name="Paula Parken")
    idea = IdeaFactory(title=TITLE, author=author)
    researcher = ResearcherFactory(display_name="Dr. Rita Forscher")
    editor = EditorFactory(display_name="Erik Redaktion")

    # Three residents support the idea: it reaches its threshold and its review starts.
    for number in range(3):
        client.force_login(UserFactory(display_name=f"Unterstützerin {number}"))
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 3
    assert idea.status == Idea.Status.IN_REVIEW
    pilot = pilot_of(idea)
    assert not pilot.live and task_name(pilot) == SCIENTIFIC
    window_passes()

    # The researcher publishes an assessment and approves the scientific step.
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ideen/{idea.pk}/einschaetzen/", assessment_values())
        assert response.status_code == 302
        assert client.post(action_url(pilot, "approve")).status_code == 302
    assert task_name(pilot) == EDITORIAL
    window_passes()

    # The editor's approval of the still empty pilot is refused, naming what is missing.
    client.force_login(editor)
    response = client.post(action_url(pilot, "approve"), follow=True)
    page = response.content.decode()
    assert "Die Freigabe ist noch nicht möglich" in page
    for missing in MISSING_IN_AN_EMPTY_PILOT:
        assert missing in page
    assert not PilotPage.objects.get(pk=pilot.pk).live
    assert task_name(pilot) == EDITORIAL

    # Filled in and approved in the page editor: the pilot is live, the idea is a pilot.
    data = edit_form(client, pilot, **complete_form_changes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/{pilot.pk}/edit/",
            {**data, "action-workflow-action": "true", "workflow-action-name": "approve"},
        )
    pilot = PilotPage.objects.get(pk=pilot.pk)
    assert pilot.live and pilot.current_workflow_state is None
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PILOT
    assert client.get(pilot.url).status_code == 200
    window_passes()

    # Running, completed, made permanent: each published by the editor, each announced.
    for status in (
        PilotPage.Status.RUNNING,
        PilotPage.Status.COMPLETED,
        PilotPage.Status.PERMANENT,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            pilot = publish_with_status(client, pilot, status)
        window_passes()

    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED
    client.logout()
    idea_page = client.get(idea.get_absolute_url()).content.decode()
    assert "Umgesetzt" in idea_page and "Verstetigt" in idea_page

    # The author heard of every step, in one mail per window instead of one per event.
    subjects = [m.subject for m in mailoutbox if m.to == [author.email]]
    assert subjects == [
        f"[Mitwirken] 2 Neuigkeiten zu „{TITLE}“",  # threshold reached, in review
        f"[Mitwirken] 2 Neuigkeiten zu „{TITLE}“",  # assessment, scientific step approved
        f"[Mitwirken] 3 Neuigkeiten zu „{TITLE}“",  # editorial step, status pilot, pilot live
        f"[Mitwirken] „{TITLE}“: Läuft",
        f"[Mitwirken] „{TITLE}“: Abgeschlossen",
        f"[Mitwirken] 2 Neuigkeiten zu „{TITLE}“",  # made permanent, idea implemented
    ]
    last = [m for m in mailoutbox if m.to == [author.email]][-1]
    assert "hat einen neuen Stand: Verstetigt (vorher: Abgeschlossen)" in last.body
    assert "Umgesetzt" in last.body
    assert not PendingNotification.objects.exists()
