from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..jobs import DAILY_JOBS, prune_finished_tasks
from . import services
from .admin_views import ResearcherRequestView, ResearchersView, can_manage_roles
from .gdpr import USER_DATA_DELETION, USER_DATA_EXPORT
from .models import ResearcherRoleRequest


@hooks.register("register_admin_urls")
def register_researcher_admin_urls():
    return [
        path("forschende/", ResearchersView.as_view(), name="accounts_researchers"),
        path(
            "forschende/anfragen/<int:pk>/",
            ResearcherRequestView.as_view(),
            name="accounts_researcher_request",
        ),
    ]


class EditorsOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_roles(request.user)


@hooks.register("register_admin_menu_item")
def researchers_menu_item():
    return EditorsOnlyMenuItem(
        _("Forschende"), reverse("accounts_researchers"), icon_name="group", order=250
    )


#: What happened to the researcher role, as the admin's history names it.
ROLE_LOG_ACTIONS = [
    ("accounts.grant_researcher", _("Rolle Forschende vergeben")),
    ("accounts.revoke_researcher", _("Rolle Forschende entzogen")),
    ("accounts.renew_researcher", _("Rolle Forschende verlängert")),
    ("accounts.lapse_researcher", _("Rolle Forschende erloschen")),
    ("accounts.decline_researcher", _("Anfrage auf die Rolle Forschende abgelehnt")),
]


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    for action, label in ROLE_LOG_ACTIONS:
        actions.register_action(action, label, label)


@hooks.register(USER_DATA_EXPORT)
def export_researcher_role_requests(user):
    requests = ResearcherRoleRequest.objects.filter(user=user).order_by("created", "id")
    return {
        "researcher_role": {
            "valid_until": user.researcher_until,
            "requests": [
                {"email": r.email, "state": r.state, "created": r.created} for r in requests
            ],
        }
    }


@hooks.register(USER_DATA_DELETION)
def delete_researcher_role_requests(user):
    ResearcherRoleRequest.objects.filter(user=user).delete()


@hooks.register(USER_DATA_DELETION)
def relabel_account_log_entries(user):
    """The admin's history of what happened to the account (role granted, account blocked)
    keeps the entries, but their label was the display name at the time: it becomes what the
    account is called now."""
    services.relabel_log_entries(user)


hooks.register(DAILY_JOBS, services.delete_unverified_accounts)
hooks.register(DAILY_JOBS, prune_finished_tasks)
