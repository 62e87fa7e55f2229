"""Browser tests: Playwright's sync API driving Debian's chromium against ``live_server``.

- Every test here is marked ``browser``, runs against pytest-django's ``live_server``
  with a transactional database (the server thread must see committed rows) and runs
  after all other tests: a transactional test empties the database when it ends, and
  ``serialized_rollback`` gives each browser test back the rows the migrations made
  (Wagtail's root page and site, the groups).
- Chromium comes from Debian (``apt-get install chromium``); Playwright's own browser
  download does not work on these machines. Without chromium the tests skip, or fail
  when ``MITWIRKEN_REQUIRE_BROWSER=1`` (CI).
- Requests to any host other than the live server are aborted and recorded in
  ``external_requests``: the portal must not load anything from other hosts.
- Playwright's sync API runs an event loop in the test thread, so Django's ORM needs
  ``DJANGO_ALLOW_ASYNC_UNSAFE=true`` (set in ``pyproject.toml``).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BROWSER_DIR = Path(__file__).parent
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path():
    """Debian's chromium, or None when it is not installed."""
    found = shutil.which("chromium")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.exists() else None


def _in_browser_dir(item):
    return BROWSER_DIR in Path(str(item.path)).parents


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    # Before the other hooks (pytest-django sorts by the django_db marker): mark ours.
    for item in items:
        if _in_browser_dir(item):
            item.add_marker(pytest.mark.browser)
            # First in line, so it is the closest django_db marker even if a test has one.
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )
    result = yield
    # After them: browser tests last, so that no later test sees the emptied database.
    items[:] = [i for i in items if not _in_browser_dir(i)] + [
        i for i in items if _in_browser_dir(i)
    ]
    return result


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_survives_playwrights_loop(request, django_db_setup):
    """Hand the database snapshot for ``serialized_rollback`` over to Playwright's loop.

    Playwright's sync API keeps an asyncio loop marked as running in the test thread.
    Django keeps connections in an asgiref ``Local`` that switches from thread-local to
    context-local storage when a loop runs, so from then on the test thread opens new
    connection objects, without the snapshot that the test database setup stored on the
    old ones (``_test_serialized_contents``). When other tests set the database up
    before the first browser test, the snapshot would be lost and the second browser
    test would find no Wagtail root page.

    The connections of each side are closed when it is left behind, so that PostgreSQL
    can drop the test database at the end ("is being accessed by other users").
    """
    from django.db import connections

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    connections.close_all()
    request.getfixturevalue("playwright")  # starts the loop
    for alias, snapshot in snapshots.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = snapshot
    yield
    connections.close_all()  # still inside the loop: Playwright stops after this fixture


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Prepare the database right before pytest-django restores the snapshot into it."""
    if fixturedef.argname == "_django_db_helper" and _in_browser_dir(request.node):
        with request.getfixturevalue("django_db_blocker").unblock():
            _prepare_snapshot_restore()
    return (yield)


def _prepare_snapshot_restore():
    """Empty tables, then the snapshot's content types, then cold caches.

    - A transactional test without ``serialized_rollback`` (the PostgreSQL concurrency
      tests) flushes with post_migrate signals, which create content types and
      permissions again, on PostgreSQL under new ids; the snapshot would then collide with
      them. Flushed without those signals (and, like Django, without resetting sequences,
      so new rows never take a snapshot row's id), the tables are empty.
    - While the snapshot is restored, signal handlers (the search index) ask for content
      types before the snapshot's ``contenttypes`` rows, which come late, are back; they
      would create rows of their own under other ids. Restoring those rows first, and
      clearing the caches that may still hold the ids of removed rows, keeps every id as
      it was after the migrations.
    """
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.core import serializers
    from django.core.management import call_command
    from django.db import connections, transaction

    for alias in connections:
        snapshot = getattr(connections[alias], "_test_serialized_contents", None)
        if snapshot is None:
            continue
        call_command(
            "flush",
            database=alias,
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        content_types = [
            row for row in json.loads(snapshot) if row["model"] == "contenttypes.contenttype"
        ]
        with transaction.atomic(using=alias):
            for row in serializers.deserialize("json", json.dumps(content_types), using=alias):
                row.save()
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_path()
    if executable is None:
        reason = (
            "chromium is not installed: apt-get install -y --no-install-recommends chromium "
            "(Playwright's own browser download does not work here)"
        )
        if os.environ.get("MITWIRKEN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MITWIRKEN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """The live server's address: ``page.goto("/")`` opens the portal's home page."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The CSP stays on: the browser sees the site as residents do. axe is injected
    # through page.evaluate, which the CSP does not block (see tests/browser/axe.py).
    # A desktop window by default (the audits check 320 px as well, see test_accessibility).
    return {
        **browser_context_args,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture
def external_requests():
    """URLs the page tried to load from other hosts (aborted)."""
    return []


@pytest.fixture
def console_errors():
    """Console errors, CSP violations among them, and uncaught page errors."""
    return []


@pytest.fixture
def context(new_context, live_server, external_requests, console_errors):
    context = new_context()
    allowed = {urlsplit(live_server.url).hostname} | LOCAL_HOSTS

    def only_local(route):
        url = route.request.url
        if urlsplit(url).hostname in allowed:
            route.continue_()
        else:
            external_requests.append(url)
            route.abort()

    context.route("**/*", only_local)
    context.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    context.on("weberror", lambda e: console_errors.append(str(e.error)))
    return context


@pytest.fixture(autouse=True)
def _live_server(live_server):
    """Every browser test talks to the live server."""
    return live_server


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """The transactional flush gives content types new ids; a cache filled by an earlier test
    would make Wagtail take the root's "home" page for another model."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


DEMO_PASSWORD = "mitwirken-demo"


def log_in(page, email, password=DEMO_PASSWORD, next_url=None):
    """Log in through the real form at /konto/login/ (fields ``login`` and ``password``)."""
    target = "/konto/login/" + (f"?next={next_url}" if next_url else "")
    page.goto(target)
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    form.locator("[type='submit']").first.click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)
    return page


@pytest.fixture
def login():
    """``login(page, email, password=...)``: log in through the real login form."""
    return log_in
