"""State changes for accounts: the GDPR data export and account deletion."""

import io
import json
import zipfile
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from . import gdpr
from .models import User

EXPORT_FORMAT = "mitwirken-export/1"


def deleted_email(user):
    """A unique address that can never receive mail (``.invalid`` is reserved, RFC 2606)."""
    return f"deleted-{user.pk}@invalid"


def export_archive(user):
    """The export as a ZIP: ``mitwirken-daten.json`` (``export_account``) and the person's own
    files (idea images, images of unpublished proposals) under ``dateien/``. A file that is
    gone from the storage is listed in the JSON as missing instead."""
    data = export_account(user)
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, stored in gdpr.collect_files(user):
            try:
                with stored.storage.open(stored.name, "rb") as source:
                    archive.writestr(f"dateien/{path}", source.read())
            except FileNotFoundError:
                missing.append(path)
        data["files_missing"] = missing
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("mitwirken-daten.json", body)
    return buffer.getvalue()


def export_account(user):
    """Everything we store about ``user``, as JSON-serialisable data.

    The accounts app writes the account and its email addresses; other apps add their sections
    through the ``USER_DATA_EXPORT`` hook (:mod:`participation.accounts.gdpr`).
    """
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "notify": user.notify,
            "follow_supported": user.follow_supported,
            "institution": user.institution,
            "research_group": user.research_group,
            "roles": sorted(group.name for group in user.groups.all()),
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
    }
    data.update(gdpr.collect_sections(user))
    return data


@transaction.atomic
def delete_account(user):
    """Anonymise ``user``: the account can no longer log in and holds no personal data.

    Contributions stay and are shown under "Gelöschtes Konto" (``User.public_name``). Apps clean
    up their own personal data through the ``USER_DATA_DELETION`` hook.
    Calling this twice is harmless.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at:
        return user
    gdpr.delete_personal_data(user)

    EmailAddress.objects.filter(user=user).delete()  # cascades to pending confirmations
    user.deleted_at = timezone.now()
    user.display_name = ""
    user.email = deleted_email(user)
    user.institution = ""
    user.research_group = ""
    user.researcher_until = None
    user.notify = User.Notify.NONE
    user.follow_supported = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()  # also invalidates every other session of this account
    user.save()
    end_sessions(user)  # and their rows go (allauth keeps the login address in them)
    user.groups.clear()
    user.user_permissions.clear()
    user.__dict__.pop("group_names", None)
    user.__dict__.pop("has_verified_email", None)

    UserProfile.objects.filter(user=user).delete()  # admin avatar and preferences
    return user


def end_sessions(user):
    """Delete every stored session of ``user`` (other browsers, devices): each holds the
    account's id and allauth's record of the login with the address. Sessions are encoded,
    so each is decoded; account deletion is rare enough for that."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):  # cookie or cache-only sessions: nothing stored
        return
    owner = str(user.pk)
    for session in store.get_model_class().objects.iterator():
        data = store().decode(session.session_data)
        if owner in (data.get("_auth_user_id"), data.get("account_authentication_methods_user")):
            store(session.session_key).delete()


def relabel_log_entries(user):
    """Wagtail's log entries about ``user`` carry ``str(user)`` of their time as the label."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(_("Gelöschtes Konto"))
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=label)


def delete_unverified_accounts():
    """The daily job: accounts whose address was never confirmed go after
    ``UNVERIFIED_ACCOUNT_DAYS`` (they could not take part; nothing of theirs is public).
    Staff, superusers and members of any group are kept."""
    cutoff = timezone.now() - timedelta(days=settings.UNVERIFIED_ACCOUNT_DAYS)
    stale = (
        User.objects.filter(
            date_joined__lt=cutoff,
            deleted_at__isnull=True,
            is_staff=False,
            is_superuser=False,
            groups__isnull=True,
        )
        .exclude(emailaddress__verified=True)
        .distinct()
    )
    deleted = 0
    for user in stale:
        with transaction.atomic():
            delete_account(user)  # every app's deletion hook first (files, copies)
            try:
                with transaction.atomic():
                    user.delete()
            except ProtectedError:  # something still points at it: it stays anonymised
                pass
        deleted += 1
    return {"unverified_accounts_deleted": deleted}
