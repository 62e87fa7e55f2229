import pytest
from wagtail.models import Page, Site

from ideas.models import ParticipationSettings


@pytest.fixture
def home(db):
    """A home page as the default site's root (what load_demo_content sets up)."""
    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title="Mitwirken", slug="home-test", intro_heading="Willkommen", intro="Test")
    root.add_child(instance=home)
    Site.objects.update(root_page=home, is_default_site=True)
    return home


@pytest.fixture
def threshold(db):
    def set_threshold(number):
        rules = ParticipationSettings.load()
        rules.support_threshold = number
        rules.save()
        return number

    return set_threshold
