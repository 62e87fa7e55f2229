"""Discussion in the Wagtail admin (comment moderation), and its sections on other pages."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ideas.wagtail_hooks import MENU_HOOK
from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT
from participation.sections import ACCOUNT_ACTIVITY_SECTIONS, IDEA_PAGE_SECTIONS

from . import activity, gdpr, threads
from . import admin_views as comment_admin


class CommentQueueMenuItem(MenuItem):
    """Moderators hide and restore comments; editors mark official answers."""

    def is_shown(self, request):
        return comment_admin.can_use_queue(request.user)


@hooks.register(MENU_HOOK)
def comments_menu_item():
    return CommentQueueMenuItem(
        _("Kommentare"),
        comment_admin.admin_url(),
        name="kommentare",
        icon_name="comment",
        order=20,
    )


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    urls = [path("", comment_admin.CommentModerationView.as_view(), name="queue")]
    return [
        path(
            "beteiligung/kommentare/",
            include((urls, "comments_admin"), namespace="comments_admin"),
        )
    ]


#: What editors did to comments, as the admin's history names it: (action, label, past tense).
COMMENT_LOG_ACTIONS = [
    ("ideas.comment_hide", _("Kommentar ausblenden"), _("Kommentar ausgeblendet")),
    ("ideas.comment_restore", _("Kommentar wiederherstellen"), _("Kommentar wiederhergestellt")),
    (
        "ideas.comment_official",
        _("Als offizielle Antwort markieren"),
        _("Als offizielle Antwort markiert"),
    ),
    (
        "ideas.comment_unofficial",
        _("Markierung „offizielle Antwort“ entfernen"),
        _("Markierung „offizielle Antwort“ entfernt"),
    ),
]


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, label, message in COMMENT_LOG_ACTIONS:
        actions.register_action(action, label, message)


hooks.register(IDEA_PAGE_SECTIONS, threads.idea_comments_section)
hooks.register(USER_DATA_EXPORT, gdpr.export_comments)
hooks.register(USER_DATA_DELETION, gdpr.delete_comment_data)
hooks.register(ACCOUNT_ACTIVITY_SECTIONS, activity.my_comments_section)
