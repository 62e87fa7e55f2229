"""Roles: residents (verified accounts), researchers and editors."""

from django.conf import settings
from django.contrib.auth.models import Group

from .models import RESEARCHERS_GROUP


def email_domain_is_research(email):
    domain = email.rsplit("@", 1)[-1].lower().strip()
    for allowed in settings.RESEARCHER_EMAIL_DOMAINS:
        allowed = allowed.lower().lstrip("@.")
        if domain == allowed or domain.endswith("." + allowed):
            return True
    return False


def grant_researcher(user):
    group, _ = Group.objects.get_or_create(name=RESEARCHERS_GROUP)
    user.groups.add(group)
    user.__dict__.pop("group_names", None)


def grant_researcher_for_verified_email(user, email):
    """Called when an address is verified: university addresses make a researcher."""
    if email_domain_is_research(email):
        grant_researcher(user)
        return True
    return False
