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
