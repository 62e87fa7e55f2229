"""Data for the search tests: ideas in every state, pilots (live and draft), CMS pages."""

from datetime import date

import pytest
from wagtail.models import Page, Site

from tests.factories import DistrictFactory, IdeaFactory, TopicFactory

LONG_TEXT = (
    "Diese Idee beschreibt ausführlich, was sich im Viertel ändern soll und warum es allen "
    "Menschen in der Nachbarschaft hilft."
)


@pytest.fixture
def home(db):
    """A home page as the default site's root (what load_demo_content sets up)."""
    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(
        title="Mitwirken", slug="home-search", intro_heading="Willkommen", intro="Startseite"
    )
    root.add_child(instance=home)
    Site.objects.update(root_page=home, is_default_site=True)
    return home


@pytest.fixture
def topics(db):
    return {
        "sensorik": TopicFactory(name="Sensorik", slug="sensorik", order=1),
        "mobilitaet": TopicFactory(name="Mobilität", slug="mobilitaet", order=2),
    }


@pytest.fixture
def districts(db):
    return {
        "barmen": DistrictFactory(name="Barmen", slug="barmen", order=1),
        "elberfeld": DistrictFactory(name="Elberfeld", slug="elberfeld", order=2),
    }


@pytest.fixture
def make_idea(topics, districts):
    def make(title, *, text=LONG_TEXT, topic="sensorik", district="barmen", **fields):
        return IdeaFactory(
            title=title,
            text=text,
            topic=topics[topic],
            district=districts[district],
            **fields,
        )

    return make


@pytest.fixture
def make_pilot(home, topics, districts):
    from tests.pilots.builders import make_pilot as build

    def make(title, *, topic="sensorik", district="barmen", live=True, **fields):
        return build(
            title,
            topic=topics[topic],
            district=districts[district],
            live=live,
            **fields,
        )

    return make


@pytest.fixture
def make_content_page(home):
    from cms.models import ContentPage

    def make(title, text, *, parent=None, live=True, slug=None):
        page = ContentPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            body=[("paragraph", f"<p>{text}</p>")],
            live=live,
        )
        (parent or home).add_child(instance=page)
        if live:
            page.save_revision().publish()
        return page

    return make


@pytest.fixture
def university(home, topics):
    from cms.models import CallForUseCasesPage, ResearchGroupPage, UniversityIndexPage

    index = UniversityIndexPage(
        title="Universität", slug="universitaet", intro="<p>Stadt und Universität</p>"
    )
    home.add_child(instance=index)
    group = ResearchGroupPage(
        title="Lehrstuhl für Verkehrsplanung",
        slug="verkehrsplanung",
        description="<p>Wir erforschen Sensoren für den Verkehr und Parkplätze.</p>",
    )
    index.add_child(instance=group)
    call = CallForUseCasesPage(
        title="Aufruf: Daten für die Wupper",
        slug="aufruf-wupper",
        question="Wie können Sensoren an der Wupper helfen?",
        deadline=date(2030, 1, 1),
        topic=topics["sensorik"],
    )
    index.add_child(instance=call)
    return {"index": index, "group": group, "call": call}


@pytest.fixture
def es_stub():
    """A loopback Elasticsearch 8 stand-in (see ``tests/search/es_stub.py``)."""
    from tests.search.es_stub import ElasticsearchStub

    stub = ElasticsearchStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def elasticsearch_mode(settings, es_stub):
    """Elasticsearch mode against the stub; the portal's clients are made afresh."""
    from search import documents

    documents._clients.clear()
    settings.ELASTICSEARCH_URL = es_stub.url
    yield es_stub
    documents._clients.clear()
