from django.db import migrations


def create_roles_and_site(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Forschende")
    Group.objects.get_or_create(name="Editors")
    Group.objects.get_or_create(name="Moderators")
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(id=1, defaults={"domain": "mitwirken.example.org", "name": "Mitwirken"})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_roles_and_site, migrations.RunPython.noop)]
