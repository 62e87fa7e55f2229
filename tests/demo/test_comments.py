"""The demo comments: threads with replies, a researcher's badge, an official answer."""

import pytest

from demo import accounts as demo_accounts
from demo import comments as demo_comments
from demo import ideas as demo_ideas
from discussion.models import Comment
from ideas.models import Idea
from tests.discussion.helpers import page, recount

pytestmark = pytest.mark.django_db


def test_demo_comments_are_idempotent_with_exact_counters_badges_and_an_official_answer(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    demo_accounts.load()
    demo_ideas.load()
    demo_comments.load()
    total = Comment.objects.count()
    assert total >= 12
    demo_comments.load()
    assert Comment.objects.count() == total
    assert Comment.objects.filter(level__gt=0).exists()
    assert Comment.objects.filter(level=2).exists()
    assert Comment.objects.filter(user__email=demo_ideas.RESEARCHER_LOGIN).count() >= 2
    official = Comment.objects.get(is_official=True)
    assert official.user.email == demo_ideas.EDITOR_LOGIN
    for idea in Idea.objects.filter(comment_count__gt=0):
        assert idea.comment_count == recount(idea)
    assert Idea.objects.filter(comment_count__gt=0).count() >= 3
    parking = Idea.objects.get(title__startswith="Parkleitsystem mit Sensoren")
    html = page(client, parking)
    assert "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in html
    assert "Offizielle Antwort der Stadt" in html
