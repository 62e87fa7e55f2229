"""Reading the portal leaves no cookie in the browser; logging in still works (issue 14, item 4).

Anonymous pages are public for ``PUBLIC_CACHE_SECONDS`` (``PublicCacheMiddleware``), so the
browser keeps them. After logging in, a page it kept must not come back in its anonymous form:
``Vary: Cookie`` makes the browser ask again once it sends a session cookie. Without it, the
idea list showed "Anmelden" right after the login (tried in this test).

This test opens its own browser context without ``context.route``: Playwright turns the HTTP
cache off while requests are routed, and the cache is what this test is about. Requests to
other hosts are recorded instead of aborted.
"""

from urllib.parse import urlsplit

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from tests.browser.conftest import LOCAL_HOSTS
from tests.browser.test_accessibility import DEMO_RESIDENT, idea_with_comments_and_assessment


@pytest.fixture
def server_hits():
    """Pages the live server was asked for (no static files or images)."""
    hits = []

    def record(sender, environ, **kwargs):
        if not environ["PATH_INFO"].startswith(("/static/", "/media/")):
            hits.append(environ["PATH_INFO"])

    request_started.connect(record, weak=False)
    yield hits
    request_started.disconnect(record)


@pytest.fixture
def cached_page(new_context, live_server):
    """A page in a context with the browser's HTTP cache on, and what it asked other hosts."""
    context = new_context()
    allowed = {urlsplit(live_server.url).hostname} | LOCAL_HOSTS
    context.external = []
    context.on(
        "request",
        lambda r: urlsplit(r.url).hostname in allowed or context.external.append(r.url),
    )
    return context.new_page()


def test_reading_leaves_no_cookie_and_after_logging_in_the_kept_pages_are_personal(
    cached_page, demo_content, server_hits
):
    page, context = cached_page, cached_page.context
    idea = idea_with_comments_and_assessment()

    for path in ("/", "/ideen/", idea.get_absolute_url()):
        response = page.goto(path)
        assert response.status == 200, path
        assert response.headers["cache-control"] == "public, max-age=60", path
    expect(page.get_by_role("link", name="Anmelden und unterstützen")).to_be_visible()
    assert context.cookies() == []
    page.goto("/ideen/")
    assert server_hits.count("/ideen/") == 1  # the browser kept the list

    page.get_by_role("banner").get_by_role("link", name="Anmelden").click()
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(DEMO_RESIDENT)
    form.locator("input[name='password']").fill("mitwirken-demo")
    form.locator("[type='submit']").first.click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)
    expect(page.get_by_role("banner").get_by_role("link", name="Mein Konto")).to_be_visible()

    # The list and the idea page the browser kept: now as the resident sees them.
    page.goto("/ideen/")
    expect(page.get_by_role("banner").get_by_role("link", name="Mein Konto")).to_be_visible()
    page.goto(idea.get_absolute_url())
    expect(page.get_by_role("button", name="Idee unterstützen")).to_be_visible()
    assert "sessionid" in {cookie["name"] for cookie in context.cookies()}
    assert context.external == []
