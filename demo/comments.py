"""Demo comments: short discussions with replies on a few demo ideas.

``load()`` is idempotent (a comment is keyed by its idea, author and text) and runs after
``demo.ideas`` and ``demo.accounts``; the threads are in ``data/comments.json``. Like the
other demo loaders it writes rows directly: no mail, no rate limit. Some comments come from
the demo researcher (badge "Forschung · …"), one from the editor is marked as the city's
official answer, and ``Idea.comment_count`` is recounted from the rows afterwards.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from discussion import services as comments
from discussion import targets
from discussion.models import Comment
from ideas.models import Follow, Idea
from participation.accounts.models import User

from . import data


@dataclass
class DemoComment:
    author: str  # an email address
    text: str
    hours_ago: int
    official: bool = False
    replies: list = field(default_factory=list)

    @classmethod
    def from_record(cls, record):
        """A comment (and its replies) from ``data/comments.json``; ages there are in days."""
        return cls(
            author=record["author"],
            text=record["text"],
            hours_ago=record["days_ago"] * 24,
            official=record.get("official", False),
            replies=[cls.from_record(reply) for reply in record.get("replies", [])],
        )


# Idea title → its top-level comments, in the order they are written.
THREADS = {
    title: [DemoComment.from_record(record) for record in records]
    for title, records in data.load("comments")["threads"].items()
}


def _walk(specs, parent=None):
    for spec in specs:
        yield spec, parent
        yield from _walk(spec.replies, spec)


def _create(idea, spec, user, parent_comment, when):
    comment = Comment(
        content_type=targets.content_type_for(idea),
        object_pk=str(idea.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.public_name[: comments.NAME_MAX_LENGTH],
        user_email=user.email,
        comment=spec.text,
        submit_date=when,
        is_public=True,
        parent_id=parent_comment.pk if parent_comment is not None else 0,
        is_official=spec.official,
    )
    comment.save()  # a new row: xtd sets thread, level and order
    return comment


@transaction.atomic
def load():
    """Create the missing demo comments; returns a one-line summary."""
    now = timezone.now()
    emails = {spec.author for specs in THREADS.values() for spec, _parent in _walk(specs)}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=list(THREADS))}
    created = total = 0
    for title, specs in THREADS.items():
        idea = ideas.get(title)
        if idea is None:
            continue
        existing = {
            (c.user_id, c.comment): c
            for c in targets.comments_for(idea).select_related(None).only("pk", "user", "comment")
        }
        made = {}
        for spec, parent_spec in _walk(specs):
            user = users.get(spec.author)
            if user is None:
                continue
            total += 1
            comment = existing.get((user.pk, spec.text))
            if comment is None:
                parent = made.get(id(parent_spec)) if parent_spec is not None else None
                if parent_spec is not None and parent is None:
                    continue  # the parent's author is missing
                start = idea.published_at or idea.created
                when = max(now - timedelta(hours=spec.hours_ago), start + timedelta(hours=1))
                when = min(when, now - timedelta(minutes=30))
                comment = _create(idea, spec, user, parent, when)
                created += 1
            made[id(spec)] = comment
            if user.follow_supported:
                Follow.objects.get_or_create(idea=idea, user=user)
        targets.refresh_comment_count(idea)
    return f"{total} Demo-Kommentare ({created} neu) auf {len(ideas)} Ideen"
