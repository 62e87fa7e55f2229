"""RSS, Atom and iCalendar: what subscribers of the pilots receive."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own feeds in tests

import pytest

from pilots import ical
from pilots.models import PilotMilestone, PilotUpdate
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


def unfold(body):
    assert "\n" not in body.replace("\r\n", "")  # only CRLF line endings
    return body.replace("\r\n ", "").split("\r\n")


def events(lines):
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return found


def test_calendar_has_one_event_per_milestone_of_live_pilots(client, pilots):
    live, _other, _draft = pilots
    response = client.get("/piloten-kalender/meilensteine.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n")
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)

    found = events(lines)
    milestones = PilotMilestone.objects.filter(page__live=True)
    assert len(found) == milestones.count() == 3
    assert {event["UID"] for event in found} == {
        f"pilot-milestone-{m.pk}@{ical.uid_domain()}" for m in milestones
    }
    done = PilotMilestone.objects.get(title="Sensoren eingebaut")
    event = next(e for e in found if e["UID"].startswith(f"pilot-milestone-{done.pk}@"))
    assert event["DTSTART;VALUE=DATE"] == days(-28).strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == days(-27).strftime("%Y%m%d")
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["SUMMARY"] == "Parksensoren: Sensoren eingebaut"
    assert event["URL"] == f"http://testserver{live.url}#meilenstein-{done.pk}"
    assert "Nicht öffentlich" not in body


def test_calendar_escapes_commas_semicolons_and_newlines_and_folds_long_lines(client, home):
    make_pilot(
        "Pegel, Wupper; Barmen",
        milestones=[("Sensoren: Brücke A, B; C", 10, None)],
    )
    milestone = PilotMilestone.objects.get()
    milestone.description = "Erste Zeile\nzweite Zeile mit Backslash \\ " + "ä" * 60
    milestone.save()
    body = client.get("/piloten-kalender/meilensteine.ics").content.decode("utf-8")

    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    event = events(unfold(body))[0]
    assert event["SUMMARY"] == "Pegel\\, Wupper\\; Barmen: Sensoren: Brücke A\\, B\\; C"
    assert "Erste Zeile\\nzweite Zeile mit Backslash \\\\ ä" in event["DESCRIPTION"]
    assert event["DESCRIPTION"].endswith("ä" * 60)  # folding never splits a character


def test_fold_and_escape_follow_rfc_5545():
    assert ical.escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    line = "DESCRIPTION:" + "x" * 200
    folded = ical.fold(line).split("\r\n")
    assert [len(part) for part in folded] == [75, 75, 64]
    assert all(part.startswith(" ") for part in folded[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(folded)) == line
