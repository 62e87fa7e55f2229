"""What the discussion does when ideas change below it."""

from ideas.signals import ideas_merged

from .targets import comments_for, refresh_comment_count


def move_comments_of_merged_idea(sender, source, target, **kwargs):
    """A merged idea's page redirects to its target: its comments move there with their
    threads, so the discussion and every link to a comment (``…#c12``) stay reachable."""
    comments_for(source).update(object_pk=str(target.pk))
    refresh_comment_count(source)
    refresh_comment_count(target)


def connect():
    ideas_merged.connect(
        move_comments_of_merged_idea, dispatch_uid="discussion_move_comments_of_merged_idea"
    )
