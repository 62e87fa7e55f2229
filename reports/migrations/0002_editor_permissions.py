"""Editors and moderators read and settle reports in the admin (view and change)."""

from django.db import migrations

from participation.permissions import granter

grant, revoke = granter("reports", {"report": ("view", "change")})


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_roles_and_site"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
