"""Editors can open every CMS page type, the submissions and the footer setting in Wagtail."""

import pytest
from wagtail.models import Page, Site

from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, demo_content):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["home", "impressum", "kontakt"])
def test_editor_opens_the_page_editor(admin_client, slug):
    page = Page.objects.get(slug=slug)

    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_editor_opens_the_legal_links_setting_and_the_submissions(admin_client):
    site = Site.objects.get(is_default_site=True)
    kontakt = Page.objects.get(slug="kontakt")

    assert admin_client.get(f"/admin/settings/cms/legallinks/{site.pk}/").status_code == 200
    assert admin_client.get(f"/admin/forms/submissions/{kontakt.pk}/").status_code == 200
