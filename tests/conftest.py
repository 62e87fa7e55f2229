"""Fixtures every app's tests share. Per-directory conftest files hold only what one app uses.

Objects are built with ``tests.factories``; the fixtures here are the few objects almost every
test needs (people in their roles, an idea, the home page, the demo site).
"""

import pytest
from django.core.cache import cache


def pytest_configure(config):
    from django.conf import settings

    # Hashing with PBKDF2's 1M iterations costs ~0.3 s a user; tests need no real strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _private_media(tmp_path_factory):
    """Images of unpublished proposals go to a temporary directory, not the checkout's."""
    from django.test import override_settings

    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private-media")):
        yield


@pytest.fixture(autouse=True)
def _own_open_data_files(settings):
    """The open data files a task writes go to a folder of this test's own (below whatever
    media folder the test uses, which module-wide demo content may have set): a file left by
    one test is never served in the next. Removed afterwards."""
    import shutil
    import uuid
    from pathlib import Path

    folder = f"offene-daten-test-{uuid.uuid4().hex}"
    settings.OPENDATA_EXPORT_DIR = folder
    yield
    shutil.rmtree(Path(settings.MEDIA_ROOT) / folder, ignore_errors=True)


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
    from participation import constants

    # The copies kept per process must not outlive a test's data. A test runs in one process,
    # where every change is forgotten at once by the receivers, so the shared token is read once
    # per test, not once a second (query counts would depend on the clock otherwise).
    constants.forget()
    constants.CHECK_EVERY = float("inf")
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
    constants.forget()


@pytest.fixture
def database_cache(settings):
    """The database cache as the default cache, as without ``REDIS_URL``, so rate-limit
    counters go to ``participation.RateLimitCounter``; its table is made here when the run
    itself uses Redis."""
    from django.core.management import call_command

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mitwirken_cache",
        }
    }
    call_command("createcachetable", verbosity=0)


# --- People ---------------------------------------------------------------------------------


def _person(factory, display_name):
    from tests import factories

    return getattr(factories, factory)(display_name=display_name)


@pytest.fixture
def resident(db):
    return _person("UserFactory", "Anna Anwohnerin")


@pytest.fixture
def researcher(db):
    return _person("ResearcherFactory", "Dr. Rita Forscher")


@pytest.fixture
def editor(db):
    return _person("EditorFactory", "Erik Redaktion")


@pytest.fixture
def moderator(db):
    return _person("ModeratorFactory", "Mona Moderation")


# --- Content --------------------------------------------------------------------------------


@pytest.fixture
def idea(db):
    """A published idea collecting support."""
    from tests.factories import IdeaFactory

    return IdeaFactory(title="Pegelsensoren an der Wupper")


@pytest.fixture
def home(db):
    """A home page as the default site's root (what load_demo_content sets up), so pages
    below it (pilots, the university) have URLs. In browser tests (live server) the test
    database is transactional, and so is this page."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    page = HomePage(title="Mitwirken", slug="home-test", intro_heading="Willkommen", intro="Test")
    Page.get_first_root_node().add_child(instance=page)
    Site.objects.update(root_page=page, is_default_site=True)
    return page


@pytest.fixture
def university_index(home):
    """``/universitaet/``: research groups and calls for use cases go below it."""
    from tests.factories import university_index

    return university_index(home)


@pytest.fixture
def threshold(db):
    """``threshold(n)``: ideas need ``n`` supports (the editors' setting)."""
    from ideas.models import ParticipationSettings

    def set_threshold(number):
        rules = ParticipationSettings.load()
        rules.support_threshold = number
        rules.save()
        return number

    return set_threshold


@pytest.fixture
def demo_content(db, settings, tmp_path, django_capture_on_commit_callbacks):
    """The demo site of ``load_demo_content`` (pages, accounts, ideas, university, comments,
    pilots), with its images in a temporary media directory."""
    from django.core import mail
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    mail.outbox.clear()  # demo pilots and ideas notify their followers; tests start clean
