import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: every test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(db):
    from tests.factories import UserFactory

    return UserFactory(display_name="Anna Anwohnerin")


@pytest.fixture
def researcher(db):
    from tests.factories import ResearcherFactory

    return ResearcherFactory(display_name="Dr. Rita Forscher")


@pytest.fixture
def editor(db):
    from tests.factories import EditorFactory

    return EditorFactory(display_name="Erik Redaktion")
