"""The demo university: groups, members, one open call with ideas, assessments, a partnership."""

import pytest
from django.core import mail
from django.utils import translation
from wagtail.models import Page

from demo import accounts as demo_accounts
from demo import ideas as demo_ideas
from demo import university as demo_university
from ideas.models import CallForUseCasesPage, Idea
from research.models import (
    Assessment,
    PartnerOffer,
    ResearcherProfile,
    ResearchGroupPage,
    UniversityIndexPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        demo_accounts.load()
        demo_ideas.load()
        demo_university.load()
    mail.outbox.clear()


def test_demo_content_is_complete_and_idempotent(loaded, django_capture_on_commit_callbacks):
    index = UniversityIndexPage.objects.get(locale__language_code="de")
    assert index.url == "/universitaet/"
    groups = ResearchGroupPage.objects.live().filter(locale=index.locale).order_by("title")
    assert [g.title for g in groups] == [
        "Sensornetze und IoT",
        "Verkehrsplanung und Mobilität",
        "Verwaltungsinformatik",
    ]
    login = groups.get(title="Verkehrsplanung und Mobilität").members.get()
    assert login.email == "forscher@uni-wuppertal.de"
    open_calls = [
        c for c in CallForUseCasesPage.objects.live().filter(locale=index.locale) if c.is_open
    ]
    assert len(open_calls) == 1
    assert Idea.objects.filter(call=open_calls[0]).count() == 2
    assert Assessment.objects.count() == 2
    assert PartnerOffer.objects.filter(state="accepted").count() == 1
    for idea in Idea.objects.filter(assessment_count__gt=0):
        assert idea.assessment_count == idea.assessments.count()

    def counts():
        return (
            Page.objects.count(),
            Assessment.objects.count(),
            PartnerOffer.objects.count(),
            ResearcherProfile.objects.count(),
        )

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        summary = demo_university.load()
    assert "0 Seiten neu" in summary
    assert mail.outbox == []
    assert counts() == before


def test_demo_university_has_an_english_index_groups_and_calls(client, loaded):
    english = UniversityIndexPage.objects.get(locale__language_code="en")
    assert english.live and english.url == "/en/university/"
    groups = ResearchGroupPage.objects.live().filter(locale=english.locale).order_by("title")
    assert [g.title for g in groups] == [
        "Public Sector Informatics",
        "Sensor Networks and IoT",
        "Transport Planning and Mobility",
    ]
    # Members stay on the German group: the English page shows them from there.
    assert not groups.get(slug="transport-planning-and-mobility").members.exists()
    calls = CallForUseCasesPage.objects.live().filter(locale=english.locale)
    assert {c.title for c in calls} == {
        "Call: sensor data for a liveable city",
        "Call: digital public services",
    }

    content = client.get("/en/university/").content.decode()
    assert "Sensor Networks and IoT" in content and "Sensornetze und IoT" not in content
    assert "Call: sensor data for a liveable city" in content
    group = client.get("/en/university/sensor-networks-and-iot/").content.decode()
    assert "Dr. Leonie Schmitz" in group  # a member of the German group
    assert "Wasserstandssensoren an der Wupper" in group  # the ideas it assessed
    assert "Call: sensor data for a liveable city" in group
    call = client.get("/en/university/call-sensor-data-for-the-city/").content.decode()
    assert "Sensor Networks and IoT" in call
    assert "Parkleitsystem mit Sensoren für die Elberfelder Innenstadt" in call  # its ideas
    german_call = CallForUseCasesPage.objects.get(slug="aufruf-sensordaten-fuer-die-stadt")
    assert f"?aufruf={german_call.pk}" in call  # ideas answer the German call


def test_demo_university_pages_render_without_members_addresses(client, loaded):
    assert client.get("/universitaet/").status_code == 200
    for page in [*ResearchGroupPage.objects.live(), *CallForUseCasesPage.objects.live()]:
        with translation.override("de"):  # each page at its own address
            url = page.url
        response = client.get(url)
        assert response.status_code == 200, url
        assert "@uni-wuppertal.de" not in response.content.decode()
    with translation.override("de"):
        sensor_group = ResearchGroupPage.objects.get(slug="sensornetze-und-iot").url
    content = client.get(sensor_group).content.decode()
    assert "Wasserstandssensoren an der Wupper" in content
    assert "Prof. Dr. Jonas Weber" in content
    assert client.get("/en/university/").status_code == 200
