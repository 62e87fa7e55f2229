"""The university pages (/universitaet/): the index with groups and calls, and each research
group with its members, calls and ideas."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Idea
from tests.factories import (
    AssessmentFactory,
    IdeaFactory,
    PartnerOfferFactory,
    ResearcherFactory,
    ResearcherProfileFactory,
    TopicFactory,
    call_for_use_cases,
    research_group,
)

pytestmark = pytest.mark.django_db


def test_index_lists_groups_open_and_past_calls(client, university_index):
    topic = TopicFactory(name="Sensorik & LoRaWAN")
    research_group(university_index, "Sensornetze und IoT", topics=[topic])
    call_for_use_cases(university_index, "Aufruf: Sensordaten", topic=topic)
    call_for_use_cases(university_index, "Aufruf: Bürgerdienste", deadline_days=-10)

    response = client.get("/universitaet/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Stadt und Uni arbeiten zusammen." in content
    assert "Sensornetze und IoT" in content
    open_part, past_part = content.split("Abgeschlossene Aufrufe")
    assert "Aufruf: Sensordaten" in open_part.split("Forschungsgruppen")[0]
    assert "Aufruf: Bürgerdienste" in past_part
    assert "Offen bis" in content


def test_group_page_shows_members_by_public_name_never_their_emails(client, university_index):
    member = ResearcherFactory(display_name="Dr. Leonie Schmitz", email="leonie@uni-wuppertal.de")
    ResearcherProfileFactory(user=member, bio="Sensorik.")
    topic = TopicFactory(name="Umwelt & Klima", slug="umwelt-klima")
    group = research_group(
        university_index, "Sensornetze und IoT", members=[member], topics=[topic]
    )

    content = client.get(group.url).content.decode()

    assert "Dr. Leonie Schmitz" in content
    assert "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in content
    assert "leonie@uni-wuppertal.de" not in content
    assert "@uni-wuppertal.de" not in content
    assert "https://orcid.org/0000-0002-1825-0097" in content
    assert "Umwelt &amp; Klima" in content
    assert "mailto:gruppe@example.org" in content  # the group's own contact address


def test_group_page_shows_the_calls_the_group_stands_behind(client, university_index):
    ours = call_for_use_cases(university_index, "Aufruf: Sensordaten")
    call_for_use_cases(university_index, "Aufruf einer anderen Gruppe")
    group = research_group(university_index, calls=[ours])

    content = client.get(group.url).content.decode()

    assert "Aufruf: Sensordaten" in content
    assert "Aufruf einer anderen Gruppe" not in content


def test_group_page_lists_ideas_assessed_by_members_or_partnered_automatically(
    client, university_index
):
    member, outsider = ResearcherFactory(), ResearcherFactory()
    group = research_group(university_index, "Sensornetze und IoT", members=[member])
    assessed = IdeaFactory(title="Von einem Mitglied eingeschätzt")
    partnered = IdeaFactory(title="Partnerschaft der Gruppe")
    declined = IdeaFactory(title="Abgelehntes Angebot")
    other = IdeaFactory(title="Von Fremden eingeschätzt")
    hidden = IdeaFactory(title="Ausgeblendete Idee")
    AssessmentFactory(idea=assessed, author=member)
    AssessmentFactory(idea=other, author=outsider)
    AssessmentFactory(idea=hidden, author=member)
    Idea.objects.filter(pk=hidden.pk).update(hidden=True)  # hidden after it was assessed
    PartnerOfferFactory(idea=partnered, offered_by=outsider, group=group, state="accepted")
    PartnerOfferFactory(idea=declined, offered_by=outsider, group=group, state="declined")
    # Two reasons for the same idea list it once.
    PartnerOfferFactory(idea=assessed, offered_by=member, group=group, state="accepted")

    content = client.get(group.url).content.decode()

    assert content.count("Von einem Mitglied eingeschätzt</a>") == 1
    assert "Partnerschaft der Gruppe" in content
    assert "Abgelehntes Angebot" not in content
    assert "Von Fremden eingeschätzt" not in content
    assert "Ausgeblendete Idee" not in content
    assert "1 Einschätzung" in content


def test_group_page_query_count_does_not_grow_with_members_and_ideas(client, university_index):
    def build(title, size):
        members = ResearcherFactory.create_batch(size)
        for member in members:
            ResearcherProfileFactory(user=member)
        call = call_for_use_cases(university_index, f"Aufruf von {title}")
        group = research_group(
            university_index, title, members=members, topics=[TopicFactory()], calls=[call]
        )
        for member in members:
            AssessmentFactory(author=member)
        return group

    small, large = build("Kleine Gruppe", 1), build("Große Gruppe", 4)
    for group in (small, large):
        client.get(group.url)  # warm Wagtail's caches (site root paths, settings)

    counts = []
    for group in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(group.url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
