"""Personal data in comments, for the account export and deletion (``wagtail_hooks``)."""

from .models import Comment
from .rules import is_hidden
from .targets import attach_targets, comment_url, target_title


def export_comments(user):
    comments = attach_targets(
        list(Comment.objects.filter(user=user).select_related("content_type").order_by("pk"))
    )
    return {
        "comments": [
            {
                "id": comment.pk,
                "on": target_title(comment.target) if comment.target is not None else None,
                "url": comment_url(comment) if comment.target is not None else None,
                "reply_to": comment.parent_id if comment.parent_id != comment.pk else None,
                "text": comment.comment,
                "submitted": comment.submit_date,
                "edited": comment.edited_at,
                "deleted": comment.is_removed,
                "hidden": is_hidden(comment),
                "official": comment.is_official,
            }
            for comment in comments
        ],
    }


def delete_comment_data(user):
    """Comments stay public under "Gelöschtes Konto"; the copies of name and address go."""
    Comment.objects.filter(user=user).update(
        user_name="", user_email="", user_url="", ip_address=None
    )
