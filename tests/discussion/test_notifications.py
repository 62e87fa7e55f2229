"""Who hears about a comment: the idea's author, the author of the comment answered."""

import pytest
from django.core import mail

from discussion.models import Comment
from tests.discussion.helpers import write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_idea_author_and_parent_author_hear_about_comments_but_not_the_writer(
    client, idea, django_capture_on_commit_callbacks
):
    ben = UserFactory(display_name="Ben")
    client.force_login(ben)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, idea, "Gute Idee")
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    assert "Ben hat Ihre Idee" in mail.outbox[0].body
    first = Comment.objects.get()

    mail.outbox.clear()
    client.force_login(idea.author)
    with django_capture_on_commit_callbacks(execute=True):
        write(client, idea, "Danke!", parent=first)
    assert [m.to for m in mail.outbox] == [[ben.email]]
    assert "hat auf Ihren Kommentar" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_notification_preferences_are_respected(client, idea, django_capture_on_commit_callbacks):
    idea.author.notify = idea.author.Notify.NONE
    idea.author.save(update_fields=["notify"])
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        write(client, idea, "Niemand hört das")
    assert mail.outbox == []
