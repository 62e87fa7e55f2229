from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="ideas", model="participationsettings")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_participationsettings",
        defaults={"name": "Can change Beteiligungsregeln"},
    )
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_editor_permissions")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
