"""django-comments-xtd's own URLs are not mounted: comments are written only through the
portal's forms (/ideen/kommentare/…), which check verification, rate limits, closed ideas and
thread depth. Whatever reaches xtd's old addresses finds nothing and changes nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_comments.models import CommentFlag
from django_comments_xtd.forms import XtdCommentForm

from discussion.models import Comment
from reports.models import Report
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

XTD_PATHS = [
    "post/",
    "posted/?c={comment}",
    "reply/{comment}/",
    "flag/{comment}/",
    "flagged/",
    "delete/{comment}/",
    "approve/{comment}/",
    "like/{comment}/",
    "dislike/{comment}/",
    "sent/",
    "mute/{comment}/",
    "confirm/{comment}/",
    "cr/{content_type}/{idea}/",
    "api/comment/",
    "api/preview/",
    "api/flag/",
    "api/feedback/",
    "api/ideas-idea/{idea}/",
    "api/ideas-idea/{idea}/count/",
]


@pytest.mark.parametrize("path", XTD_PATHS)
def test_xtd_endpoints_answer_404_and_store_nothing(client, idea, path):
    comment = CommentFactory(target=idea)
    client.force_login(UserFactory())  # a verified resident: the most xtd would have let in
    url = "/kommentare/" + path.format(
        comment=comment.pk,
        idea=idea.pk,
        content_type=ContentType.objects.get_for_model(idea).pk,
    )
    payload = XtdCommentForm(idea).generate_security_data()  # a form xtd would have accepted
    payload.update(
        {"comment": "Über xtd", "name": "X", "email": "x@example.org", "url": "", "reply_to": 0}
    )

    assert client.get(url).status_code == 404
    assert client.post(url, payload).status_code == 404

    assert list(Comment.objects.values_list("pk", flat=True)) == [comment.pk]
    assert not Report.objects.exists()
    assert not CommentFlag.objects.exists()
    idea.refresh_from_db()
    assert idea.comment_count == 1
