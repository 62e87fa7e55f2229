"""Receivers of the accounts app, connected in ``AccountsConfig.ready``."""

from urllib.parse import urlsplit

from allauth.account.signals import email_confirmed
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext as _

from participation import constants

from .models import User
from .roles import request_researcher_role


def researcher_domain_rule(sender, request, email_address, **kwargs):
    """A confirmed address at a university domain asks for the role; an editor confirms."""
    role_request = request_researcher_role(email_address.user, email_address.email)
    if role_request is not None and request is not None:
        messages.info(
            request,
            _(
                "Ihre Adresse gehört zur Universität. Die Redaktion prüft Ihre Anfrage auf "
                "die Rolle „Forschende“."
            ),
        )


SITE_NAME = "Mitwirken"


def site_domain():
    """The host of ``SITE_URL`` (``https://mitwirken.wuppertal.de`` → ``mitwirken.wuppertal.de``)."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_follows_site_url(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Django's Site (mail subjects, absolute links of django_comments and allauth) names the
    portal's own host: after every ``migrate``, its domain is set from ``SITE_URL``, so a
    deployment never keeps a value a migration wrote."""
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:
        return
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": SITE_NAME}
    )


def roles_changed(sender, action=None, **kwargs):
    """A membership or a group changed: the kept list of researchers (their badges) is
    read afresh by every process."""
    if action is None or action.startswith("post_"):
        constants.changed()


def connect(app_config=None):
    m2m_changed.connect(
        roles_changed, sender=User.groups.through, dispatch_uid="accounts.roles_changed"
    )
    post_save.connect(roles_changed, sender=Group, dispatch_uid="accounts.group_saved")
    post_delete.connect(roles_changed, sender=Group, dispatch_uid="accounts.group_deleted")
    email_confirmed.connect(researcher_domain_rule, dispatch_uid="accounts.researcher_domain")
    post_migrate.connect(
        site_follows_site_url, sender=app_config, dispatch_uid="accounts.site_follows_site_url"
    )
