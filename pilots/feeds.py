"""RSS and Atom feeds of the pilots' news (``PilotUpdate`` of live, public pilots), each pilot
once: its page in the feed's language where translated, else the German page.

Each item links to its pilot page with the anchor of the update (``#neuigkeit-<pk>``), which
also makes it a stable id. The request is passed around as the feed "object", so that links
are built for the host and language the feed was asked for, without keeping state on the
(shared) feed instance.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from participation.page_locales import default_locale, in_language, public_pages

from .ical import absolute_page_url
from .models import PilotIndexPage, PilotPage, PilotUpdate

FEED_LENGTH = 50


def live_updates():
    """News of live, public pilots: each pilot once, in the active language where translated."""
    visible = in_language(public_pages(PilotPage.objects.live())).values("pk")
    return (
        PilotUpdate.objects.filter(page__in=visible)
        .select_related("page", "page__topic")
        .order_by("-date", "-pk")
    )


def _as_datetime(day):
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


class PilotUpdatesFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Mitwirken: Neuigkeiten aus den Pilotprojekten")
    description = _(
        "Was in den Pilotprojekten der Stadt passiert: Neuigkeiten, Zwischenstände und Ergebnisse."
    )

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        index = PilotIndexPage.objects.live().filter(locale=default_locale()).first()
        url = absolute_page_url(index.localized, request) if index else ""
        return url or request.build_absolute_uri("/")

    def feed_url(self, request):
        return request.build_absolute_uri(request.path)

    def items(self, request):
        items = list(live_updates()[:FEED_LENGTH])
        page_urls = {}
        for item in items:
            if item.page_id not in page_urls:
                page_urls[item.page_id] = absolute_page_url(item.page, request)
            item.feed_link = f"{page_urls[item.page_id]}#neuigkeit-{item.pk}"
        return items

    def item_title(self, item):
        return f"{item.page.title}: {item.title}"

    def item_description(self, item):
        return linebreaks(escape(item.text))

    def item_link(self, item):
        return item.feed_link

    def item_guid(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return _as_datetime(item.date)

    def item_updateddate(self, item):
        return _as_datetime(item.date)

    def item_categories(self, item):
        topic = item.page.topic
        return [topic.display_name] if topic else []


class PilotUpdatesAtomFeed(PilotUpdatesFeed):
    feed_type = Atom1Feed
    subtitle = PilotUpdatesFeed.description
