"""The home page section registry other apps append to."""

import pytest

from cms import home


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(home, "_registry", dict(home._registry))
    return home


def test_how_it_works_is_registered_by_default():
    assert "how_it_works" in [section.name for section in home.registered()]


@pytest.mark.django_db  # the ideas and pilots sections read the database
def test_sections_come_in_order_with_their_context_and_can_hide(registry, rf):
    registry.register("zweite", "x.html", get_context=lambda request: {"n": 2}, order=30)
    registry.register("erste", "y.html", get_context=lambda request: {"n": 1}, order=20)
    registry.register("versteckt", "z.html", get_context=lambda request: None, order=25)

    sections = registry.home_sections(rf.get("/"))

    names = [section.name for section in sections]
    assert names.index("how_it_works") < names.index("erste") < names.index("zweite")
    assert "versteckt" not in names
    assert sections[names.index("erste")].context == {"n": 1}


def test_registering_a_name_again_replaces_the_section(registry):
    registry.register("pilots", "a.html", order=50)
    registry.register("pilots", "b.html", order=50)

    assert [s.template for s in registry.registered() if s.name == "pilots"] == ["b.html"]


@pytest.mark.django_db
def test_home_page_renders_registered_sections_with_their_context(
    registry, client, demo_content, tmp_path, settings
):
    template_dir = tmp_path / "templates"
    (template_dir / "test").mkdir(parents=True)
    (template_dir / "test" / "section.html").write_text(
        '<section class="test-section">{{ greeting }} {{ page.title }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    ]
    registry.register(
        "latest_ideas",
        "test/section.html",
        get_context=lambda request: {"greeting": "Neueste Ideen aus"},
        order=20,
    )

    content = client.get("/").content.decode()

    assert '<section class="test-section">Neueste Ideen aus Mitwirken in Wuppertal</section>' in (
        content
    )
    assert content.index("Wie es funktioniert") < content.index("test-section")
