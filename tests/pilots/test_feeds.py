"""RSS, Atom and iCalendar: what subscribers of the pilots receive."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own feeds in tests
from datetime import datetime

import pytest
from icalendar import Calendar

from pilots import ical
from pilots.models import PilotMilestone, PilotPage, PilotUpdate
from tests.pilots.builders import days, make_pilot

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def pilots(home):
    live = make_pilot(
        "Parksensoren",
        milestones=[("Sensoren eingebaut", -30, -28), ("Schnittstelle", 20, None)],
        updates=[
            (-28, "Alle Sensoren sind eingebaut", "240 Sensoren melden freie Plätze."),
            (-3, "Erste Zahlen", "Der Suchverkehr sinkt <deutlich>."),
        ],
    )
    other = make_pilot(
        "Glasfaser",
        milestones=[("Anschlüsse in Betrieb", -10, -9)],
        updates=[(-9, "Glasfaser liegt", "312 Anschlüsse.")],
    )
    draft = make_pilot(
        "Geheimer Entwurf",
        live=False,
        milestones=[("Nicht öffentlich", 5, None)],
        updates=[(-1, "Entwurfsnachricht", "Noch nicht öffentlich.")],
    )
    return live, other, draft


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_rss_lists_exactly_the_updates_of_live_pilots_newest_first(client, pilots):
    live, other, _draft = pilots
    response = client.get("/piloten-feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "Mitwirken: Neuigkeiten aus den Pilotprojekten"
    assert channel.findtext("link") == "http://testserver/piloten/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Parksensoren: Erste Zahlen",
        "Glasfaser: Glasfaser liegt",
        "Parksensoren: Alle Sensoren sind eingebaut",
    ]
    first = items[0]
    update = PilotUpdate.objects.get(title="Erste Zahlen")
    assert first.findtext("link") == f"http://testserver{live.url}#neuigkeit-{update.pk}"
    assert first.findtext("guid") == first.findtext("link")
    assert days(-3).strftime("%d %b %Y") in first.findtext("pubDate")
    # Plain text of the editors, escaped once, in paragraphs.
    assert first.findtext("description") == "<p>Der Suchverkehr sinkt &lt;deutlich&gt;.</p>"
    assert "Entwurfsnachricht" not in response.content.decode()


def test_atom_lists_the_same_updates_with_links_to_the_pilot_pages(client, pilots):
    live, _other, _draft = pilots
    response = client.get("/piloten-feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.findtext(f"{ATOM}title") == "Mitwirken: Neuigkeiten aus den Pilotprojekten"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Parksensoren: Erste Zahlen",
        "Glasfaser: Glasfaser liegt",
        "Parksensoren: Alle Sensoren sind eingebaut",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith(f"http://testserver{live.url}#neuigkeit-")
    assert entries[0].findtext(f"{ATOM}id") == link
    assert entries[0].findtext(f"{ATOM}updated").startswith(days(-3).isoformat())
    assert "Entwurfsnachricht" not in response.content.decode()


def test_unpublishing_a_pilot_removes_its_updates_from_the_feed(client, pilots):
    live, _other, _draft = pilots
    live.unpublish()
    titles = [i.findtext("title") for i in parse(client.get("/piloten-feed/rss/")).iter("item")]
    assert titles == ["Glasfaser: Glasfaser liegt"]


def calendar_of(response):
    """The calendar a subscriber's client reads, parsed with ``icalendar``."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="mitwirken-meilensteine.ics"'
    return Calendar.from_ical(response.content)


def unfold(body):
    assert "\n" not in body.replace("\r\n", "")  # only CRLF line endings
    return body.replace("\r\n ", "").split("\r\n")


def test_calendar_has_one_event_per_milestone_of_live_pilots(client, pilots):
    live, _other, _draft = pilots
    response = client.get("/piloten-kalender/meilensteine.ics")
    cal = calendar_of(response)
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert cal["X-WR-CALNAME"] == "Mitwirken: Meilensteine der Pilotprojekte"

    found = cal.events
    milestones = PilotMilestone.objects.filter(page__live=True)
    assert len(found) == milestones.count() == 3
    assert {event["UID"] for event in found} == {
        f"pilot-milestone-{m.pk}@{ical.uid_domain()}" for m in milestones
    }
    done = PilotMilestone.objects.get(title="Sensoren eingebaut")
    event = next(e for e in found if e["UID"].startswith(f"pilot-milestone-{done.pk}@"))
    # All-day: a date (DTSTART;VALUE=DATE), the day it was done, and DTEND the day after.
    assert event.start == days(-28) and not isinstance(event.start, datetime)
    assert event.end == days(-27) and not isinstance(event.end, datetime)
    assert f"DTSTART;VALUE=DATE:{days(-28):%Y%m%d}" in unfold(body)
    # DTSTAMP: when the pilot was last published, in UTC.
    published = PilotPage.objects.get(pk=live.pk).last_published_at
    assert event.decoded("DTSTAMP") == published.replace(microsecond=0)
    assert event["DTSTAMP"].to_ical().decode().endswith("Z")
    assert event["SUMMARY"] == "Parksensoren: Sensoren eingebaut"
    assert event["URL"] == f"http://testserver{live.url}#meilenstein-{done.pk}"
    assert "Erledigt am: " in event["DESCRIPTION"]
    open_milestone = PilotMilestone.objects.get(title="Schnittstelle")
    event = next(e for e in found if e["UID"].startswith(f"pilot-milestone-{open_milestone.pk}@"))
    assert event.start == open_milestone.planned_date == days(20)  # open: the planned day
    assert "Nicht öffentlich" not in body


def test_calendar_escapes_commas_semicolons_and_newlines_and_folds_long_lines(client, home):
    make_pilot(
        "Pegel, Wupper; Barmen",
        milestones=[("Sensoren: Brücke A, B; C", 10, None)],
    )
    milestone = PilotMilestone.objects.get()
    milestone.description = "Erste Zeile\r\nzweite Zeile mit Backslash \\ " + "ä" * 60
    milestone.save()
    response = client.get("/piloten-kalender/meilensteine.ics")

    # What a calendar client shows: the texts as they were entered.
    (event,) = calendar_of(response).events
    assert event["SUMMARY"] == "Pegel, Wupper; Barmen: Sensoren: Brücke A, B; C"
    assert event["DESCRIPTION"].endswith(
        "\n\nErste Zeile\nzweite Zeile mit Backslash \\ " + "ä" * 60
    )
    # On the wire: TEXT escaping (RFC 5545, 3.3.11) and lines of at most 75 octets that
    # are folded between characters, never inside one.
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")
    unfolded = unfold(response.content.decode("utf-8"))
    assert "SUMMARY:Pegel\\, Wupper\\; Barmen: Sensoren: Brücke A\\, B\\; C" in unfolded
    description = next(line for line in unfolded if line.startswith("DESCRIPTION:"))
    assert "Erste Zeile\\nzweite Zeile mit Backslash \\\\ ä" in description
