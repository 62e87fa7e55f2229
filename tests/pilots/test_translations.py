"""Pilots in English: an editor translates a pilot in the admin (simple_translation's
"Translate", then "Publish"), the English page keeps the German page's facts, and lists,
the idea page, feeds, the calendar and open data show each pilot once, in the page's
language where translated."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from ideas.models import Idea
from pilots.models import PilotIndexPage, PilotMilestone, PilotPage
from tests.factories import EditorFactory, IdeaFactory
from tests.opendata.helpers import PILOTS_URL, json_rows
from tests.pilots.builders import days, edit_form, kpi, make_pilot, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def translate(page, locale, **fields):
    """What "Translate" and "Publish" leave behind, for pages the test does not edit."""
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.draft_title = translated.title
    translated.save()
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def english_home(home, english):
    return translate(home, english, title="Get involved", intro_heading="Help shape the city")


@pytest.fixture
def english_index(english_home, english):
    from pilots.services import ensure_pilot_index

    return translate(ensure_pilot_index(), english, title="Pilot projects", slug="pilots")


def parking(**fields):
    return make_pilot(
        "Smarte Parkplatzsensoren",
        idea=fields.pop("idea", None) or IdeaFactory(title="Parkleitsystem für Elberfeld"),
        goal="<p>Den Suchverkehr halbieren.</p>",
        approach="<p>240 Bodensensoren melden freie Plätze.</p>",
        responsible_office="Ressort Straßen und Verkehr",
        milestones=[("Sensoren eingebaut", -100, -95), ("Offene Schnittstelle", 30, None)],
        updates=[(-20, "Erste Zahlen", "Der Suchverkehr sinkt.")],
        kpis=[kpi()],
        **fields,
    )


def english_pilot(pilot, english, **fields):
    fields = {"title": "Smart parking sensors", "slug": "smart-parking-sensors", **fields}
    return translate(pilot, english, **fields)


def html(client, url):
    with translation.override("de"):  # the request activates its language; restore afterwards
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_editor_translates_a_pilot_in_the_admin_and_publishes_it(
    client, english_index, english, mailoutbox
):
    pilot = parking()
    mailoutbox.clear()
    client.force_login(EditorFactory())

    response = client.post(f"/admin/translation/submit/page/{pilot.pk}/", {"locales": [english.pk]})

    translated = PilotPage.objects.get(locale=english, translation_key=pilot.translation_key)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{translated.pk}/edit/"
    assert translated.get_parent().pk == english_index.pk
    assert translated.idea_id == pilot.idea_id  # the same idea, one pilot in each language
    assert not translated.live
    milestones = [
        {
            "id": str(m.pk),
            "title": title,
            "status": m.status,
            "planned_date": m.planned_date.isoformat(),
            "done_date": m.done_date.isoformat() if m.done_date else "",
            "description": "",
        }
        for m, title in zip(
            translated.milestones.order_by("sort_order"),
            ["Sensors installed", "Open interface"],
            strict=True,
        )
    ]
    search_time = {"name": "Time spent searching", "unit": "min", "baseline": "12"}
    data = edit_form(
        client,
        translated,
        title="Smart parking sensors",
        slug="smart-parking-sensors",
        goal=rich_text("<p>Halve the time drivers spend looking for a space.</p>"),
        milestones=inline_formset(milestones, initial=2),
        kpis=streamfield([("kpi", {**search_time, "target": "6", "measurements": {"count": "0"}})]),
    )
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{translated.pk}/edit/", data)

    assert response.status_code == 302
    translated.refresh_from_db()
    assert translated.live
    english_page = html(client, "/en/pilots/smart-parking-sensors/")
    assert "Smart parking sensors" in english_page
    assert "Halve the time drivers spend looking for a space." in english_page
    assert "Sensors installed" in english_page
    assert "Time spent searching" in english_page
    assert "Smarte Parkplatzsensoren" not in english_page
    german_page = html(client, "/piloten/smarte-parkplatzsensoren/")
    assert "Smarte Parkplatzsensoren" in german_page
    assert "Smart parking sensors" not in german_page
    # The followers heard about the pilot once, in German: the translation announces nothing.
    assert mailoutbox == []


def test_the_english_pilot_keeps_the_german_pilots_facts(english_index, english):
    pilot = parking()
    translated = english_pilot(pilot, english)

    # The German page moves on: a milestone done, the status, a new milestone.
    pilot = PilotPage.objects.get(pk=pilot.pk)
    pilot.pilot_status = PilotPage.Status.EVALUATING
    pilot.milestones = [
        *pilot.milestones.all(),
        PilotMilestone(title="Zwischenbericht", planned_date=days(90)),
    ]
    second = pilot.milestones.all()[1]
    second.done_date = days(-1)
    publish(pilot)

    translated.refresh_from_db()
    assert translated.pilot_status == PilotPage.Status.EVALUATING
    rows = [(m.title, m.done_date, m.status) for m in translated.milestones.all()]
    assert rows[1] == ("Offene Schnittstelle", days(-1), PilotMilestone.Status.DONE)
    assert rows[2][0] == "Zwischenbericht"  # in German until an editor translates it
    assert translated.progress() == pilot.progress()

    # An older English revision published again cannot bring back old facts.
    translated = PilotPage.objects.get(pk=translated.pk)
    stale = translated.revisions.order_by("created_at").first()
    stale.publish()
    translated.refresh_from_db()
    assert translated.pilot_status == PilotPage.Status.EVALUATING
    assert translated.milestones.count() == 3


def test_one_pilot_per_idea_and_language(english_index, english):
    pilot = parking()
    english_pilot(pilot, english)  # the same idea in English: allowed
    index = PilotIndexPage.objects.get(locale__language_code="de")
    with pytest.raises(ValidationError):
        index.add_child(instance=PilotPage(title="Zweiter Pilot", slug="zweiter", idea=pilot.idea))
    other = make_pilot("Zweiter Pilot")
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotPage.objects.filter(pk=other.pk).update(idea=pilot.idea)


def test_idea_page_links_the_pilot_in_the_pages_language(client, english_index, english):
    pilot = parking()
    english_pilot(pilot, english)
    idea = Idea.objects.get(pk=pilot.idea_id)
    with translation.override("de"):
        url = idea.get_absolute_url()

    german = html(client, url)
    english_page = html(client, f"/en{url}")

    assert 'href="/piloten/smarte-parkplatzsensoren/"' in german
    assert "Smart parking sensors" not in german
    assert 'href="/en/pilots/smart-parking-sensors/"' in english_page
    assert "Smart parking sensors" in english_page


def test_idea_page_in_english_links_the_german_pilot_without_translation(client, english_index):
    pilot = parking()
    with translation.override("de"):
        url = Idea.objects.get(pk=pilot.idea_id).get_absolute_url()

    page = html(client, f"/en{url}")

    assert 'href="/en/piloten/smarte-parkplatzsensoren/"' in page


def test_english_index_lists_english_titles_and_german_ones_without_translation(
    client, english_index, english
):
    english_pilot(parking(), english)
    make_pilot("Glasfaser für Cronenberg")

    page = html(client, "/en/pilots/")
    german = html(client, "/piloten/")

    assert "Smart parking sensors" in page
    assert "Glasfaser für Cronenberg" in page  # no translation yet: the German page
    assert "Smarte Parkplatzsensoren" not in page
    assert 'href="/en/piloten/glasfaser-fur-cronenberg/"' in page
    assert "Smarte Parkplatzsensoren" in german and "Smart parking sensors" not in german
    home = html(client, "/en/")
    assert "Smart parking sensors" in home and "Glasfaser für Cronenberg" in home
    assert "Smarte Parkplatzsensoren" not in home


def test_german_address_of_the_index_under_en_leads_to_the_english_index(client, english_index):
    with translation.override("de"):
        response = client.get("/en/piloten/")
    assert response.status_code == 302
    assert response["Location"] == "/en/pilots/"


def test_switch_on_a_translated_pilot_leads_to_the_other_language(client, english_index, english):
    pilot = parking()
    english_pilot(pilot, english)
    with translation.override("de"):
        to_english = client.post(
            "/i18n/setlang/", {"language": "en", "next": "/piloten/smarte-parkplatzsensoren/"}
        )
        to_german = client.post(
            "/i18n/setlang/", {"language": "de", "next": "/en/pilots/smart-parking-sensors/"}
        )
    assert to_english["Location"] == "/en/pilots/smart-parking-sensors/"
    assert to_german["Location"] == "/piloten/smarte-parkplatzsensoren/"


def items(client, url):
    with translation.override("de"):
        response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel").findall("item")  # noqa: S314


def test_feed_calendar_and_open_data_list_each_pilot_once(client, english_index, english):
    english_pilot(parking(), english)

    german_feed = [item.findtext("title") for item in items(client, "/piloten-feed/rss/")]
    english_feed = [item.findtext("title") for item in items(client, "/en/piloten-feed/rss/")]
    assert german_feed == ["Smarte Parkplatzsensoren: Erste Zahlen"]
    assert english_feed == ["Smart parking sensors: Erste Zahlen"]

    with translation.override("de"):
        calendar = client.get("/piloten-kalender/meilensteine.ics").content.decode()
    assert calendar.count("BEGIN:VEVENT") == 2
    assert "Smart parking sensors" not in calendar

    with translation.override("de"):
        rows = json_rows(client.get(PILOTS_URL))
    assert [row["title"] for row in rows] == ["Smarte Parkplatzsensoren"]


def test_search_finds_a_translated_pilot_once(client, english_index, english):
    english_pilot(parking(), english)

    with translation.override("de"):
        page = client.get("/suche/", {"q": "Parkplatzsensoren"}).content.decode()

    assert page.count("Smarte Parkplatzsensoren") == 1
