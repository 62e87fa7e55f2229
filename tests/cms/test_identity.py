"""The city's identity (Einstellungen → Erscheinungsbild): what editors set in the admin, and
what residents then see: name, logo, colour, hero image, footer, imprint and the demo banner."""

import re

import pytest
from django.test import Client
from wagtail.models import Site

from cms.identity import contrast_ratio
from cms.models import PortalIdentity
from tests.factories import UserFactory
from tests.forms import form_data


@pytest.fixture
def admin_client(client, demo_content):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def settings_url():
    return f"/admin/settings/cms/portalidentity/{Site.objects.get(is_default_site=True).pk}/"


def submit_identity(client, **changes):
    page = client.get(settings_url())
    assert page.status_code == 200
    data = form_data(page.content.decode(), "w-editor-form")
    data.update(changes)
    return client.post(settings_url(), data)


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000") == pytest.approx(21)
    assert contrast_ratio("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["#7a9cc6", "#ff6600", "#888888"])
def test_the_admin_refuses_a_primary_colour_below_4_5_to_1_on_white(admin_client, colour):
    before = PortalIdentity.for_site(Site.objects.get(is_default_site=True)).primary_colour

    response = submit_identity(admin_client, primary_colour=colour)

    assert response.status_code == 200  # the form again, with the editor's input kept
    html = response.content.decode()
    assert "mindestens 4,5:1" in html
    assert f'value="{colour}"' in html
    setting = PortalIdentity.for_site(Site.objects.get(is_default_site=True))
    assert setting.primary_colour == before


@pytest.mark.django_db
def test_an_accessible_primary_colour_becomes_the_portals_action_colour(admin_client, client):
    response = submit_identity(admin_client, primary_colour="#8a1538", portal_name="Mitmachen")

    assert response.status_code == 302
    home = client.get("/").content.decode()
    theme_url = re.search(r'<link rel="stylesheet" href="(/gestaltung\.css\?v=\w+)">', home)
    assert theme_url, "the home page links the identity's stylesheet"
    css = client.get(theme_url.group(1))
    assert css["Content-Type"].startswith("text/css")
    assert "--kern-color-action-default: #8a1538" in css.content.decode()
    assert "<title>" in home and "· Mitmachen</title>" in home
    assert '<span class="brand__name">Mitmachen</span>' in home


@pytest.mark.django_db
def test_a_hero_image_needs_its_alternative_text(admin_client):
    setting = PortalIdentity.for_site(Site.objects.get(is_default_site=True))
    response = submit_identity(
        admin_client, hero_image=str(setting.hero_image_id), hero_image_alt=""
    )

    assert response.status_code == 200
    assert "Bitte beschreiben Sie das Bild" in response.content.decode()


@pytest.mark.django_db
def test_residents_see_the_citys_logo_hero_footer_and_imprint(client, demo_content):
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert re.search(r'<img[^>]+class="brand__logo"', header)
    assert "Beteiligungsportal der Stadt Wuppertal" in header
    assert '<span class="brand__mark"' not in header  # the old "M" square is gone
    assert re.search(r'<img[^>]+alt="Zeichnung: Hügel und Häuser', html)
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Johannes-Rau-Platz 1" in footer
    assert "assessed together" not in footer

    english = client.get("/en/").content.decode()
    assert "The City of Wuppertal&#x27;s participation portal" in english
    assert "assessed together and turned into pilots" in english
    assert re.search(r'<img[^>]+alt="Drawing: hills and houses', english)


@pytest.mark.django_db
def test_the_admin_shows_the_citys_name_and_logo(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "- Mitwirken</title>" in html
    logo = html.split("data-wagtail-sidebar-branding-logo>", 1)[1].split("</template>", 1)[0]
    assert "<img" in logo and "Wagtail" not in logo


@pytest.mark.django_db
def test_the_demo_banner_shows_until_the_visitor_dismisses_it(demo_content):
    """The banner's form carries no token (the page sets no cookie): its POST is checked by
    the ``Origin`` a browser sends (tests/security/test_csrf_walk.py)."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/ideen/").content.decode()
    assert 'class="demo-banner"' in page
    assert "csrfmiddlewaretoken" not in page

    response = client.post(
        "/demo-hinweis/ausblenden/", {"next": "/ideen/"}, HTTP_ORIGIN="http://testserver"
    )

    assert response.status_code == 302
    assert response["Location"] == "/ideen/"
    assert 'class="demo-banner"' not in client.get("/ideen/").content.decode()


@pytest.mark.django_db
def test_dismissing_the_banner_never_redirects_to_another_host(client, demo_content):
    response = client.post("/demo-hinweis/ausblenden/", {"next": "https://example.com/"})

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_without_demo_content_there_is_no_banner(client, home):
    assert 'class="demo-banner"' not in client.get("/").content.decode()
