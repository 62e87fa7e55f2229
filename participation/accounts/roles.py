"""Roles: residents (verified accounts), researchers, editors and moderators.

The researcher role (group "Forschende") is never automatic. A verified address at exactly
one of ``RESEARCHER_EMAIL_DOMAINS`` (a subdomain only when it is listed itself) makes a
*request* (``ResearcherRoleRequest``); an editor confirms it with the research group, or
declines it. The role holds until ``User.researcher_until``: renewed by the researcher
("Rolle verlängern" in the profile, while a university address is verified) or by an
editor; withdrawn by an editor; lapsed by the daily job (``manage.py run_daily``).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .models import RESEARCHERS_GROUP, ResearcherRoleRequest, User


class RoleError(Exception):
    """A refused role change. ``message`` is shown to the user."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def _domain(value):
    return value.strip().lower().lstrip("@.").rstrip(".")


def email_domain_is_research(email):
    """Exactly a configured domain: ``math.uni-wuppertal.de`` only if it is listed itself."""
    domain = _domain(email.rsplit("@", 1)[-1])
    return domain in {_domain(allowed) for allowed in settings.RESEARCHER_EMAIL_DOMAINS}


def has_research_address(user):
    """The account has a verified address at a configured domain (self-renewal needs one)."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return any(email_domain_is_research(email) for email in addresses)


def role_end(today=None):
    """The last day of a role granted or renewed ``today``; ``None`` when it never lapses."""
    if settings.RESEARCHER_ROLE_DAYS <= 0:
        return None
    return (today or timezone.localdate()) + timedelta(days=settings.RESEARCHER_ROLE_DAYS)


def _researchers_group():
    return Group.objects.get_or_create(name=RESEARCHERS_GROUP)[0]


def _forget_groups(user):
    user.__dict__.pop("group_names", None)


def grant_researcher(user):
    """Put ``user`` in "Forschende" for the configured period from today."""
    user.groups.add(_researchers_group())
    user.researcher_until = role_end()
    user.save(update_fields=["researcher_until"])
    _forget_groups(user)


def grant_researcher_role(user, *, by, research_group, institution):
    """An editor grants the role, labelled with the research group and institution."""
    user.research_group = research_group.strip()
    user.institution = institution.strip()
    user.save(update_fields=["research_group", "institution"])
    grant_researcher(user)
    log(instance=user, action="accounts.grant_researcher", user=by)


def _remove_researcher(user):
    user.groups.remove(_researchers_group())
    user.researcher_until = None
    user.save(update_fields=["researcher_until"])
    _forget_groups(user)


def withdraw_researcher(user, *, by):
    """An editor withdraws the role; the account stays a resident."""
    _remove_researcher(user)
    log(instance=user, action="accounts.revoke_researcher", user=by)


def renew_researcher(user, *, by):
    """Another period from today. ``by`` is the researcher or an editor."""
    if not user.is_researcher:
        raise RoleError(_("Dieses Konto hat die Rolle „Forschende“ nicht."))
    user.researcher_until = role_end()
    user.save(update_fields=["researcher_until"])
    log(instance=user, action="accounts.renew_researcher", user=by)


def can_renew_own_role(user):
    return bool(user.is_authenticated and user.is_researcher and has_research_address(user))


def lapse_researcher_roles(today=None):
    """The daily job: roles whose period ended lapse. Returns how many lapsed.

    Members without an end date (put into the group by hand, or before roles lapsed) get
    one period from today, so no role lasts forever unless ``RESEARCHER_ROLE_DAYS`` is 0.
    """
    today = today or timezone.localdate()
    members = User.objects.filter(groups__name=RESEARCHERS_GROUP)
    if settings.RESEARCHER_ROLE_DAYS > 0:
        User.objects.filter(
            pk__in=members.filter(researcher_until__isnull=True).values("pk")
        ).update(researcher_until=role_end(today))
    lapsed = list(members.filter(researcher_until__lt=today))
    for user in lapsed:
        _remove_researcher(user)
        log(instance=user, action="accounts.lapse_researcher", user=None)
    return len(lapsed)


# --- Requests --------------------------------------------------------------------------------


def open_request(user):
    return ResearcherRoleRequest.objects.filter(
        user=user, state=ResearcherRoleRequest.State.OPEN
    ).first()


def request_researcher_role(user, email):
    """A verified university address asks for the role. Returns the new request, or ``None``
    (another domain, already a researcher, or a request is already open)."""
    if not email_domain_is_research(email) or user.is_researcher or open_request(user):
        return None
    try:
        with transaction.atomic():
            return ResearcherRoleRequest.objects.create(user=user, email=email.lower())
    except IntegrityError:  # a second confirmation at the same moment
        return None


def _decide(role_request, state, by):
    locked = ResearcherRoleRequest.objects.select_for_update().get(pk=role_request.pk)
    if locked.state != ResearcherRoleRequest.State.OPEN:
        raise RoleError(_("Über diese Anfrage ist bereits entschieden."))
    locked.state = state
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    return locked


@transaction.atomic
def confirm_researcher_request(role_request, *, by, research_group, institution):
    """An editor confirms: the account gets the role, labelled with its research group."""
    locked = _decide(role_request, ResearcherRoleRequest.State.CONFIRMED, by)
    user = locked.user
    if not user.is_active or user.deleted_at:
        raise RoleError(_("Dieses Konto ist gesperrt oder gelöscht."))
    grant_researcher_role(user, by=by, research_group=research_group, institution=institution)
    return locked


@transaction.atomic
def decline_researcher_request(role_request, *, by):
    locked = _decide(role_request, ResearcherRoleRequest.State.DECLINED, by)
    log(instance=locked.user, action="accounts.decline_researcher", user=by)
    return locked
