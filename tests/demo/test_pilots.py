"""The demo pilots: three live pilots, one in review, idempotent, each event mailed once."""

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, Revision

from ideas.models import Idea, OfficialAnswer
from participation.accounts.models import User
from pilots.models import PilotNotice, PilotPage
from tests.factories import AssessmentFactory
from tests.ideas.admin_helpers import answer_data, answer_url, idea_url
from tests.pilots.builders import complete_form_changes, edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path, django_capture_on_commit_callbacks, mailoutbox):
    """The demo site, and the mails loading it sent (``demo_content`` discards them)."""
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    return mailoutbox


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "notices": PilotNotice.objects.count(),
        "ideas": Idea.objects.count(),
    }


def german_pilots():
    return PilotPage.objects.filter(locale__language_code="de")


def test_three_live_pilots_from_the_citys_themes(loaded):
    live = {page.title: page for page in german_pilots().live()}
    assert set(live) == {
        "Smarte Parkplatzsensoren in Elberfeld",
        "LoRaWAN-Pegelsensoren an der Wupper",
        "Glasfaser für Weiße Flecken in Cronenberg",
    }

    parking = live["Smarte Parkplatzsensoren in Elberfeld"]
    assert parking.pilot_status == PilotPage.Status.RUNNING
    assert {p.kind for p in parking.partners.all()} >= {"utility", "research"}
    search = next(row for row in parking.kpi_rows() if row["name"] == "Suchverkehr")
    assert (search["unit"], search["baseline"], search["target"]) == ("min", 12, 6)
    assert len(search["measurements"]) == 4
    assert any(row["name"] == "Auslastung erkannt" for row in parking.kpi_rows())
    assert parking.updates.count() == 3
    milestones = list(parking.milestones.all())
    assert len(milestones) == 5 and sum(1 for m in milestones if m.done_date) == 3
    assert parking.overdue_milestones()  # something for the editors' dashboard

    water = live["LoRaWAN-Pegelsensoren an der Wupper"]
    assert water.pilot_status == PilotPage.Status.PLANNED
    assert water.milestones.exists()
    assert not water.milestones.filter(done_date__isnull=False).exists()

    fibre = live["Glasfaser für Weiße Flecken in Cronenberg"]
    assert fibre.pilot_status == PilotPage.Status.PERMANENT
    assert fibre.evaluation_decision == PilotPage.Decision.PERMANENT

    # A pilot made permanent has implemented its idea.
    assert fibre.idea.status == Idea.Status.IMPLEMENTED
    for page in live.values():
        expected = Idea.Status.IMPLEMENTED if page == fibre else Idea.Status.PILOT
        assert page.idea is not None and page.idea.status == expected
        assert page.topic_id and page.district_id


def test_each_live_demo_pilot_has_an_english_translation_with_the_same_facts(loaded):
    english = {
        page.title: page for page in PilotPage.objects.live().filter(locale__language_code="en")
    }
    assert set(english) == {
        "Smart parking sensors in Elberfeld",
        "LoRaWAN water level sensors on the Wupper",
        "Fibre broadband for the unserved areas of Cronenberg",
    }
    parking = english["Smart parking sensors in Elberfeld"]
    german = parking.get_translation(german_pilots().first().locale)
    assert german.title == "Smarte Parkplatzsensoren in Elberfeld"
    assert parking.url == "/en/pilots/smart-parking-sensors-elberfeld/"
    assert (parking.idea_id, parking.pilot_status, parking.start_date) == (
        german.idea_id,
        german.pilot_status,
        german.start_date,
    )
    milestones = list(parking.milestones.all())
    assert milestones[1].title == "240 ground sensors installed"
    assert [(m.planned_date, m.done_date, m.status) for m in milestones] == [
        (m.planned_date, m.done_date, m.status) for m in german.milestones.all()
    ]
    rows = parking.kpi_rows()
    assert rows[0]["name"] == "Time spent searching"
    assert rows[0]["measurements"] == german.kpi_rows()[0]["measurements"]
    assert parking.updates.first().title == "All sensors are in place"


def test_live_demo_pilots_have_what_the_review_requires(loaded):
    for page in PilotPage.objects.live():
        assert page.missing_for_scientific_approval() == [], page.title
        assert page.missing_for_publication() == [], page.title
        assert page.responsible_office


def test_one_more_idea_waits_in_scientific_review(loaded):
    drafts = PilotPage.objects.filter(live=False)
    assert drafts.count() == 1
    draft = drafts.get()
    assert draft.current_workflow_task.name == "Wissenschaftliche Prüfung"
    assert draft.idea.status == Idea.Status.IN_REVIEW

    # The demo researcher decides this step; the demo editor may neither approve nor publish.
    task = draft.current_workflow_task.specific
    editor = User.objects.get(email="redaktion@example.org")
    researcher = User.objects.get(email="forscher@uni-wuppertal.de")
    assert task.get_actions(draft, editor) == []
    assert "approve" in {name for name, _label, _modal in task.get_actions(draft, researcher)}
    assert not draft.permissions_for_user(editor).can_publish()


def test_demo_ideas_still_collecting_support_stay_untouched(loaded):
    short = Idea.objects.filter(title="Glasfaser für die weißen Flecken in Cronenberg").first()
    if short is None:
        pytest.skip("ideas.demo has no such idea (any more)")
    assert short.status == Idea.Status.PUBLISHED
    assert not PilotPage.objects.filter(idea=short).exists()


def test_followers_hear_about_the_demo_pilots(loaded):
    assert any("Neues Pilotprojekt" in mail.subject for mail in loaded)
    assert any("Meilenstein" in mail.subject for mail in loaded)


def test_loading_again_creates_nothing_and_sends_nothing(
    loaded, django_capture_on_commit_callbacks
):
    before = counts()
    loaded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
        # Even publishing a demo pilot again tells nobody anything twice.
        page = german_pilots().live().get(title="Glasfaser für Weiße Flecken in Cronenberg")
        page.save_revision().publish()
    assert loaded == []
    after = counts()
    assert after == {**before, "revisions": before["revisions"] + 1}


def test_demo_pages_render(client, loaded):
    assert client.get("/piloten/").status_code == 200
    assert client.get("/en/pilots/").status_code == 200
    for page in PilotPage.objects.live():
        with translation.override("de"):  # each page at its own address
            url = page.url
        html = client.get(url).content.decode()
        assert page.title in html
    assert client.get("/admin/").status_code in (200, 302)


def log_in(client, email):
    client.logout()
    response = client.post("/konto/login/", {"login": email, "password": "mitwirken-demo"})
    assert response.status_code == 302, email


def test_the_plain_demo_editor_answers_and_takes_the_review_pilot_live(
    client, loaded, django_capture_on_commit_callbacks
):
    """What the demo editor does without superuser rights: answers and statuses, the pilots,
    the editorial step of "Pilot-Freigabe" (after the demo researcher's scientific step)."""
    editor = User.objects.get(email="redaktion@example.org")
    assert not editor.is_superuser
    idea = Idea.objects.filter(status=Idea.Status.PUBLISHED, hidden=False).first()
    draft = PilotPage.objects.get(live=False)
    live = PilotPage.objects.live().first()

    log_in(client, "redaktion@example.org")
    assert client.get(idea_url("list")).status_code == 200
    assert client.get(answer_url(idea)).status_code == 200
    response = client.post(
        answer_url(idea),
        answer_data(status=Idea.Status.PUBLISHED, text="Die Stadt prüft den Vorschlag."),
    )
    assert response.status_code == 302
    assert OfficialAnswer.objects.filter(idea=idea).exists()
    assert client.get(f"/admin/pages/{live.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200

    log_in(client, "forscher@uni-wuppertal.de")
    AssessmentFactory(idea=draft.idea, author=User.objects.get(email="forscher@uni-wuppertal.de"))
    state = draft.current_workflow_task_state
    client.post(f"/admin/pages/workflow/action/{draft.pk}/approve/{state.pk}/")
    draft = PilotPage.objects.get(pk=draft.pk)
    assert draft.current_workflow_task.name == "Redaktionelle Freigabe"

    log_in(client, "redaktion@example.org")
    data = edit_form(client, draft, **complete_form_changes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{draft.pk}/edit/",
            {**data, "action-workflow-action": "true", "workflow-action-name": "approve"},
        )
    assert response.status_code == 302
    assert PilotPage.objects.get(pk=draft.pk).live
