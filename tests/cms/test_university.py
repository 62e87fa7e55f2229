"""The university pages (/universitaet/): groups, members, calls and their ideas; demo content."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Page, Site

from cms.university import CallForUseCasesPage, ResearchGroupPage, UniversityIndexPage
from ideas import research
from ideas.models import Assessment, Idea, PartnerOffer, ResearcherProfile
from tests.factories import IdeaFactory, ResearcherFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    """A home page as the default site's root (what load_demo_content sets up)."""
    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Mitwirken", slug="home-test", intro_heading="Willkommen", intro="Test")
    root.add_child(instance=home)
    Site.objects.update(root_page=home, is_default_site=True)
    return home


@pytest.fixture(autouse=True)
def _german():
    """Page URLs follow the active language; an /en/ request earlier must not leak into ours."""
    with translation.override("de"):
        yield


@pytest.fixture
def index(home):
    page = UniversityIndexPage(
        title="Universität", slug="universitaet", intro="<p>Stadt und Uni arbeiten zusammen.</p>"
    )
    home.add_child(instance=page)
    return page


def add_group(index, title, members=(), topics=()):
    group = ResearchGroupPage(
        title=title,
        description="<p>Wir forschen.</p>",
        contact_email="gruppe@example.org",
        website="https://example.org/gruppe",
    )
    group.members = list(members)
    group.topics = list(topics)
    index.add_child(instance=group)
    return group


def add_call(index, title, deadline_days=30, group=None, topic=None):
    call = CallForUseCasesPage(
        title=title,
        question="Wo helfen <em>Messdaten</em>?",
        deadline=timezone.localdate() + timedelta(days=deadline_days),
        group=group,
        topic=topic,
    )
    index.add_child(instance=call)
    return call


ASSESSMENT = {
    "technical_rating": 2,
    "technical_text": "Machbar.",
    "data_protection_text": "Unkritisch.",
    "cost_range": "lt10k",
    "recommendation": "research",
    "recommendation_text": "Erst messen.",
}


def test_index_lists_groups_open_and_past_calls(client, index):
    topic = TopicFactory(name="Sensorik & LoRaWAN")
    add_group(index, "Sensornetze und IoT", topics=[topic])
    add_call(index, "Aufruf: Sensordaten", topic=topic)
    add_call(index, "Aufruf: Bürgerdienste", deadline_days=-10)

    response = client.get("/universitaet/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Stadt und Uni arbeiten zusammen." in content
    assert "Sensornetze und IoT" in content
    open_part, past_part = content.split("Abgeschlossene Aufrufe")
    assert "Aufruf: Sensordaten" in open_part.split("Forschungsgruppen")[0]
    assert "Aufruf: Bürgerdienste" in past_part
    assert "Offen bis" in content


def test_group_page_shows_members_by_public_name_never_their_emails(client, index):
    member = ResearcherFactory(display_name="Dr. Leonie Schmitz", email="leonie@uni-wuppertal.de")
    ResearcherProfile.objects.create(user=member, orcid="0000-0002-1825-0097", bio="Sensorik.")
    topic = TopicFactory(name="Umwelt & Klima", slug="umwelt-klima")
    group = add_group(index, "Sensornetze und IoT", members=[member], topics=[topic])

    content = client.get(group.url).content.decode()

    assert "Dr. Leonie Schmitz" in content
    assert "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in content
    assert "leonie@uni-wuppertal.de" not in content
    assert "@uni-wuppertal.de" not in content
    assert "https://orcid.org/0000-0002-1825-0097" in content
    assert "Umwelt &amp; Klima" in content
    assert "mailto:gruppe@example.org" in content  # the group's own contact address


def test_group_page_lists_ideas_assessed_by_members_or_partnered_automatically(client, index):
    member, outsider = ResearcherFactory(), ResearcherFactory()
    group = add_group(index, "Sensornetze und IoT", members=[member])
    assessed = IdeaFactory(title="Von einem Mitglied eingeschätzt")
    partnered = IdeaFactory(title="Partnerschaft der Gruppe")
    declined = IdeaFactory(title="Abgelehntes Angebot")
    other = IdeaFactory(title="Von Fremden eingeschätzt")
    hidden = IdeaFactory(title="Ausgeblendete Idee", hidden=True)
    research.publish_assessment(member, assessed, ASSESSMENT)
    research.publish_assessment(outsider, other, ASSESSMENT)
    Assessment.objects.create(idea=hidden, author=member, **ASSESSMENT)
    for idea, state in ((partnered, "accepted"), (declined, "declined")):
        PartnerOffer.objects.create(
            idea=idea, offered_by=outsider, group=group, group_name=group.title, message="M",
            state=state,
        )  # fmt: skip
    # Two reasons for the same idea list it once.
    PartnerOffer.objects.create(
        idea=assessed, offered_by=member, group=group, group_name=group.title, message="M",
        state="accepted",
    )  # fmt: skip

    content = client.get(group.url).content.decode()

    assert content.count("Von einem Mitglied eingeschätzt</a>") == 1
    assert "Partnerschaft der Gruppe" in content
    assert "Abgelehntes Angebot" not in content
    assert "Von Fremden eingeschätzt" not in content
    assert "Ausgeblendete Idee" not in content
    assert "1 Einschätzung" in content


def test_group_page_query_count_does_not_grow_with_members_and_ideas(client, index):
    def build(title, size):
        members = [ResearcherFactory() for _ in range(size)]
        for member in members:
            ResearcherProfile.objects.create(user=member, orcid="0000-0002-1825-0097")
        group = add_group(index, title, members=members, topics=[TopicFactory()])
        add_call(index, f"Aufruf von {title}", group=group)
        for member in members:
            research.publish_assessment(member, IdeaFactory(), ASSESSMENT)
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


def test_call_page_shows_question_state_ideas_and_the_propose_link(client, index):
    group = add_group(index, "Sensornetze und IoT")
    topic = TopicFactory(name="Sensorik")
    call = add_call(index, "Aufruf: Sensordaten", group=group, topic=topic)
    IdeaFactory(title="Pegel an der Wupper", call=call)
    IdeaFactory(title="Nicht im Aufruf")
    IdeaFactory(title="Ausgeblendet im Aufruf", call=call, hidden=True)

    content = client.get(call.url).content.decode()

    assert "Wo helfen &lt;em&gt;Messdaten&lt;/em&gt;?" in content
    assert "Offen" in content
    assert "Sensorik" in content
    assert f'href="/ideen/neu/?aufruf={call.pk}"' in content
    assert "Idee zu diesem Aufruf einreichen" in content
    assert "Pegel an der Wupper" in content
    assert "Nicht im Aufruf" not in content
    assert "Ausgeblendet im Aufruf" not in content
    assert "1 Idee zu diesem Aufruf" in content


def test_closed_call_page_has_no_propose_button(client, index):
    call = add_call(index, "Alter Aufruf", deadline_days=-1)
    content = client.get(call.url).content.decode()
    assert "Abgeschlossen" in content
    assert "Idee zu diesem Aufruf einreichen" not in content


def test_the_propose_link_of_a_call_page_preselects_the_call(client, index):
    call = add_call(index, "Aufruf: Sensordaten")
    client.force_login(UserFactory())
    link = f"/ideen/neu/?aufruf={call.pk}"
    assert link in client.get(call.url).content.decode()
    content = client.get(link).content.decode()
    assert f'<input type="hidden" name="call" value="{call.pk}"' in content


def test_english_call_page_links_to_the_english_propose_form(client, index):
    call = add_call(index, "Aufruf: Sensordaten")
    content = client.get(f"/en{call.url}").content.decode()
    assert f'href="/en/ideen/neu/?aufruf={call.pk}"' in content


# --- Demo content ------------------------------------------------------------------------------


def test_demo_content_is_complete_and_idempotent(django_capture_on_commit_callbacks):
    from django.core import mail

    from cms import demo_university
    from ideas import demo as idea_demo
    from participation.accounts import demo as account_demo

    with django_capture_on_commit_callbacks(execute=True):
        account_demo.load()
        idea_demo.load()
        demo_university.load()
    mail.outbox.clear()

    index = UniversityIndexPage.objects.get()
    with translation.override("de"):
        assert index.url == "/universitaet/"
    groups = ResearchGroupPage.objects.live().order_by("title")
    assert [g.title for g in groups] == [
        "Sensornetze und IoT",
        "Verkehrsplanung und Mobilität",
        "Verwaltungsinformatik",
    ]
    login = groups.get(title="Verkehrsplanung und Mobilität").members.get()
    assert login.email == "forscher@uni-wuppertal.de"
    open_calls = [c for c in CallForUseCasesPage.objects.live() if c.is_open]
    assert len(open_calls) == 1
    assert Idea.objects.filter(call=open_calls[0]).count() == 2
    assert Assessment.objects.count() == 2
    assert PartnerOffer.objects.filter(state="accepted").count() == 1
    for idea in Idea.objects.filter(assessment_count__gt=0):
        assert idea.assessment_count == idea.assessments.count()

    counts = (
        Page.objects.count(),
        Assessment.objects.count(),
        PartnerOffer.objects.count(),
        ResearcherProfile.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = demo_university.load()
    assert "0 Seiten neu" in summary
    assert mail.outbox == []
    assert counts == (
        Page.objects.count(),
        Assessment.objects.count(),
        PartnerOffer.objects.count(),
        ResearcherProfile.objects.count(),
    )


def test_demo_university_pages_render(client, django_capture_on_commit_callbacks):
    from cms import demo_university
    from ideas import demo as idea_demo
    from participation.accounts import demo as account_demo

    with django_capture_on_commit_callbacks(execute=True):
        account_demo.load()
        idea_demo.load()
        demo_university.load()

    assert client.get("/universitaet/").status_code == 200
    for page in [*ResearchGroupPage.objects.live(), *CallForUseCasesPage.objects.live()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert "@uni-wuppertal.de" not in response.content.decode()
    sensor_group = ResearchGroupPage.objects.get(slug="sensornetze-und-iot").url
    content = client.get(sensor_group).content.decode()
    assert "Wasserstandssensoren an der Wupper" in content
    assert "Prof. Dr. Jonas Weber" in content
