"""The loop to the end: every change of a pilot's status is announced, "made permanent"
implements the idea, "stopped" shows its public reason on both pages, and a milestone marked
done counts as done today (issue 11, item 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from discussion.models import Comment
from ideas import services as idea_services
from ideas.models import Idea, Support
from pilots.models import PilotMilestone, PilotPage
from tests.factories import IdeaFactory, UserFactory
from tests.pilots.builders import make_pilot, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home):
    """An idea's author, a supporter who follows nothing, a follower and a commenter."""
    author = UserFactory(display_name="Paula Parken")
    supporter = UserFactory(display_name="Sven Stütze", follow_supported=False)
    follower = UserFactory(display_name="Fritz Folger")
    commenter = UserFactory(display_name="Katrin Kommentar")
    idea = IdeaFactory(title="Parkleitsystem für Elberfeld", author=author)
    idea_services.support_idea(supporter, idea)
    idea_services.follow(follower, idea)
    return idea, {
        "author": author,
        "supporter": supporter,
        "follower": follower,
        "commenter": commenter,
    }


@pytest.fixture
def pilot(people, django_capture_on_commit_callbacks, mailoutbox):
    idea, persons = people
    with django_capture_on_commit_callbacks(execute=True):
        page = make_pilot(
            "Smarte Parkplatzsensoren",
            idea=idea,
            status=PilotPage.Status.PREPARING,
            milestones=[("Sensoren eingebaut", -5, None), ("Auswertung", 60, None)],
        )
    Comment.objects.create(
        content_object=page,
        site_id=1,
        user=persons["commenter"],
        user_name="Katrin Kommentar",
        comment="Wann kommen die Sensoren in die Nordstadt?",
    )
    assert Support.objects.filter(idea=idea, user=persons["supporter"]).exists()
    mailoutbox.clear()
    return page


def set_status(page, capture, status, reason=""):
    page = PilotPage.objects.get(pk=page.pk)
    page.pilot_status = status
    page.status_reason = reason
    with capture(execute=True):
        publish(page)
    return page


def addressed(mails, fragment):
    return sorted(address for mail in mails if fragment in mail.subject for address in mail.to)


@pytest.mark.parametrize(
    "status, label",
    [
        (PilotPage.Status.RUNNING, "Läuft"),
        (PilotPage.Status.EVALUATING, "In Auswertung"),
        (PilotPage.Status.COMPLETED, "Abgeschlossen"),
        (PilotPage.Status.PERMANENT, "Verstetigt"),
    ],
)
def test_every_status_change_is_announced_to_author_supporters_followers_and_commenters(
    pilot, people, django_capture_on_commit_callbacks, mailoutbox, status, label
):
    _idea, persons = people
    set_status(pilot, django_capture_on_commit_callbacks, status)

    subject = f"„Smarte Parkplatzsensoren“: {label}"
    assert addressed(mailoutbox, subject) == sorted(p.email for p in persons.values())
    mail = next(m for m in mailoutbox if subject in m.subject)
    assert f"hat einen neuen Stand: {label} (vorher: In Vorbereitung)" in mail.body

    mailoutbox.clear()
    set_status(pilot, django_capture_on_commit_callbacks, status)  # published again, unchanged
    assert addressed(mailoutbox, subject) == []


def test_the_announcement_speaks_the_recipients_language(
    pilot, people, django_capture_on_commit_callbacks, mailoutbox
):
    _idea, persons = people
    persons["follower"].language = "en"
    persons["follower"].save(update_fields=["language"])
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.RUNNING)
    [mail] = [m for m in mailoutbox if m.to == [persons["follower"].email]]
    assert "Running" in mail.subject
    assert "Läuft" not in mail.body


def test_made_permanent_implements_the_idea(
    client, pilot, people, django_capture_on_commit_callbacks
):
    idea, _persons = people
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.RUNNING)
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.PERMANENT)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Umgesetzt" in html
    assert "Verstetigt" in html

    # A later publish (news, say) does not take the idea back to "pilot".
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.PERMANENT)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED


def test_stopping_needs_a_public_reason_shown_on_both_pages_and_in_the_mail(
    client, pilot, people, django_capture_on_commit_callbacks, mailoutbox
):
    idea, persons = people
    page = PilotPage.objects.get(pk=pilot.pk)
    page.pilot_status = PilotPage.Status.STOPPED
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "status_reason" in refused.value.message_dict

    reason = "Die Sensoren lieferten im Winter keine verlässlichen Daten."
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.STOPPED, reason)

    pilot_html = client.get(pilot.url).content.decode()
    assert "Das Pilotprojekt ist gestoppt" in pilot_html
    assert reason in pilot_html
    idea_html = client.get(idea.get_absolute_url()).content.decode()
    assert "Gestoppt, weil:" in idea_html
    assert reason in idea_html
    [mail] = [m for m in mailoutbox if m.to == [persons["supporter"].email]]
    assert "Gestoppt" in mail.subject
    assert reason in mail.body


def test_a_milestone_marked_done_without_a_date_is_done_today(
    client, pilot, people, django_capture_on_commit_callbacks, mailoutbox
):
    idea, persons = people
    page = PilotPage.objects.get(pk=pilot.pk)
    milestones = list(page.milestones.all())
    milestones[0].status = PilotMilestone.Status.DONE
    milestones[0].full_clean(exclude=["page"])  # what the admin form does
    page.milestones = milestones
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    done = PilotMilestone.objects.get(page=pilot, title="Sensoren eingebaut")
    assert done.done_date == timezone.localdate()
    page = PilotPage.objects.get(pk=pilot.pk)
    assert page.progress() == 50
    assert page.overdue_milestones() == []
    html = client.get(pilot.url).content.decode()
    assert "Termin überschritten" not in html
    assert "1 von 2 Meilensteinen erledigt" in html
    assert addressed(mailoutbox, "Meilenstein „Sensoren eingebaut“ erreicht") == sorted(
        [persons["author"].email, persons["follower"].email]
    )


def test_the_idea_page_shows_the_pilots_status_and_progress(
    client, pilot, people, django_capture_on_commit_callbacks
):
    idea, _persons = people
    set_status(pilot, django_capture_on_commit_callbacks, PilotPage.Status.RUNNING)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert 'pilot-status pilot-status--running"><span class="kern-label">Läuft<' in html
    assert '<progress max="100" value="0"' in html
    assert "0 % erreicht" in html


def test_marked_done_in_the_page_editor_without_a_date_is_done_today(
    client, home, editor, django_capture_on_commit_callbacks
):
    from wagtail.test.utils.form_data import inline_formset

    from tests.pilots.builders import COMPLETE, complete_form_changes, edit_form, kpi

    page = make_pilot(
        "Pegelsensoren an der Wupper",
        milestones=[("Sensoren montiert", -3, None)],
        kpis=[kpi()],
        **COMPLETE,
    )
    milestone = page.milestones.get()
    client.force_login(editor)
    changes = complete_form_changes()
    changes["milestones"] = inline_formset(
        [
            {
                "id": str(milestone.pk),
                "title": "Sensoren montiert",
                "status": "done",
                "planned_date": milestone.planned_date.isoformat(),
                "done_date": "",
                "description": "",
            }
        ],
        initial=1,
    )
    data = edit_form(client, page, **changes)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302

    milestone = PilotMilestone.objects.get(page=page)
    assert milestone.done_date == timezone.localdate()
    revision = PilotPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [m.done_date for m in revision.milestones.all()] == [timezone.localdate()]
    html = client.get(page.url).content.decode()
    assert "Termin überschritten" not in html
    assert "100 % erreicht" in html
