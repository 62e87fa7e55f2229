"""The university pages in English: the index lists English groups and calls with German
fallback; an English group shows the German group's members, calls and ideas; an English call
collects ideas for the German one."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from ideas.models import Idea
from research.models import ResearchGroupPage
from tests.factories import (
    AssessmentFactory,
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    call_for_use_cases,
    research_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def translate(page, locale, **fields):
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save()
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def english_index(home, university_index, english):
    translate(home, english, title="Get involved")
    return translate(university_index, english, title="University", slug="university")


def html(client, url):
    with translation.override("de"):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_index_lists_english_groups_and_calls_and_german_ones_without_translation(
    client, university_index, english_index, english
):
    sensors = research_group(university_index, "Sensornetze und IoT")
    research_group(university_index, "Verwaltungsinformatik")
    translate(sensors, english, title="Sensor Networks and IoT", slug="sensor-networks")
    call = call_for_use_cases(university_index, "Aufruf: Sensordaten")
    translate(call, english, title="Call: sensor data", slug="call-sensor-data")

    page = html(client, "/en/university/")

    assert "Sensor Networks and IoT" in page and "Sensornetze und IoT" not in page
    assert "Verwaltungsinformatik" in page  # not translated: the German group
    assert "Call: sensor data" in page and "Aufruf: Sensordaten" not in page
    german = html(client, "/universitaet/")
    assert "Sensornetze und IoT" in german and "Sensor Networks and IoT" not in german


def test_english_group_shows_the_german_groups_members_calls_and_ideas(
    client, university_index, english_index, english
):
    member = ResearcherFactory(display_name="Dr. Leonie Schmitz")
    call = call_for_use_cases(university_index, "Aufruf: Sensordaten")
    group = research_group(university_index, members=[member], calls=[call])
    translate(call, english, title="Call: sensor data", slug="call-sensor-data")
    AssessmentFactory(idea=IdeaFactory(title="Pegelsensoren an der Wupper"), author=member)
    translated = translate(group, english, title="Sensor Networks and IoT", slug="sensors")

    page = html(client, "/en/university/sensors/")

    assert not translated.members.exists()  # members stay on the German group
    assert "Dr. Leonie Schmitz" in page
    assert "Call: sensor data" in page
    assert "Pegelsensoren an der Wupper" in page
    # The researcher's groups are the German pages, once.
    assert list(ResearchGroupPage.objects.filter(members=member)) == [group]


def test_english_call_collects_ideas_for_the_german_call(
    client, university_index, english_index, english, resident
):
    call = call_for_use_cases(university_index, "Aufruf: Sensordaten")
    research_group(university_index, "Sensornetze und IoT", calls=[call])
    IdeaFactory(title="Pegelsensoren an der Wupper", call=call)
    translate(call, english, title="Call: sensor data", slug="call-sensor-data")

    page = html(client, "/en/university/call-sensor-data/")

    assert "Pegelsensoren an der Wupper" in page
    assert "Sensornetze und IoT" in page  # the group has no translation: German
    assert f"?aufruf={call.pk}" in page
    client.force_login(resident)
    form = html(client, f"/en/ideen/neu/?aufruf={call.pk}")
    assert "Aufruf: Sensordaten" in form  # the idea answers the German call
    assert Idea.objects.filter(call=call).count() == 1


def test_editor_translates_a_group_in_the_admin_without_copying_its_members(
    client, university_index, english_index, english
):
    member = ResearcherFactory(display_name="Dr. Leonie Schmitz")
    group = research_group(university_index, members=[member])
    client.force_login(EditorFactory())

    response = client.post(f"/admin/translation/submit/page/{group.pk}/", {"locales": [english.pk]})

    translated = ResearchGroupPage.objects.get(
        locale=english, translation_key=group.translation_key
    )
    assert response["Location"] == f"/admin/pages/{translated.pk}/edit/"
    assert translated.get_parent().pk == english_index.pk
    assert not translated.members.exists()
    assert client.get(response["Location"]).status_code == 200
