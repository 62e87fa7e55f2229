"""Give the editorial groups the model permissions the admin's "Beteiligung" area needs.

Ideas: view and change only (residents write them; hiding and answering go through the
services). Topics and districts: full management. The participation rules: change.
"""

from django.db import migrations

from participation.permissions import granter

grant, revoke = granter(
    "ideas",
    {
        "idea": ("view", "change"),
        "topic": ("add", "change", "delete", "view"),
        "district": ("add", "change", "delete", "view"),
        "participationsettings": ("change",),
    },
)


class Migration(migrations.Migration):
    # The roles migration comes after auth's and contenttypes' own (it creates the groups).
    dependencies = [("ideas", "0001_initial"), ("accounts", "0002_roles_and_site")]

    operations = [migrations.RunPython(grant, revoke)]
