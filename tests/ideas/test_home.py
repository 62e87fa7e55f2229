import pytest

from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_home_page_lists_newest_public_ideas(client, home):
    visible = IdeaFactory(title="Bänke am Döppersberg")
    hidden = IdeaFactory(title="Versteckte Idee", hidden=True)
    html = client.get("/").content.decode()
    assert "Neueste Ideen" in html
    assert visible.title in html
    assert hidden.title not in html


def test_home_page_without_ideas_hides_the_section(client, home):
    assert "Neueste Ideen" not in client.get("/").content.decode()


def test_home_page_explains_which_ideas_are_close_to_the_citys_review(client, home):
    from ideas.models import ParticipationSettings

    threshold = ParticipationSettings.load().effective_threshold()
    close = IdeaFactory(title="Sitzbänke am Ölberg", support_count=threshold - 1)
    there = IdeaFactory(title="Schon über der Schwelle", support_count=threshold)
    html = client.get("/").content.decode()
    section = html.split("Auf dem Weg zur Prüfung durch die Stadt")[1]
    assert f"Hat eine Idee {threshold} Unterstützungen, prüft die Stadt" in section
    assert close.title in section
    assert there.title not in section
    assert "Schwelle</h2>" not in html
