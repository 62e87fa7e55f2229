"""Public URLs of the pilots besides the Wagtail pages: feeds and the milestone calendar.

Included in ``i18n_patterns`` before Wagtail's catch-all, so the paths start with words that
are not page slugs ("piloten-feed", "piloten-kalender") and never shadow a pilot page.
"""

from django.urls import path

from .feeds import PilotUpdatesAtomFeed, PilotUpdatesFeed
from .ical import milestones_ics

app_name = "pilots"
urlpatterns = [
    path("piloten-feed/rss/", PilotUpdatesFeed(), name="feed_rss"),
    path("piloten-feed/atom/", PilotUpdatesAtomFeed(), name="feed_atom"),
    path("piloten-kalender/meilensteine.ics", milestones_ics, name="milestones_ics"),
]
