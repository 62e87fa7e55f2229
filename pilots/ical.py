"""The milestones of all live pilots as an iCalendar file (RFC 5545), built with ``icalendar``.

- One all-day ``VEVENT`` per milestone: ``DTSTART;VALUE=DATE`` on the day it was done (or,
  while open, the day it is planned for) and ``DTEND`` the day after; the ``UID`` is stable
  per milestone, ``DTSTAMP`` is when the pilot was last published.
- Escaping of TEXT values, line folding at 75 octets and CRLF line ends are the library's.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from participation.page_locales import in_language, public_pages

from .models import PilotMilestone, PilotPage


def uid_domain():
    return urlsplit(settings.SITE_URL).hostname or "mitwirken"


def live_milestones():
    """Milestones of live pilots that everyone may see, with their pilot, in date order; each
    pilot once, in the active language where translated (else German)."""
    visible = in_language(public_pages(PilotPage.objects.live())).values("pk")
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
        _("Geplant für: %(date)s")
        % {"date": date_format(milestone.planned_date, "SHORT_DATE_FORMAT")},
    ]
    if milestone.done_date:
        description.append(
            _("Erledigt am: %(date)s")
            % {"date": date_format(milestone.done_date, "SHORT_DATE_FORMAT")}
        )
    if milestone.description:
        description += ["", milestone.description]
    return Event.new(
        uid=f"pilot-milestone-{milestone.pk}@{domain}",
        stamp=stamp,
        start=day,
        end=day + timedelta(days=1),
        summary=f"{pilot.title}: {milestone.title}",
        description="\n".join(description),
        transparency="TRANSPARENT",
        status="CONFIRMED",
        url=f"{page_url}#meilenstein-{milestone.pk}" if page_url else None,
    )


def calendar(milestones, *, url_for, now=None):
    """The whole calendar as bytes; ``url_for(page)`` gives a pilot's absolute URL."""
    now = now or timezone.now()
    domain = uid_domain()
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//Mitwirken//Pilotprojekte//DE")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(_("Mitwirken: Meilensteine der Pilotprojekte")))
    urls = {}
    for milestone in milestones:
        page = milestone.page
        if page.pk not in urls:
            urls[page.pk] = url_for(page)
        cal.add_component(
            milestone_event(
                milestone,
                page_url=urls[page.pk],
                stamp=page.last_published_at or now,
                domain=domain,
            )
        )
    return cal.to_ical()


def absolute_page_url(page, request):
    url = page.get_url(request=request)
    return request.build_absolute_uri(url) if url else ""


def milestones_ics(request):
    """``/piloten-kalender/meilensteine.ics``: subscribe to the pilots' milestones."""
    body = calendar(live_milestones(), url_for=lambda page: absolute_page_url(page, request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mitwirken-meilensteine.ics"'
    return response
