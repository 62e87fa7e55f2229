"""The research features in the Wagtail admin (imported at the end of ``ideas.wagtail_hooks``).

- "Einschätzungen" under "Beteiligung": every assessment (and open partner offer), or one
  idea's (``?idee=<pk>``), for editors (``admin_views.can_moderate``).
- In the idea listing, each idea's "More" menu links to its assessments.

The read-only editor panel for pilot pages is ``ideas.research_panels.AssessmentsPanel``.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from . import admin_views
from .models import Idea
from .research_views import AssessmentAdminView
from .wagtail_hooks import MENU_HOOK, EditorMenuItem


def assessments_admin_url(idea=None):
    url = reverse("ideas_research_admin:assessments")
    return f"{url}?idee={idea.pk}" if idea is not None else url


@hooks.register("register_admin_urls")
def register_research_admin_urls():
    urls = [path("einschaetzungen/", AssessmentAdminView.as_view(), name="assessments")]
    return [
        path(
            "beteiligung/",
            include((urls, "ideas_research_admin"), namespace="ideas_research_admin"),
        )
    ]


@hooks.register(MENU_HOOK)
def assessments_menu_item():
    return EditorMenuItem(
        _("Einschätzungen"),
        reverse("ideas_research_admin:assessments"),
        name="einschaetzungen",
        icon_name="doc-full",
        order=20,
    )


class AssessmentsListingItem(ListingMenuItem):
    def is_shown(self, user):
        return admin_views.can_moderate(user)


@hooks.register("register_snippet_listing_buttons")
def assessment_listing_button(snippet, user, next_url=None):
    if not isinstance(snippet, Idea) or not admin_views.can_moderate(user):
        return []
    count = getattr(snippet, "assessment_count", 0)
    label = ngettext("%(count)d Einschätzung", "%(count)d Einschätzungen", count) % {"count": count}
    return [
        AssessmentsListingItem(
            label, url=assessments_admin_url(snippet), icon_name="doc-full", priority=16
        )
    ]
