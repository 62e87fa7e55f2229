from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .roles import grant_researcher_for_verified_email


@receiver(email_confirmed)
def researcher_domain_rule(sender, request, email_address, **kwargs):
    grant_researcher_for_verified_email(email_address.user, email_address.email)
