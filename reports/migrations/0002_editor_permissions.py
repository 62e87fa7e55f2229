"""Editors and moderators read and settle reports in the admin (view and change)."""

from django.db import migrations

from participation.permissions import granter

grant, revoke = granter("reports", {"report": ("view", "change")})


class Migration(migrations.Migration):
    # The roles migration comes after auth's and contenttypes' own (it creates the groups).
    dependencies = [("reports", "0001_initial"), ("accounts", "0002_roles_and_site")]

    operations = [migrations.RunPython(grant, revoke)]
