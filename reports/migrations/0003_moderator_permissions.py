"""Reports are the moderators': editors no longer read or settle them."""

from django.db import migrations

from participation.permissions import EDITORS, granter

give_back, take_away = granter("reports", {"report": ("view", "change")}, groups=EDITORS)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_editor_permissions")]

    operations = [migrations.RunPython(take_away, give_back)]
