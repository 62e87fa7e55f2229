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
                "image": idea.image.name or None,
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
            {"created": image.created} for image in PendingImage.objects.filter(user=user)
        ],
    }


def delete_idea_data(user):
    """Follows, queued mails and images of unpublished proposals (with their files) go; ideas
    and supports stay, shown as "Gelöschtes Konto"."""
    Follow.objects.filter(user=user).delete()
    PendingNotification.objects.filter(user=user).delete()
    services.delete_pending_images(PendingImage.objects.filter(user=user))
