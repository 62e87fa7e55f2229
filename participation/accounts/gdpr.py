"""Registries for the GDPR data export and account deletion.

Every app that stores personal data adds it to the export (Art. 15/20 GDPR) and, if needed,
cleans it up when an account is deleted (Art. 17 GDPR). Register from ``AppConfig.ready()``::

    from participation.accounts.gdpr import register_deletion, register_export

    @register_export
    def export_ideas(user):
        return {"ideas": [{"title": idea.title, ...} for idea in user.ideas.all()]}

An exporter takes the user and returns a mapping of section name to JSON-serialisable data
(``DjangoJSONEncoder`` handles dates, decimals and UUIDs). Section names must be unique across
the project. A deletion hook takes the user and runs inside the deletion transaction, before the
account is anonymised; contributions that stay public need nothing (``User.public_name`` shows
"Gelöschtes Konto").
"""

from collections.abc import Callable, Mapping
from typing import Any

Exporter = Callable[[Any], Mapping[str, Any]]
DeletionHook = Callable[[Any], None]

#: Sections the accounts app writes itself.
RESERVED_SECTIONS = frozenset({"format", "exported_at", "account", "email_addresses"})

_exporters: list[Exporter] = []
_deletion_hooks: list[DeletionHook] = []


def register_export(func: Exporter) -> Exporter:
    """Add ``func(user) -> {section: data}`` to the data export. Usable as a decorator."""
    if not callable(func):
        raise TypeError(f"{func!r} is not callable")
    if func not in _exporters:
        _exporters.append(func)
    return func


def register_deletion(func: DeletionHook) -> DeletionHook:
    """Run ``func(user)`` when an account is deleted. Usable as a decorator."""
    if not callable(func):
        raise TypeError(f"{func!r} is not callable")
    if func not in _deletion_hooks:
        _deletion_hooks.append(func)
    return func


def unregister_export(func: Exporter) -> None:
    if func in _exporters:
        _exporters.remove(func)


def unregister_deletion(func: DeletionHook) -> None:
    if func in _deletion_hooks:
        _deletion_hooks.remove(func)


def registered_exports() -> tuple[Exporter, ...]:
    return tuple(_exporters)


def registered_deletions() -> tuple[DeletionHook, ...]:
    return tuple(_deletion_hooks)


def collect_sections(user) -> dict[str, Any]:
    """Call every registered exporter; a section name used twice is a programming error."""
    sections: dict[str, Any] = {}
    for exporter in _exporters:
        result = exporter(user) or {}
        for name, data in result.items():
            if name in RESERVED_SECTIONS or name in sections:
                raise ValueError(f"Export section {name!r} is defined twice ({exporter!r}).")
            sections[name] = data
    return sections
