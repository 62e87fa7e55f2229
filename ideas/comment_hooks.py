"""Wagtail hooks for comment moderation; imported at the end of ``ideas.wagtail_hooks``."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, comment_admin
from .wagtail_hooks import MENU_HOOK


class CommentMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_moderate(request.user)


@hooks.register(MENU_HOOK)
def comments_menu_item():
    return CommentMenuItem(
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


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action(
        "ideas.comment_hide", _("Kommentar ausblenden"), _("Kommentar ausgeblendet")
    )
    actions.register_action(
        "ideas.comment_restore", _("Kommentar wiederherstellen"), _("Kommentar wiederhergestellt")
    )
    actions.register_action(
        "ideas.comment_official",
        _("Als offizielle Antwort markieren"),
        _("Als offizielle Antwort markiert"),
    )
    actions.register_action(
        "ideas.comment_unofficial",
        _("Markierung „offizielle Antwort“ entfernen"),
        _("Markierung „offizielle Antwort“ entfernt"),
    )
