from django.db import migrations

WORKFLOW_NAME = "Pilot-Freigabe"


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ThresholdGuardTask = apps.get_model("pilots", "ThresholdGuardTask")
    PilotReviewTask = apps.get_model("pilots", "PilotReviewTask")

    researchers, _ = Group.objects.get_or_create(name="Forschende")
    editors, _ = Group.objects.get_or_create(name="Editors")

    # Researchers review drafts in the Wagtail admin: admin access, no page permissions.
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    researchers.permissions.add(access_admin)

    # Editors' approval publishes the pilot: they need the publish permission on pages.
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in ("publish_page", "lock_page", "unlock_page"):
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type, codename=codename, defaults={"name": codename}
            )
            GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=permission)

    def task(model, name, group=None):
        content_type, _ = ContentType.objects.get_or_create(app_label="pilots", model=model.__name__.lower())
        obj, _ = model.objects.get_or_create(name=name, defaults={"content_type": content_type, "active": True})
        if group is not None:
            obj.groups.add(group)
        return obj

    guard = task(ThresholdGuardTask, "Schwelle gehalten")
    review = task(PilotReviewTask, "Wissenschaftliche Prüfung", researchers)
    approval = task(PilotReviewTask, "Redaktionelle Freigabe", editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, item in enumerate([guard, review, approval]):
        WorkflowTask.objects.get_or_create(workflow=workflow, task=item, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("pilots", "0001_initial"),
        ("accounts", "0002_roles_and_site"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
