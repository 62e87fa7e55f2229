import pytest
from django.core.cache import cache


def pytest_configure(config):
    from django.conf import settings

    # Hashing with PBKDF2's 1M iterations costs ~0.3 s a user; tests need no real strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _german_by_default():
    """Each test starts in German: a request to /en/ leaves English active in the thread."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits live in the cache: every test that uses the database starts clean.

    The cache is the database cache (or Redis), so tests without database access skip this.
    """
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames
        for name in ("db", "transactional_db", "live_server", "django_db_setup")
    )
    if not uses_db:
        yield
        return
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            break
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
