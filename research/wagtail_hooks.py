"""Research in the Wagtail admin, and what research adds to other apps through hooks.

- "Einschätzungen" under "Beteiligung": every assessment (and open partner offer), or one
  idea's (``?idee=<pk>``), for editors (``admin_views.can_answer``).
- In the idea listing, each idea's "More" menu links to its assessments.

The read-only editor panel for pilot pages is ``research.panels.AssessmentsPanel``.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from ideas import admin_views
from ideas.models import Idea
from ideas.wagtail_hooks import MENU_HOOK, EditorMenuItem
from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT
from participation.sections import ACCOUNT_ACTIVITY_SECTIONS, IDEA_PAGE_SECTIONS

from . import activity, gdpr, sections
from .panels import assessments_admin_url
from .views import AssessmentAdminView


@hooks.register("register_admin_urls")
def register_research_admin_urls():
    urls = [path("einschaetzungen/", AssessmentAdminView.as_view(), name="assessments")]
    return [
        path(
            "beteiligung/",
            include((urls, "research_admin"), namespace="research_admin"),
        )
    ]


@hooks.register(MENU_HOOK)
def assessments_menu_item():
    return EditorMenuItem(
        _("Einschätzungen"),
        reverse("research_admin:assessments"),
        name="einschaetzungen",
        icon_name="doc-full",
        order=20,
    )


class AssessmentsListingItem(ListingMenuItem):
    def is_shown(self, user):
        return admin_views.can_answer(user)


@hooks.register("register_snippet_listing_buttons")
def assessment_listing_button(snippet, user, next_url=None):
    if not isinstance(snippet, Idea) or not admin_views.can_answer(user):
        return []
    count = getattr(snippet, "assessment_count", 0)
    label = ngettext("%(count)d Einschätzung", "%(count)d Einschätzungen", count) % {"count": count}
    return [
        AssessmentsListingItem(
            label, url=assessments_admin_url(snippet), icon_name="doc-full", priority=16
        )
    ]


hooks.register(IDEA_PAGE_SECTIONS, sections.idea_research_section)
hooks.register(USER_DATA_EXPORT, gdpr.export_research_data)
hooks.register(USER_DATA_DELETION, gdpr.delete_research_data)
hooks.register(ACCOUNT_ACTIVITY_SECTIONS, activity.my_assessments_section)
