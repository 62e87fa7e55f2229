"""Calls for use cases: the call page, and proposing an idea into a call."""

import pytest

from ideas.models import CallForUseCasesPage, Idea
from tests.factories import (
    IdeaFactory,
    TopicFactory,
    UserFactory,
    call_for_use_cases,
    idea_form_data,
    research_group,
)

pytestmark = pytest.mark.django_db


def proposal(**overrides):
    return idea_form_data(
        title="Pegelsensoren an der Kluse",
        text="An der Wupper fehlen Messpunkte für den Pegel. LoRaWAN-Sensoren könnten warnen.",
        place="",
        **overrides,
    )


# --- The call page ---------------------------------------------------------------------------


def test_call_page_shows_question_state_groups_ideas_and_the_propose_link(client, university_index):
    topic = TopicFactory(name="Sensorik")
    call = call_for_use_cases(university_index, "Aufruf: Sensordaten", topic=topic)
    research_group(university_index, "Sensornetze und IoT", calls=[call])
    research_group(university_index, "Unbeteiligte Gruppe")
    IdeaFactory(title="Pegel an der Wupper", call=call)
    IdeaFactory(title="Nicht im Aufruf")
    IdeaFactory(title="Ausgeblendet im Aufruf", call=call, hidden=True)

    content = client.get(call.url).content.decode()

    assert "Wo helfen &lt;em&gt;Messdaten&lt;/em&gt;?" in content
    assert "Offen" in content
    assert "Sensorik" in content
    assert "Sensornetze und IoT" in content
    assert "Unbeteiligte Gruppe" not in content
    assert f'href="/ideen/neu/?aufruf={call.pk}"' in content
    assert "Idee zu diesem Aufruf einreichen" in content
    assert "Pegel an der Wupper" in content
    assert "Nicht im Aufruf" not in content
    assert "Ausgeblendet im Aufruf" not in content
    assert "1 Idee zu diesem Aufruf" in content


def test_closed_call_page_has_no_propose_button(client, university_index):
    call = call_for_use_cases(university_index, "Alter Aufruf", deadline_days=-1)
    content = client.get(call.url).content.decode()
    assert "Abgeschlossen" in content
    assert "Idee zu diesem Aufruf einreichen" not in content


def test_open_calls_are_the_live_ones_whose_deadline_has_not_passed(university_index):
    today = call_for_use_cases(university_index, "Heute zu Ende", deadline_days=0)
    later = call_for_use_cases(university_index, "Später zu Ende", deadline_days=10)
    call_for_use_cases(university_index, "Gestern zu Ende", deadline_days=-1)
    draft = call_for_use_cases(university_index, "Entwurf")
    draft.unpublish()

    assert list(CallForUseCasesPage.open_calls()) == [today, later]


def test_english_call_page_links_to_the_english_propose_form(client, university_index):
    call = call_for_use_cases(university_index)
    content = client.get(f"/en{call.url}").content.decode()
    assert f'href="/en/ideen/neu/?aufruf={call.pk}"' in content


# --- Proposing into a call -------------------------------------------------------------------


def test_the_propose_link_of_a_call_page_preselects_the_call(client, university_index):
    call = call_for_use_cases(university_index)
    client.force_login(UserFactory())
    link = f"/ideen/neu/?aufruf={call.pk}"
    assert link in client.get(call.url).content.decode()
    content = client.get(link).content.decode()
    assert "Sie reichen Ihre Idee zum Aufruf „Aufruf: Sensordaten“ ein." in content
    assert f'<input type="hidden" name="call" value="{call.pk}"' in content


def test_idea_proposed_with_a_call_ends_up_in_the_call(client, resident, university_index):
    call = call_for_use_cases(university_index)
    client.force_login(resident)
    preview = client.post("/ideen/neu/", proposal(call=call.pk, action="preview")).content.decode()
    assert f'name="call" value="{call.pk}"' in preview
    assert "Zum Aufruf „Aufruf: Sensordaten“" in preview

    response = client.post("/ideen/neu/", proposal(call=call.pk, action="publish"))

    assert response.status_code == 302
    assert Idea.objects.get().call_id == call.pk


def test_closed_calls_take_no_ideas(client, resident, university_index):
    closed = call_for_use_cases(university_index, "Alter Aufruf", deadline_days=-1)
    call_for_use_cases(university_index, "Offener Aufruf")
    client.force_login(resident)
    content = client.get(f"/ideen/neu/?aufruf={closed.pk}").content.decode()
    assert "Alter Aufruf" not in content
    assert "Offener Aufruf" in content  # the open call is offered in a select

    response = client.post("/ideen/neu/", proposal(call=closed.pk, action="publish"))
    assert response.status_code == 200
    assert "Dieser Aufruf nimmt keine Ideen mehr an" in response.content.decode()
    assert Idea.objects.count() == 0


def test_idea_form_has_no_call_field_when_no_call_is_open(client, resident):
    client.force_login(resident)
    assert 'name="call"' not in client.get("/ideen/neu/").content.decode()
