"""Model permissions for the editorial groups, granted from data migrations.

Django creates permissions only after all migrations ran (``post_migrate``), so a data
migration that grants them creates them first. Used by ``ideas`` and ``reports``.

Editors and moderators are separate roles with separate permissions: ``granter`` takes the
groups (``EDITORS``, ``MODERATORS``; both unless told). A later migration takes a permission
away with the pair turned round: ``RunPython(revoke, grant)``.
"""

from django.contrib.auth.management import create_permissions

EDITORIAL_GROUPS = ("Editors", "Moderators")
EDITORS = ("Editors",)
MODERATORS = ("Moderators",)


def _permissions(apps, app_label, permissions):
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # historical app configs have none; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    content_types = apps.get_model("contenttypes", "ContentType").objects
    permission_objects = apps.get_model("auth", "Permission").objects
    found = []
    for model, actions in permissions.items():
        content_type = content_types.get(app_label=app_label, model=model)
        for action in actions:
            found.append(
                permission_objects.get(content_type=content_type, codename=f"{action}_{model}")
            )
    return found


def granter(app_label, permissions, groups=EDITORIAL_GROUPS):
    """``(grant, revoke)`` for ``migrations.RunPython``: ``permissions`` maps model names to
    actions, e.g. ``{"idea": ("view", "change")}``."""

    def grant(apps, schema_editor):
        group_objects = apps.get_model("auth", "Group").objects
        found = _permissions(apps, app_label, permissions)
        for name in groups:
            group, _created = group_objects.get_or_create(name=name)
            group.permissions.add(*found)

    def revoke(apps, schema_editor):
        found = _permissions(apps, app_label, permissions)
        for group in apps.get_model("auth", "Group").objects.filter(name__in=groups):
            group.permissions.remove(*found)

    return grant, revoke
