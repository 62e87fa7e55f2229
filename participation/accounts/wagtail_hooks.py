from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ResearchersView, can_manage_roles


@hooks.register("register_admin_urls")
def register_researcher_admin_urls():
    return [path("forschende/", ResearchersView.as_view(), name="accounts_researchers")]


class EditorsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_roles(request.user)


@hooks.register("register_admin_menu_item")
def researchers_menu_item():
    return EditorsOnlyMenuItem(
        _("Forschende"), reverse("accounts_researchers"), icon_name="group", order=250
    )


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    actions.register_action(
        "accounts.grant_researcher", _("Rolle Forschende vergeben"), _("Rolle Forschende vergeben")
    )
    actions.register_action(
        "accounts.revoke_researcher", _("Rolle Forschende entzogen"), _("Rolle Forschende entzogen")
    )
