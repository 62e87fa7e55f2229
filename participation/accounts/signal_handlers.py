"""Receivers of the accounts app, connected in ``AccountsConfig.ready``."""

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.utils.translation import gettext as _

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


def connect():
    email_confirmed.connect(researcher_domain_rule, dispatch_uid="accounts.researcher_domain")
