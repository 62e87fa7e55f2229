"""Demo accounts for local runs (``make demo``). Idempotent: a second ``load()`` changes nothing.

| Email                        | Role                 | Password        |
|------------------------------|----------------------|-----------------|
| bewohnerin@example.org       | resident             | mitwirken-demo  |
| forscher@uni-wuppertal.de    | researcher           | mitwirken-demo  |
| redaktion@example.org        | editor (Wagtail)     | mitwirken-demo  |
| moderation@example.org       | moderator (Wagtail)  | mitwirken-demo  |
| admin@example.org            | administrator        | mitwirken-demo  |

The editor is a plain member of the group "Editors", not a superuser: the demo shows what the
editorial team may do (approve the editorial step of "Pilot-Freigabe", not the scientific one;
no publishing of pilots past the review). Settings and users are for the demo administrator
(a superuser, in no group).

Never load these on a public server: the password is in the README.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from participation.accounts.models import (
    EDITORS_GROUP,
    MODERATORS_GROUP,
    RESEARCHERS_GROUP,
    User,
)

from . import data

DEMO_PASSWORD = "mitwirken-demo"  # noqa: S105 - documented local demo login

# Group keys in ``data/accounts.json`` → the group names of the roles.
GROUPS = {
    "researchers": RESEARCHERS_GROUP,
    "editors": EDITORS_GROUP,
    "moderators": MODERATORS_GROUP,
}

# The editor is a plain member of "Editors" (``fields`` set ``is_superuser`` false, so a second
# load also takes superuser rights from an editor account that older demo data had made one);
# the moderator is only in "Moderators": each shows what that role alone may do. The demo
# administrator is a superuser for settings, snippets and users. Demo only.
ACCOUNTS = [
    {**spec, "groups": [GROUPS[key] for key in spec["groups"]]}
    for spec in data.load("accounts")["accounts"]
]


def _ensure_account(spec):
    user = User.objects.filter(email=spec["email"]).first()
    if user is None:
        user = User(email=spec["email"], language="de")
        for name, value in spec["fields"].items():
            setattr(user, name, value)
        user.set_password(DEMO_PASSWORD)
        user.save()
    else:
        changed = [n for n, v in spec["fields"].items() if getattr(user, n) != v]
        for name in changed:
            setattr(user, name, spec["fields"][name])
        if not user.is_active or user.deleted_at:
            user.is_active, user.deleted_at = True, None
            changed += ["is_active", "deleted_at"]
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if changed:
            user.save(update_fields=changed)

    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])

    for name in spec["groups"]:
        group, _created = Group.objects.get_or_create(name=name)
        user.groups.add(group)  # no-op when already a member
    return user


@transaction.atomic
def load():
    """Create (or repair) the demo accounts; returns them keyed by email."""
    return {spec["email"]: _ensure_account(spec) for spec in ACCOUNTS}
