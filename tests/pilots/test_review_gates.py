"""The review cannot be skipped, and no empty pilot goes live (issue 11, items 2 and 3).

Through the real "Pilot-Freigabe" workflow objects and the admin views, posted as the browser
sends them: the workflow action URL and the page editor's buttons (``action-publish``,
``action-workflow-action``).
"""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Workflow
from wagtail.test.utils.form_data import rich_text

from pilots import services
from pilots.models import PilotPage, PilotReviewTask
from tests.factories import AssessmentFactory, EditorFactory, IdeaFactory, ResearcherFactory

from .builders import (
    MISSING_IN_AN_EMPTY_PILOT,
    complete_form_changes,
    edit_form,
    make_pilot,
    write_draft,
)

pytestmark = pytest.mark.django_db

SCIENTIFIC = "Wissenschaftliche Prüfung"
EDITORIAL = "Redaktionelle Freigabe"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def editor():
    return EditorFactory(display_name="Erik Redaktion")


@pytest.fixture
def researcher():
    return ResearcherFactory(display_name="Dr. Rita Forscher")


@pytest.fixture
def in_review(home, editor):
    """A draft pilot on the scientific step (promoted by an editor, so the threshold step
    passed)."""
    idea = IdeaFactory(title="Sensoren für freie Parkplätze")
    return services.promote_idea(idea, by=editor, reason="Passt zum Förderprogramm.")


@pytest.fixture
def at_editorial_step(in_review, researcher):
    """A complete draft pilot with an assessment, approved by the researchers: it waits for
    the editors."""
    AssessmentFactory(idea=in_review.idea)
    write_draft(in_review)
    approve(in_review, researcher)
    assert task_name(in_review) == EDITORIAL
    return in_review


def action_url(page, action):
    state = PilotPage.objects.get(pk=page.pk).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def approve(page, user):
    task_state = PilotPage.objects.get(pk=page.pk).current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


def task_name(page):
    task = PilotPage.objects.get(pk=page.pk).current_workflow_task
    return task.name if task else None


def is_live(page):
    return PilotPage.objects.get(pk=page.pk).live


def action_menu(client, page):
    """The labels of the page editor's action menu (the buttons in its footer), as read."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    labels = (strip_tags(b) for b in re.findall(r"<button\b[^>]*>(.*?)</button>", footer, re.S))
    return [" ".join(label.split()) for label in labels if label.strip()]


def error_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def assert_refused(response):
    """Wagtail answers a refused action with "no permission" and a redirect to the admin."""
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert error_messages(response)


# --- 2. The review cannot be skipped ---------------------------------------------------------


def test_an_editor_cannot_publish_a_pilot_page_that_is_in_the_workflow(
    client, at_editorial_step, editor
):
    pilot = at_editorial_step
    client.force_login(editor)
    editor_page = client.get(f"/admin/pages/{pilot.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in editor_page
    menu = action_menu(client, pilot)
    assert "Veröffentlichen" not in menu
    # Only the workflow's own approval publishes (it finishes "Pilot-Freigabe").
    assert [label for label in menu if "Veröffentlichen" in label] == [
        "Freigeben und Veröffentlichen",
        "Freigeben mit Kommentar und Veröffentlichen",
    ]

    changes = {**complete_form_changes(), "goal": rich_text("<p>Neues Ziel der Redaktion.</p>")}
    data = edit_form(client, pilot, **changes)
    response = client.post(f"/admin/pages/{pilot.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    assert not is_live(pilot)
    assert task_name(pilot) == EDITORIAL
    assert any("nur über die Pilot-Freigabe online" in m for m in error_messages(response))
    # The editor's input is kept as a draft revision.
    draft = PilotPage.objects.get(pk=pilot.pk).get_latest_revision_as_object()
    assert "Neues Ziel der Redaktion." in draft.goal


def test_on_the_scientific_step_nobody_sees_a_publish_action(client, in_review, editor, researcher):
    write_draft(in_review)
    client.force_login(editor)
    assert not any("Veröffentlichen" in label for label in action_menu(client, in_review))

    client.force_login(researcher)
    menu = action_menu(client, in_review)
    assert "Freigeben" in menu
    assert not any("Veröffentlichen" in label for label in menu)


def test_editors_see_veroeffentlichen_on_a_live_pilot_without_a_workflow(client, home, editor):
    pilot = make_pilot("Pegelsensoren an der Wupper")
    client.force_login(editor)

    assert "Veröffentlichen" in action_menu(client, pilot)


def test_an_editor_cannot_publish_a_pilot_on_the_scientific_step(client, in_review, editor):
    write_draft(in_review)
    client.force_login(editor)

    data = edit_form(client, in_review, **complete_form_changes())
    client.post(f"/admin/pages/{in_review.pk}/edit/", {**data, "action-publish": "1"})

    assert not is_live(in_review)
    assert task_name(in_review) == SCIENTIFIC


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_a_draft_pilot_outside_the_workflow_cannot_be_published_by_anyone(
    client, in_review, editor, role
):
    write_draft(in_review)
    in_review.current_workflow_state.cancel(user=editor)
    user = editor
    if role == "superuser":
        user = EditorFactory(is_superuser=True)
    client.force_login(user)
    assert not in_review.permissions_for_user(user).can_publish()

    data = edit_form(client, in_review, **complete_form_changes())
    client.post(f"/admin/pages/{in_review.pk}/edit/", {**data, "action-publish": "1"})

    assert not is_live(in_review)


def test_a_new_pilot_cannot_be_created_and_published_in_one_go(home, editor):
    index = services.ensure_pilot_index()
    assert not index.permissions_for_user(editor).can_publish_subpage()


def test_an_editor_who_is_not_a_researcher_gets_no_action_on_the_scientific_step(
    client, in_review, editor
):
    AssessmentFactory(idea=in_review.idea)
    write_draft(in_review)
    task = PilotPage.objects.get(pk=in_review.pk).current_workflow_task.specific
    assert task.get_actions(in_review, editor) == []
    client.force_login(editor)

    response = client.post(action_url(in_review, "approve"))

    assert_refused(response)
    assert task_name(in_review) == SCIENTIFIC
    assert not is_live(in_review)


def test_a_superuser_outside_the_researchers_cannot_approve_the_scientific_step(client, in_review):
    AssessmentFactory(idea=in_review.idea)
    admin = EditorFactory(is_superuser=True)
    client.force_login(admin)

    response = client.post(action_url(in_review, "approve"))

    assert_refused(response)
    assert task_name(in_review) == SCIENTIFIC


def test_a_researcher_cannot_approve_the_editorial_step(client, at_editorial_step, researcher):
    client.force_login(researcher)

    response = client.post(action_url(at_editorial_step, "approve"))

    assert_refused(response)
    assert task_name(at_editorial_step) == EDITORIAL
    assert not is_live(at_editorial_step)


def test_the_editors_approval_publishes_a_complete_pilot(
    client, at_editorial_step, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(at_editorial_step, "approve"))

    assert response.status_code == 302
    pilot = PilotPage.objects.get(pk=at_editorial_step.pk)
    assert pilot.live
    assert pilot.current_workflow_state is None
    assert pilot.responsible_office == "Ressort Straßen und Verkehr"
    assert pilot.milestones.count() == 1 and len(pilot.kpis) == 1


def test_editors_still_publish_updates_of_a_live_pilot(client, home, editor):
    pilot = make_pilot("Pegelsensoren an der Wupper", goal="<p>Alt</p>")
    client.force_login(editor)

    data = edit_form(client, pilot, **complete_form_changes())
    response = client.post(f"/admin/pages/{pilot.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    assert error_messages(response) == []
    pilot = PilotPage.objects.get(pk=pilot.pk)
    assert "Suchverkehr in Elberfeld halbieren" in pilot.goal
    assert pilot.has_unpublished_changes is False


def test_a_live_pilot_is_not_emptied_by_publishing(client, home, editor):
    pilot = make_pilot("Pegelsensoren an der Wupper", goal="<p>Pegel messen.</p>")
    client.force_login(editor)
    data = edit_form(client, pilot, **complete_form_changes())
    client.post(f"/admin/pages/{pilot.pk}/edit/", {**data, "action-publish": "1"})

    data = edit_form(client, pilot, kpis=complete_form_changes()["kpis"])
    data["milestones-0-DELETE"] = "1"
    response = client.post(
        f"/admin/pages/{pilot.pk}/edit/", {**data, "action-publish": "1"}, follow=True
    )

    assert "mindestens ein Meilenstein mit geplantem Datum" in response.content.decode()
    assert PilotPage.objects.get(pk=pilot.pk).milestones.count() == 1


# --- 3. No empty pilot goes live -------------------------------------------------------------


def test_the_editorial_approval_refuses_an_empty_pilot_listing_what_is_missing(
    client, in_review, researcher, editor
):
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    assert task_name(in_review) == EDITORIAL
    client.force_login(editor)

    response = client.post(action_url(in_review, "approve"), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/admin/pages/{in_review.pk}/edit/"
    for missing in MISSING_IN_AN_EMPTY_PILOT:
        assert missing in page
    assert "Die Freigabe ist noch nicht möglich" in page
    assert not is_live(in_review)
    assert task_name(in_review) == EDITORIAL


def test_the_refusal_names_only_what_is_missing(client, in_review, researcher, editor):
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    incomplete_kpi = ("kpi", {"name": "Pegel", "unit": "", "baseline": None, "target": 5})
    write_draft(in_review, responsible_office="", kpis=[incomplete_kpi])
    client.force_login(editor)

    response = client.post(action_url(in_review, "approve"))

    (message,) = error_messages(response)
    assert "Zuständiges Amt der Stadt" in message
    assert "mindestens eine Kennzahl mit Einheit, Ausgangswert und Zielwert" in message
    assert "Ziel;" not in message and "Vorgehen" not in message and "Meilenstein" not in message
    assert not is_live(in_review)


def test_the_refusal_in_the_approval_dialog_sends_the_editor_to_the_editor(
    client, in_review, researcher, editor
):
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    client.force_login(editor)

    response = client.post(action_url(in_review, "approve"), {"comment": "Passt."}, **XHR)

    assert json.loads(response.content)["redirect"] == f"/admin/pages/{in_review.pk}/edit/"
    assert any("Es fehlt" in m for m in error_messages(response))
    assert not is_live(in_review)


def test_approving_in_the_page_editor_saves_the_edits_but_refuses_an_incomplete_pilot(
    client, in_review, researcher, editor
):
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    client.force_login(editor)
    changes = {**complete_form_changes(), "responsible_office": ""}
    data = edit_form(client, in_review, **changes)

    response = client.post(
        f"/admin/pages/{in_review.pk}/edit/",
        {**data, "action-workflow-action": "true", "workflow-action-name": "approve"},
        follow=True,
    )

    assert "Zuständiges Amt der Stadt" in response.content.decode()
    assert not is_live(in_review)
    assert task_name(in_review) == EDITORIAL
    draft = PilotPage.objects.get(pk=in_review.pk).get_latest_revision_as_object()
    assert "Suchverkehr in Elberfeld halbieren" in draft.goal


def test_a_complete_pilot_is_approved_in_the_page_editor_and_goes_live(
    client, in_review, researcher, editor, django_capture_on_commit_callbacks
):
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    client.force_login(editor)
    data = edit_form(client, in_review, **complete_form_changes())

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/{in_review.pk}/edit/",
            {**data, "action-workflow-action": "true", "workflow-action-name": "approve"},
        )

    assert is_live(in_review)


def test_no_incomplete_pilot_goes_live_even_if_the_editorial_gate_is_removed(
    client, in_review, researcher, editor
):
    """The finished workflow checks again, whatever the tasks' settings."""
    PilotReviewTask.objects.filter(name=EDITORIAL).update(gate="")
    AssessmentFactory(idea=in_review.idea)
    approve(in_review, researcher)
    client.force_login(editor)

    response = client.post(action_url(in_review, "approve"))

    assert any("Es fehlt" in m for m in error_messages(response))
    assert not is_live(in_review)
    assert task_name(in_review) == EDITORIAL


def test_the_scientific_step_needs_a_published_assessment(client, in_review, researcher):
    write_draft(in_review)
    client.force_login(researcher)

    response = client.post(action_url(in_review, "approve"), follow=True)

    assert "eine veröffentlichte Machbarkeitseinschätzung zur Idee" in response.content.decode()
    assert task_name(in_review) == SCIENTIFIC

    AssessmentFactory(idea=in_review.idea, author=researcher)
    client.post(action_url(in_review, "approve"))

    assert task_name(in_review) == EDITORIAL


def test_the_scientific_step_passes_with_a_recorded_reason_shown_in_the_editor(
    client, in_review, researcher
):
    reason = "Bewährte Technik aus dem Nachbarprojekt; keine neue Einschätzung nötig."
    write_draft(in_review, no_assessment_reason=reason)
    client.force_login(researcher)
    assert reason in client.get(f"/admin/pages/{in_review.pk}/edit/").content.decode()

    client.post(action_url(in_review, "approve"))

    assert task_name(in_review) == EDITORIAL


def test_the_workflow_steps_carry_their_gates():
    workflow = Workflow.objects.get(name="Pilot-Freigabe")
    gates = {task.name: getattr(task, "gate", None) for task in workflow.tasks.specific()}
    assert gates == {"Schwelle gehalten": None, SCIENTIFIC: "assessment", EDITORIAL: "complete"}
