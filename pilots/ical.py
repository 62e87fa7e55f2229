"""The milestones of all live pilots as an iCalendar file (RFC 5545), written by hand.

- Lines end in CRLF and are folded at 75 octets (continuation lines start with one
  space), never inside a UTF-8 character.
- TEXT values escape backslash, semicolon and comma and turn newlines into ``\\n``.
- One all-day ``VEVENT`` per milestone: ``DTSTART;VALUE=DATE`` on the day it was done (or,
  while open, the day it is planned for) and ``DTEND`` the day after; the ``UID`` is stable
  per milestone, ``DTSTAMP`` is when the pilot was last published.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PilotMilestone, PilotPage

CRLF = "\r\n"
FOLD_AT = 75  # octets per line, CRLF not counted


def escape_text(value):
    """Escape a TEXT property value (RFC 5545, 3.3.11)."""
    value = str(value or "")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def fold(line):
    """Fold one content line into chunks of at most 75 octets (RFC 5545, 3.1)."""
    chunks, current, size = [], [], 0
    limit = FOLD_AT
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > limit:
            chunks.append("".join(current))
            current, size = [], 0
            limit = FOLD_AT - 1  # the leading space of a continuation line counts
        current.append(char)
        size += length
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def format_date(day):
    return day.strftime("%Y%m%d")


def format_utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_domain():
    return urlsplit(settings.SITE_URL).hostname or "mitwirken"


def live_milestones():
    """Milestones of live pilots that everyone may see, with their pilot, in date order."""
    visible = PilotPage.objects.live().public().values("pk")
    return (
        PilotMilestone.objects.filter(page__in=visible)
        .select_related("page")
        .order_by("planned_date", "page__title", "sort_order", "pk")
    )


def milestone_event(milestone, *, page_url, stamp, domain):
    pilot = milestone.page
    day = milestone.done_date or milestone.planned_date
    description = [
        _("Pilotprojekt: %(pilot)s") % {"pilot": pilot.title},
        _("Status: %(status)s") % {"status": milestone.get_status_display()},
        _("Geplant für: %(date)s") % {"date": milestone.planned_date.strftime("%d.%m.%Y")},
    ]
    if milestone.done_date:
        description.append(
            _("Erledigt am: %(date)s") % {"date": milestone.done_date.strftime("%d.%m.%Y")}
        )
    if milestone.description:
        description += ["", milestone.description]
    lines = [
        "BEGIN:VEVENT",
        f"UID:pilot-milestone-{milestone.pk}@{domain}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART;VALUE=DATE:{format_date(day)}",
        f"DTEND;VALUE=DATE:{format_date(day + timedelta(days=1))}",
        "SUMMARY:" + escape_text(f"{pilot.title}: {milestone.title}"),
        "DESCRIPTION:" + escape_text("\n".join(description)),
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
    ]
    if page_url:
        lines.append("URL:" + f"{page_url}#meilenstein-{milestone.pk}")
    lines.append("END:VEVENT")
    return lines


def calendar(milestones, *, url_for, now=None):
    """The whole calendar as text; ``url_for(page)`` gives a pilot's absolute URL."""
    now = now or timezone.now()
    domain = uid_domain()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Mitwirken//Pilotprojekte//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(_("Mitwirken: Meilensteine der Pilotprojekte")),
    ]
    urls = {}
    for milestone in milestones:
        page = milestone.page
        if page.pk not in urls:
            urls[page.pk] = url_for(page)
        lines += milestone_event(
            milestone,
            page_url=urls[page.pk],
            stamp=page.last_published_at or now,
            domain=domain,
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def absolute_page_url(page, request):
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else ""


def milestones_ics(request):
    """``/piloten-kalender/meilensteine.ics``: subscribe to the pilots' milestones."""
    body = calendar(live_milestones(), url_for=lambda page: absolute_page_url(page, request))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mitwirken-meilensteine.ics"'
    return response
