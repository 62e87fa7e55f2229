"""What every page shows (site, identity, footer links, rules) is kept per process and
refreshed when an editor changes it: here, on the next page; in other workers, within a second."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import LegalLinks, PortalIdentity
from ideas.models import ParticipationSettings
from participation import constants


def footer_hrefs(response):
    footer = re.search(
        r'<footer class="site-footer">(.*?)</footer>', response.content.decode(), re.S
    )
    return re.findall(r'<a href="([^"]+)"', footer.group(1))


def brand_name(response):
    return re.search(r'<span class="brand__name">([^<]*)</span>', response.content.decode()).group(
        1
    )


@pytest.mark.django_db
def test_once_kept_the_footer_identity_and_rules_cost_no_query(client, demo_content):
    client.get("/ideen/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ideen/")

    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in (
        "wagtailcore_site",
        "cms_legallinks",
        "cms_portalidentity",
        "ideas_participationsettings",
    ):
        assert table not in tables, f"{table} read again on the second page view"


@pytest.mark.django_db
def test_unpublishing_a_legal_page_in_the_admin_removes_its_footer_link_at_once(
    admin_client, client, demo_content
):
    assert "/leichte-sprache/" in footer_hrefs(client.get("/ideen/"))
    links = LegalLinks.objects.get()
    page = links.leichte_sprache

    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {})

    assert response.status_code == 302
    assert "/leichte-sprache/" not in footer_hrefs(client.get("/ideen/"))


@pytest.mark.django_db
def test_a_new_threshold_shows_on_the_next_idea_page(client, demo_content):
    idea_page = client.get("/ideen/")
    assert "von 50 Unterstützungen" in idea_page.content.decode()
    rules = ParticipationSettings.load()
    rules.support_threshold = 80
    rules.save()

    assert "von 80 Unterstützungen" in client.get("/ideen/").content.decode()


@pytest.mark.django_db
def test_another_workers_change_shows_within_a_second(client, demo_content, monkeypatch):
    assert brand_name(client.get("/ideen/")) == PortalIdentity.objects.get().portal_name
    # Another worker saves the identity: this process sees the database change but gets no
    # signal, so it keeps its copy ...
    PortalIdentity.objects.update(portal_name="Beteiligung Beispielstadt")
    assert brand_name(client.get("/ideen/")) != "Beteiligung Beispielstadt"

    # ... until it reads the new shared token, which it does at most a second later.
    cache.set(constants.GENERATION_KEY, "changed-by-another-worker", None)
    monkeypatch.setattr(constants, "CHECK_EVERY", 0)

    assert brand_name(client.get("/ideen/")) == "Beteiligung Beispielstadt"


@pytest.mark.django_db
def test_the_kept_copies_survive_a_lost_cache(client, demo_content):
    client.get("/ideen/")
    cache.clear()  # Redis restarted: a new token, so every process starts afresh

    assert client.get("/ideen/").status_code == 200
