"""The "Beteiligung" area of the Wagtail admin: ideas, topics, districts, moderation.

Ideas are snippets so Wagtail's listing, filters and bulk actions work for them;
the custom views (moderation queue, blocking, the city's answer) live in
``ideas.admin_views`` and are reachable only by editors.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT, USER_DATA_FILES
from participation.jobs import DAILY_JOBS
from participation.sections import ACCOUNT_ACTIVITY_SECTIONS, HOME_PAGE_SECTIONS

from . import activity, admin_views, gdpr, home, services
from .models import District, Idea, Topic

# Before any viewset asks for it, or Wagtail creates a plain fallback policy.
register_permission_policy(Idea, admin_views.IdeaPermissionPolicy(Idea))

MENU_HOOK = "register_beteiligung_menu_item"


class ParticipationViewSet(SnippetViewSet):
    """What the "Beteiligung" listings share: ORM search (their rows are few or carry a
    reference the search index does not hold) and no copying."""

    search_backend_name = None
    copy_view_enabled = False


class IdeaViewSet(ParticipationViewSet):
    model = Idea
    icon = "doc-full"
    menu_label = _("Ideen")
    menu_name = "ideen"
    # The editors' notification mails link to /admin/ideas/idea/edit/<pk>/.
    base_url_path = "ideas/idea"
    index_view_class = admin_views.IdeaIndexView
    edit_view_class = admin_views.IdeaEditView
    filterset_class = admin_views.IdeaFilterSet
    search_fields = list(admin_views.IDEA_SEARCH_FIELDS)
    ordering = ["-created", "-id"]
    list_per_page = 50
    inspect_view_enabled = False
    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("summary_easy"),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("district"), FieldPanel("place")],
            heading=_("Thema und Ort"),
        ),
        FieldPanel("image_alt"),
    ]

    def get_queryset(self, request):
        return Idea.objects.select_related("topic", "district")


class VocabularyViewSet(ParticipationViewSet):
    """Topics and districts: a name (German, and English for the English pages), a URL slug
    and an order, managed by editors."""

    list_display = ["name", "name_en", "slug", "order"]
    ordering = ["order", "name"]
    search_fields = ["name", "name_en"]


class TopicViewSet(VocabularyViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    menu_name = "themen"
    base_url_path = "ideas/topic"


class DistrictViewSet(VocabularyViewSet):
    model = District
    icon = "site"
    menu_label = _("Stadtbezirke")
    menu_name = "stadtbezirke"
    base_url_path = "ideas/district"


class ParticipationGroup(SnippetViewSetGroup):
    items = (IdeaViewSet, TopicViewSet, DistrictViewSet)
    menu_label = _("Beteiligung")
    menu_name = "beteiligung"
    menu_icon = "group"
    menu_order = 200
    submenu_hook = MENU_HOOK


register_snippet(ParticipationGroup)


class EditorMenuItem(MenuItem):
    """Shown to editors (answers, status, content)."""

    def is_shown(self, request):
        return admin_views.can_answer(request.user)


class ModeratorMenuItem(MenuItem):
    """Shown to moderators (hide, restore, reports, blocks)."""

    def is_shown(self, request):
        return admin_views.can_moderate(request.user)


@hooks.register(MENU_HOOK)
def moderation_menu_item():
    return ModeratorMenuItem(
        _("Moderation"),
        admin_views.admin_url("moderation"),
        name="moderation",
        icon_name="warning",
        order=10,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("moderation/", admin_views.ModerationQueueView.as_view(), name="moderation"),
        path(
            "moderation/konto/<int:user_id>/sperren/",
            admin_views.BlockAccountView.as_view(),
            name="block_account",
        ),
        path(
            "moderation/gesperrt/",
            admin_views.BlockedAccountsView.as_view(),
            name="blocked_accounts",
        ),
        path("ideen/<int:pk>/antworten/", admin_views.IdeaAnswerView.as_view(), name="answer"),
        path("ideen/<int:pk>/zusammenfuehren/", admin_views.IdeaMergeView.as_view(), name="merge"),
    ]
    return [path("beteiligung/", include((urls, "ideas_admin"), namespace="ideas_admin"))]


hooks.register("register_bulk_action", admin_views.HideIdeasBulkAction)
hooks.register("register_bulk_action", admin_views.RestoreIdeasBulkAction)


class HideFormatter(LogFormatter):
    label = _("Ausblenden")
    message = _("Ausgeblendet")

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


class StatusFormatter(LogFormatter):
    label = _("Status ändern")

    def format_message(self, log_entry):
        status = log_entry.data.get("status", "")
        label = Idea.Status(status).label if status in Idea.Status.values else status
        return _("Status: %(status)s") % {"status": label}

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


class MergeFormatter(LogFormatter):
    label = _("Zusammenführen")

    def format_message(self, log_entry):
        return _("Zusammengeführt mit Idee %(target)s") % {
            "target": log_entry.data.get("target", "")
        }

    def format_comment(self, log_entry):
        return log_entry.data.get("note", "")


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    actions.register_action("ideas.hide")(HideFormatter)
    actions.register_action("ideas.status")(StatusFormatter)
    actions.register_action("ideas.restore", _("Wiederherstellen"), _("Wiederhergestellt"))
    actions.register_action("ideas.answer", _("Offizielle Antwort"), _("Offiziell beantwortet"))
    actions.register_action("ideas.block_account", _("Konto sperren"), _("Konto gesperrt"))
    actions.register_action("ideas.unblock_account", _("Konto entsperren"), _("Konto entsperrt"))
    actions.register_action("ideas.merge")(MergeFormatter)


hooks.register(HOME_PAGE_SECTIONS, home.home_ideas_section)
hooks.register(USER_DATA_EXPORT, gdpr.export_ideas)
hooks.register(USER_DATA_FILES, gdpr.idea_files)
hooks.register(USER_DATA_DELETION, gdpr.delete_idea_data)
hooks.register(ACCOUNT_ACTIVITY_SECTIONS, activity.my_ideas_section)
hooks.register(ACCOUNT_ACTIVITY_SECTIONS, activity.my_supports_section)
hooks.register(ACCOUNT_ACTIVITY_SECTIONS, activity.my_follows_section)


hooks.register(DAILY_JOBS, services.delete_digests_of_blocked_accounts)
hooks.register(DAILY_JOBS, services.delete_orphaned_images)
