"""Personal data held by the ideas app, for the account export and deletion."""

from . import services
from .models import Follow, PendingImage, PendingNotification, Support


def export_ideas(user):
    return {
        "ideas": [
            {
                "reference": idea.reference,
                "title": idea.title,
                "text": idea.text,
                "summary_easy": idea.summary_easy,
                "topic": idea.topic.name,
                "district": idea.district.name,
                "place": idea.place,
                "status": idea.status,
                "created": idea.created,
                "image": f"dateien/{idea_image_path(idea)}" if idea.image else None,
                "image_alt": idea.image_alt,
            }
            for idea in user.ideas.select_related("topic", "district")
        ],
        "supports": [
            {
                "idea": support.idea.reference,
                "title": support.idea.title,
                "created": support.created,
            }
            for support in Support.objects.filter(user=user).select_related("idea")
        ],
        "follows": [
            {"idea": follow.idea.reference, "created": follow.created}
            for follow in Follow.objects.filter(user=user).select_related("idea")
        ],
        "images_not_yet_published": [
            {"file": f"dateien/{pending_path(image)}", "created": image.created}
            for image in PendingImage.objects.filter(user=user)
        ],
        "notifications_waiting": [
            {
                "idea": item.idea.reference if item.idea else None,
                "subject": item.subject,
                "text": item.body,
                "delivery": item.delivery,
                "created": item.created,
            }
            for item in PendingNotification.objects.filter(user=user).select_related("idea")
        ],
    }


def delete_idea_data(user):
    """Follows, queued mails and images of unpublished proposals (with their files) go; ideas
    and supports stay, shown as "Gelöschtes Konto"."""
    Follow.objects.filter(user=user).delete()
    PendingNotification.objects.filter(user=user).delete()
    services.delete_pending_images(PendingImage.objects.filter(user=user))


def idea_image_path(idea):
    return f"ideen/{idea.reference or idea.pk}-{idea.image.name.rsplit('/', 1)[-1]}"


def pending_path(image):
    return f"vorschlaege/{image.file.name.rsplit('/', 1)[-1]}"


def idea_files(user):
    """The person's own files for the export archive: idea images and kept proposal images."""
    files = [(idea_image_path(idea), idea.image) for idea in user.ideas.exclude(image="")]
    files += [(pending_path(image), image.file) for image in PendingImage.objects.filter(user=user)]
    return files
