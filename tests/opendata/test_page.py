"""/offene-daten/: licence, fields, filters and the download links."""

import pytest
from django.conf import settings

from opendata import formats as opendata
from opendata import views
from opendata.ideas import IDEA_COLUMNS
from tests.opendata.helpers import CSV_URL, JSON_URL, PILOTS_URL, json_rows

pytestmark = pytest.mark.django_db


# --- The page ------------------------------------------------------------------------------


def test_open_data_page_explains_licence_fields_and_links_the_downloads(client, ideas):
    response = client.get("/offene-daten/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "CC BY 4.0" in html
    assert opendata.DATA_HOLDER in html
    assert opendata.attribution() in html
    assert opendata.LICENCE_URL in html
    for name in IDEA_COLUMNS:
        assert f"<code>{name}</code>" in html
    for name in ("milestones", "kpis", "planned_date", "measurements"):
        assert f"<code>{name}</code>" in html
    assert f'href="{CSV_URL}"' in html
    assert f'href="{JSON_URL}"' in html
    assert f'href="{PILOTS_URL}"' in html
    assert "<code>verkehr</code>" in html  # the filter values are listed


def test_holder_and_attribution_on_the_page_name_the_same_data_holder(client, db, monkeypatch):
    monkeypatch.setattr(opendata, "DATA_HOLDER", "Stadt Musterstadt – Test")
    monkeypatch.setattr(views, "DATA_HOLDER", opendata.DATA_HOLDER)  # the page's import of it

    html = client.get("/offene-daten/").content.decode()

    assert "Rechteinhaberin ist Stadt Musterstadt – Test." in html
    assert "Datenquelle: Stadt Musterstadt – Test, Lizenz: CC BY 4.0" in html
    assert "Stadt Wuppertal – Mitwirken" not in html


def test_page_carries_the_chosen_filters_into_the_download_links(client, ideas):
    html = client.get(
        "/offene-daten/?thema=verkehr&bezirk=barmen&status=declined&pilotstatus=running"
    ).content.decode()

    assert f'href="{CSV_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=declined"' in html
    assert f'href="{JSON_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=declined"' in html
    assert f'href="{PILOTS_URL}?thema=verkehr&amp;bezirk=barmen&amp;status=running"' in html
    assert '<option value="verkehr" selected>' in html


def test_page_shows_invalid_filters_as_errors_and_leaves_them_out_of_the_links(client, ideas):
    response = client.get("/offene-daten/?thema=gibtsnicht&bezirk=barmen")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Das Thema „gibtsnicht“ gibt es nicht." in html
    assert f'href="{CSV_URL}?bezirk=barmen"' in html
    assert "thema=gibtsnicht" not in html.split('id="opendata-downloads"')[1]


def test_page_mentions_the_pilot_feeds(client, db):
    html = client.get("/offene-daten/").content.decode()

    assert 'href="/piloten-feed/rss/"' in html
    assert 'href="/piloten-kalender/meilensteine.ics"' in html


def test_english_page_and_downloads_live_under_en(client, ideas):
    page = client.get("/en/offene-daten/")
    rows = json_rows(client.get("/en/offene-daten/ideen.json"))

    assert page.status_code == 200
    assert 'lang="en"' in page.content.decode()
    assert 'href="/en/offene-daten/ideen.csv"' in page.content.decode()
    assert len(rows) == 3
    assert all(row["url"].startswith(settings.SITE_URL + "/en/ideen/") for row in rows)
