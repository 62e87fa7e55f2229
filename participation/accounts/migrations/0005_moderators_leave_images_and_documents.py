from django.db import migrations

APPS = ("wagtailimages", "wagtaildocs")


def moderators_leave_images_and_documents(apps, schema_editor):
    """Moderators moderate what residents write; the image and document library is the
    editors' (it serves pages, which are theirs: see 0003).

    Wagtail's own migrations give the groups "Editors" and "Moderators" add, change, delete
    (and later choose) on images and documents, as model permissions and on the root
    collection; a moderator could upload files to the library and change or delete the
    editors' images. Both go for "Moderators"; "Editors" keep theirs.
    """
    Group = apps.get_model("auth", "Group")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    library = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label__in=APPS
    )
    moderators.permissions.remove(*library)
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group=moderators, permission__content_type__app_label__in=APPS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_coalesced_mail"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(moderators_leave_images_and_documents, migrations.RunPython.noop)
    ]
