"""Personal data held by the ideas app, for the account export and deletion."""

from .models import Follow, PendingNotification, Support


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
    }


def delete_idea_data(user):
    """Follows and queued mails go; ideas and supports stay, shown as "Gelöschtes Konto"."""
    Follow.objects.filter(user=user).delete()
    PendingNotification.objects.filter(user=user).delete()
