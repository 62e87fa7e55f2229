"""Page sections other apps add through Wagtail hooks: the home page (how it works, ideas,
pilots) and the idea page (research, pilot, comments)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail import hooks

from participation.sections import HOME_PAGE_SECTIONS, IDEA_PAGE_SECTIONS, Section, collect
from tests.factories import IdeaFactory
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db

HOW_IT_WORKS = "Wie es funktioniert"
IDEAS = "Neueste Ideen"
PILOTS = "Laufende Pilotprojekte"


@pytest.fixture
def section_template(settings, tmp_path):
    """``test/section.html``: shows its own context and the page's."""
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "section.html").write_text(
        '<section class="test-section">{{ greeting }} {{ page.title }}{{ idea.title }}</section>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    return "test/section.html"


def test_home_page_shows_how_it_works_then_ideas_then_pilots(client, home):
    IdeaFactory(title="Bänke am Döppersberg")
    make_pilot("Smarte Parkplatzsensoren")

    content = client.get("/").content.decode()

    assert content.index(HOW_IT_WORKS) < content.index(IDEAS) < content.index(PILOTS)
    assert "Bänke am Döppersberg" in content
    assert "Smarte Parkplatzsensoren" in content


def test_sections_with_nothing_to_show_are_left_out(client, home):
    content = client.get("/").content.decode()

    assert HOW_IT_WORKS in content
    assert IDEAS not in content
    assert PILOTS not in content


def test_an_app_adds_a_home_section_in_its_order_with_its_context(client, home, section_template):
    IdeaFactory()

    def greeting(request):
        return Section(section_template, {"greeting": "Hallo aus"}, order=15)

    def nothing(request):
        return None

    with (
        hooks.register_temporarily(HOME_PAGE_SECTIONS, greeting),
        hooks.register_temporarily(HOME_PAGE_SECTIONS, nothing),
    ):
        content = client.get("/").content.decode()

    assert '<section class="test-section">Hallo aus Mitwirken</section>' in content
    assert content.index(HOW_IT_WORKS) < content.index("test-section") < content.index(IDEAS)
    assert "test-section" not in client.get("/").content.decode()  # gone with the hook


def test_idea_page_sections_go_to_their_region(client, idea, section_template):
    def main(request, shown):
        return Section(section_template, {"greeting": "Mitte:"}, order=5)

    def end(request, shown):
        return Section(section_template, {"greeting": "Ende:"}, order=1, region="end")

    with (
        hooks.register_temporarily(IDEA_PAGE_SECTIONS, end),
        hooks.register_temporarily(IDEA_PAGE_SECTIONS, main),
    ):
        content = client.get(idea.get_absolute_url()).content.decode()

    history = content.index('id="history-heading"')
    assert content.index(f"Mitte: {idea.title}") < history < content.index(f"Ende: {idea.title}")


def test_collect_sorts_by_order_drops_none_and_passes_the_pages_object(rf, idea):
    seen = []

    def late(request, obj):
        seen.append(obj)
        return Section("late.html", order=99)

    def early(request, obj):
        return Section("early.html", order=1)

    request = rf.get(idea.get_absolute_url())
    request.user = AnonymousUser()
    with (
        hooks.register_temporarily(IDEA_PAGE_SECTIONS, late),
        hooks.register_temporarily(IDEA_PAGE_SECTIONS, early),
        hooks.register_temporarily(IDEA_PAGE_SECTIONS, lambda request, obj: None),
    ):
        templates = [s.template for s in collect(IDEA_PAGE_SECTIONS, request, idea)]

    assert templates[0] == "early.html" and templates[-1] == "late.html"
    assert None not in templates
    assert seen == [idea]
