"""A researcher and an editor approve a pilot in the Wagtail admin; residents then see it.

The admin is JavaScript-heavy (the workflow actions sit in the footer's "Mehr Aktionen"
dropdown), so this test drives it like a person does. The public pages are then checked for
milestones, the KPI chart and accessibility.
"""

import re

import pytest
from playwright.sync_api import expect

from pilots.models import PilotMilestone, PilotPage
from pilots.services import start_pilot_review
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.conftest import log_in
from tests.factories import AssessmentFactory, EditorFactory, IdeaFactory, ResearcherFactory
from tests.pilots.builders import COMPLETE, days, kpi

PASSWORD = "ein-sicheres-passwort-42"
APPROVE = re.compile(r"^Freigeben( und Veröffentlichen)?$")


@pytest.fixture
def pilot_in_review(home):
    """A draft pilot on the researchers' task, co-written with goal, approach, the responsible
    office, milestones and a KPI; the researcher has published an assessment of its idea."""
    editor = EditorFactory(display_name="Erika Redaktion")
    researcher = ResearcherFactory(display_name="Dr. Rita Forscher")
    idea = IdeaFactory(title="Smarte Parkplatzsensoren in Elberfeld")
    AssessmentFactory(idea=idea, author=researcher)
    pilot = start_pilot_review(idea, by=editor, reason="Passt zum Förderprogramm Smart City.")
    draft = pilot.get_latest_revision_as_object()
    for name, value in COMPLETE.items():
        setattr(draft, name, value)
    draft.milestones = [
        PilotMilestone(title="Sensoren eingebaut", planned_date=days(-40), done_date=days(-38)),
        PilotMilestone(title="Offene Schnittstelle", planned_date=days(30)),
    ]
    draft.kpis = [kpi("Suchverkehr", "min", "12", "6")]
    draft.save_revision()
    return pilot, editor, researcher


def approve_in_editor(page, pilot):
    """Open the page editor and click the workflow action "Freigeben" in the footer menu."""
    page.goto(f"/admin/pages/{pilot.pk}/edit/")
    page.get_by_role("button", name="Mehr Aktionen").click()
    # On the last task Wagtail says "Freigeben und Veröffentlichen".
    with page.expect_navigation():
        page.get_by_role("button", name=APPROVE).click()


def test_researcher_and_editor_approve_and_residents_see_the_pilot(
    page, pilot_in_review, external_requests
):
    pilot, editor, researcher = pilot_in_review
    assert pilot.current_workflow_task.name == "Wissenschaftliche Prüfung"

    log_in(page, researcher.email, PASSWORD)
    approve_in_editor(page, pilot)
    pilot.refresh_from_db()
    assert pilot.current_workflow_task.name == "Redaktionelle Freigabe"
    assert not pilot.live

    # The editor finds the pilot on the dashboard and approves it there.
    page.context.clear_cookies()
    log_in(page, editor.email, PASSWORD)
    page.goto("/admin/")
    panel = page.locator("#pilot-pipeline-section")
    expect(panel).to_contain_text("Redaktionelle Freigabe")
    panel.get_by_role("link", name="Smarte Parkplatzsensoren in Elberfeld").click()
    page.wait_for_url(f"**/admin/pages/{pilot.pk}/edit/")
    approve_in_editor(page, pilot)
    pilot = PilotPage.objects.get(pk=pilot.pk)
    assert pilot.live
    assert pilot.current_workflow_state is None

    # Residents see it, with its milestones and the KPI chart, and nothing from other hosts.
    page.context.clear_cookies()
    external_requests.clear()
    page.goto("/piloten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotprojekte")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="Smarte Parkplatzsensoren in Elberfeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Smarte Parkplatzsensoren in Elberfeld"
    )
    timeline = page.locator(".pilot-timeline")
    expect(timeline).to_contain_text("Sensoren eingebaut")
    expect(timeline).to_contain_text("Offene Schnittstelle")
    chart = page.get_by_role("img", name="Suchverkehr: Messwerte und Zielwert")
    expect(chart).to_be_visible()
    expect(chart.locator("line.kpi-chart__target-line")).to_have_count(1)
    expect(page.locator("table.kpi-table")).to_contain_text("Suchverkehr")
    assert_no_serious_axe_violations(page)
    assert external_requests == []
