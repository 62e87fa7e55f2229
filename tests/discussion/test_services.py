"""The rules the comment services enforce, whatever calls them."""

import pytest

from discussion import services
from discussion.models import Comment
from ideas.models import Follow
from ideas.services import NotAllowed
from tests.factories import CommentFactory, EditorFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_comment_of_another_idea_is_refused(idea):
    elsewhere = CommentFactory(target=IdeaFactory())

    with pytest.raises(NotAllowed):
        services.post_comment(UserFactory(), idea, "Quer", parent=elsewhere)

    assert Comment.objects.count() == 1


def test_a_reply_below_the_third_level_is_refused(idea):
    level0 = CommentFactory(target=idea)
    level1 = CommentFactory(target=idea, parent=level0)
    level2 = CommentFactory(target=idea, parent=level1)

    with pytest.raises(services.ThreadTooDeep):
        services.post_comment(UserFactory(), idea, "Ebene 3", parent=level2)

    assert Comment.objects.count() == 3


def test_commenters_follow_the_idea_when_their_preference_is_on(idea):
    follower, loner = UserFactory(), UserFactory(follow_supported=False)
    CommentFactory(target=idea, user=follower)
    CommentFactory(target=idea, user=loner)
    assert Follow.objects.filter(idea=idea, user=follower).exists()
    assert not Follow.objects.filter(idea=idea, user=loner).exists()


def test_a_second_report_of_the_same_person_counts_once_and_own_comments_cannot_be_reported(
    idea,
):
    comment = CommentFactory(target=idea)
    reporter = UserFactory()

    assert services.report_comment(reporter, comment, "spam") is True
    assert services.report_comment(reporter, comment, "offensive") is False
    with pytest.raises(NotAllowed):
        services.report_comment(comment.user, comment, "spam")

    comment.refresh_from_db()
    assert comment.report_count == 1


def test_only_comments_of_editors_can_be_the_official_answer(idea):
    resident_comment = CommentFactory(target=idea)
    editor_comment = CommentFactory(target=idea, user=EditorFactory())

    changed, refused = services.set_official([resident_comment, editor_comment])

    assert (changed, refused) == (1, 1)
    assert Comment.objects.get(pk=editor_comment.pk).is_official
    assert not Comment.objects.get(pk=resident_comment.pk).is_official
