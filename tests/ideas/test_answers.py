"""The editors' answer to an idea: status, public reason, scores, and the author's mail."""

import re

import pytest

from ideas import services
from ideas.models import Idea, IdeaStatusChange, OfficialAnswer
from tests.factories import FollowFactory, IdeaFactory
from tests.forms import choice_value, choices, form_data
from tests.ideas.admin_helpers import answer_data, answer_url

pytestmark = pytest.mark.django_db

DECLINE_NOTE = "Die Fläche gehört dem Land; die Stadt darf dort nichts aufstellen."


# --- Answer and status -------------------------------------------------------------------------


def test_declining_with_a_reason_sets_status_history_answer_and_mails_the_author(
    editor_client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    idea = IdeaFactory()
    data = answer_data(
        status=Idea.Status.DECLINED,
        status_note=DECLINE_NOTE,
        text="Vielen Dank für den Vorschlag. Leider können wir ihn nicht umsetzen.",
        legal="1",
        legal_note="Landesfläche",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(answer_url(idea), data)

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DECLINED
    assert idea.decline_reason == DECLINE_NOTE
    change = IdeaStatusChange.objects.filter(idea=idea).latest("created")
    assert (change.from_status, change.to_status) == (Idea.Status.PUBLISHED, Idea.Status.DECLINED)
    assert change.note == DECLINE_NOTE
    assert change.changed_by == editor
    answer = OfficialAnswer.objects.get(idea=idea)
    assert answer.text.startswith("Vielen Dank")
    assert (answer.legal, answer.legal_note, answer.impact) == (1, "Landesfläche", None)
    assert answer.answered_by == editor
    to_author = [mail for mail in mailoutbox if mail.to == [idea.author.email]]
    assert to_author
    assert any(DECLINE_NOTE in mail.body for mail in to_author)


def test_declining_without_a_reason_shows_a_form_error_and_changes_nothing(
    editor_client, mailoutbox, django_capture_on_commit_callbacks
):
    idea = IdeaFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            answer_url(idea),
            answer_data(status=Idea.Status.DECLINED, text="Leider nicht möglich."),
        )

    assert response.status_code == 200
    assert "Eine Ablehnung braucht eine öffentliche Begründung" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    assert not IdeaStatusChange.objects.filter(idea=idea).exists()
    assert not OfficialAnswer.objects.filter(idea=idea).exists()
    assert mailoutbox == []


def test_status_change_without_answer_follows_the_lifecycle(editor_client):
    idea = IdeaFactory()

    editor_client.post(answer_url(idea), answer_data(status=Idea.Status.IN_REVIEW))
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW
    assert not OfficialAnswer.objects.filter(idea=idea).exists()

    refused = editor_client.post(answer_url(idea), answer_data(status=Idea.Status.SUBMITTED))
    assert refused.status_code == 200
    assert "nur diese Status möglich" in refused.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_REVIEW


def test_scores_need_a_score_when_a_note_is_given(editor_client):
    idea = IdeaFactory()

    response = editor_client.post(
        answer_url(idea), answer_data(text="Wir prüfen das.", cost_note="teuer")
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie eine Bewertung von 1 bis 5" in response.content.decode()
    assert not OfficialAnswer.objects.exists()


def test_editor_scores_in_words_and_residents_read_the_same_words(editor_client, client):
    idea = IdeaFactory()
    html = editor_client.get(answer_url(idea)).content.decode()
    assert choices(html, "cost") == [
        ("", "keine Bewertung"),
        ("1", "1 – sehr hohe Kosten"),
        ("2", "2 – hohe Kosten"),
        ("3", "3 – mittlere Kosten"),
        ("4", "4 – geringe Kosten"),
        ("5", "5 – sehr geringe Kosten"),
    ]
    assert "Bei den Kosten heißt 5 also: sehr geringe Kosten." in html
    data = form_data(html)
    data.update(
        text="Wir setzen das im Frühjahr um.",
        impact=choice_value(html, "impact", "4 – hohe Wirkung"),
        impact_note="Viele Pendler",
        cost=choice_value(html, "cost", "5 – sehr geringe Kosten"),
        cost_note="Vorhandene Technik",
    )

    response = editor_client.post(answer_url(idea), data)

    assert response.status_code == 302
    answer = OfficialAnswer.objects.get(idea=idea)
    assert (answer.impact, answer.cost, answer.feasibility) == (4, 5, None)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>4 von 5 – hohe Wirkung</strong>" in page
    assert "<strong>5 von 5 – sehr geringe Kosten</strong>" in page
    assert "Bei den Kosten heißt 5 also: sehr geringe Kosten." in page
    assert "Machbarkeit</th>" not in page
    admin = editor_client.get(answer_url(idea)).content.decode()
    assert "Kosten: 5 von 5 – sehr geringe Kosten – Vorhandene Technik" in admin


def test_a_score_outside_the_scale_is_refused(editor_client):
    idea = IdeaFactory()
    response = editor_client.post(answer_url(idea), answer_data(text="Wir prüfen das.", cost="6"))
    assert response.status_code == 200
    assert not OfficialAnswer.objects.exists()


def test_saving_nothing_new_is_explained(editor_client):
    idea = IdeaFactory()

    response = editor_client.post(answer_url(idea), answer_data())

    assert response.status_code == 200
    assert "Es gibt nichts zu speichern" in response.content.decode()


# --- Saving an answer never changes the status by accident ------------------------------------


def submitted_status(html):
    """What the browser sends for the untouched status <select>: its selected option, or the
    first one when none is selected."""
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"([^>]*)>', select)
    chosen = [value for value, attributes in options if "selected" in attributes]
    return (chosen or [options[0][0]])[0], [value for value, _attributes in options]


@pytest.mark.parametrize("status", Idea.Status.values)
def test_answering_keeps_the_status_the_idea_has(
    status, editor_client, mailoutbox, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(status=status)
    follower = FollowFactory(idea=idea).user
    html = editor_client.get(answer_url(idea)).content.decode()
    sent, offered = submitted_status(html)

    assert sent == status
    assert set(offered) == {status, *services.TRANSITIONS[status]}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            answer_url(idea), answer_data(status=sent, text="Danke, wir prüfen das im Amt.")
        )

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == status
    assert not IdeaStatusChange.objects.filter(idea=idea, changed_by__isnull=False).exists()
    assert OfficialAnswer.objects.get(idea=idea).text == "Danke, wir prüfen das im Amt."
    assert not any("Status" in mail.subject for mail in mailoutbox if follower.email in mail.to)
    public = editor_client.get(idea.get_absolute_url())
    assert public.status_code == 200


def test_a_status_the_lifecycle_does_not_allow_is_refused_with_a_message(editor_client):
    idea = IdeaFactory(status=Idea.Status.PILOT)

    response = editor_client.post(
        answer_url(idea), answer_data(status=Idea.Status.SUBMITTED, text="Zurück auf Anfang.")
    )

    assert response.status_code == 200
    assert "nur diese Status möglich: Abgelehnt, Umgesetzt" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PILOT
    assert not OfficialAnswer.objects.filter(idea=idea).exists()


PUBLIC_STATUSES = [s for s in Idea.Status.values if s not in Idea.NON_PUBLIC_STATUSES]


@pytest.mark.parametrize("status", PUBLIC_STATUSES)
def test_no_answer_takes_a_public_idea_out_of_view(status, editor_client):
    """The lifecycle has no way back to "submitted": a crafted POST is refused, the idea stays
    on its public page (leaving view happens only by hiding, with a reason, or by merging)."""
    idea = IdeaFactory(status=status)
    _sent, offered = submitted_status(editor_client.get(answer_url(idea)).content.decode())

    assert not set(offered) & set(Idea.NON_PUBLIC_STATUSES)
    response = editor_client.post(
        answer_url(idea), answer_data(status=Idea.Status.SUBMITTED, text="Zurück auf Anfang.")
    )

    assert response.status_code == 200
    assert (
        f"aus {'ist kein Statuswechsel' if not offered[1:] else 'sind nur diese Status'} möglich"
        in response.content.decode()
    )
    assert editor_client.get(idea.get_absolute_url()).status_code == 200
