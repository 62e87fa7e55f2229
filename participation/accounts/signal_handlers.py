"""Receivers of the accounts app, connected in ``AccountsConfig.ready``."""

from allauth.account.signals import email_confirmed

from .roles import grant_researcher_for_verified_email


def researcher_domain_rule(sender, request, email_address, **kwargs):
    """A confirmed address at the university's domain makes the account a researcher."""
    grant_researcher_for_verified_email(email_address.user, email_address.email)


def connect():
    email_confirmed.connect(researcher_domain_rule, dispatch_uid="accounts.researcher_domain")
