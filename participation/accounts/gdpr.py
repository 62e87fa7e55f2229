"""The GDPR data export and account deletion, extended by every app through Wagtail hooks.

Every app that stores personal data adds it to the export (Art. 15/20 GDPR) and, if needed,
cleans it up when an account is deleted (Art. 17 GDPR), in its ``wagtail_hooks.py``::

    from participation.accounts.gdpr import USER_DATA_DELETION, USER_DATA_EXPORT

    hooks.register(USER_DATA_EXPORT, gdpr.export_ideas)
    hooks.register(USER_DATA_DELETION, gdpr.delete_idea_data)

An exporter takes the user and returns a mapping of section name to JSON-serialisable data
(``DjangoJSONEncoder`` handles dates, decimals and UUIDs). Section names must be unique across
the project. A deletion hook takes the user and runs inside the deletion transaction, before the
account is anonymised; contributions that stay public need nothing (``User.public_name`` shows
"Gelöschtes Konto").
"""

from typing import Any

from wagtail import hooks

#: ``fn(user) -> {section: data}``: a part of the data export.
USER_DATA_EXPORT = "mitwirken_user_data_export"
#: ``fn(user) -> None``: run when an account is deleted.
USER_DATA_DELETION = "mitwirken_user_data_deletion"
#: ``fn(user) -> [(path in the archive, FieldFile)]``: the person's own files for the export.
USER_DATA_FILES = "mitwirken_user_data_files"

#: Sections the accounts app writes itself.
RESERVED_SECTIONS = frozenset({"format", "exported_at", "account", "email_addresses"})


def collect_sections(user) -> dict[str, Any]:
    """Call every exporter; a section name used twice is a programming error."""
    sections: dict[str, Any] = {}
    for exporter in hooks.get_hooks(USER_DATA_EXPORT):
        result = exporter(user) or {}
        for name, data in result.items():
            if name in RESERVED_SECTIONS or name in sections:
                raise ValueError(f"Export section {name!r} is defined twice ({exporter!r}).")
            sections[name] = data
    return sections


def collect_files(user):
    """Every app's files of ``user``: ``[(path in the archive, FieldFile)]``."""
    files = []
    for collector in hooks.get_hooks(USER_DATA_FILES):
        files.extend(collector(user) or [])
    return files


def addresses_of(user) -> set[str]:
    """Every address known to be the person's, lower-cased: the account's, its allauth
    addresses and those of researcher role requests. Deletion hooks run before the accounts
    app removes them, so apps can find copies (a feedback message, a queued mail)."""
    from allauth.account.models import EmailAddress

    from .models import ResearcherRoleRequest

    addresses = {user.email}
    addresses |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses |= set(
        ResearcherRoleRequest.objects.filter(user=user).values_list("email", flat=True)
    )
    return {address.strip().lower() for address in addresses if address and address.strip()}


def delete_personal_data(user) -> None:
    """Run every app's deletion hook for ``user``."""
    for hook in hooks.get_hooks(USER_DATA_DELETION):
        hook(user)
