"""Give the editorial groups the model permissions the admin's "Beteiligung" area needs.

Ideas: view and change only (residents write them; hiding and answering go through
the services). Topics and districts: full management. Reports: view and change.
Django creates permissions after all migrations ran, so create them here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")

PERMISSIONS = {
    "idea": ("view", "change"),
    "topic": ("add", "change", "delete", "view"),
    "district": ("add", "change", "delete", "view"),
    "ideareport": ("view", "change"),
}


def _permissions(apps):
    app_config = apps.get_app_config("ideas")
    app_config.models_module = True  # historical app configs have none; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model, actions in PERMISSIONS.items():
        content_type = ContentType.objects.get(app_label="ideas", model=model)
        for action in actions:
            found.append(
                Permission.objects.get(content_type=content_type, codename=f"{action}_{model}")
            )
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_roles_and_site"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
