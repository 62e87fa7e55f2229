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
    dependencies = [
        ("ideas", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_roles_and_site"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
