"""Moderators hide and restore ideas; they do not edit them, answer them or manage topics,
districts and the participation rules (that is the editors'). They keep ``view`` on ideas,
topics and districts: the idea listing (with its hide and restore actions) and its filters.
"""

from django.db import migrations

from participation.permissions import MODERATORS, granter

give_back, take_away = granter(
    "ideas",
    {
        "idea": ("change",),
        "topic": ("add", "change", "delete"),
        "district": ("add", "change", "delete"),
        "participationsettings": ("change",),
    },
    groups=MODERATORS,
)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_editor_permissions")]

    operations = [migrations.RunPython(take_away, give_back)]
