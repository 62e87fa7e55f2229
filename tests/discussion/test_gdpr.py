"""Comments in the data export and after an account is deleted."""

import pytest

from discussion import services
from participation.accounts import services as account_services
from participation.accounts.gdpr import collect_sections
from tests.discussion.helpers import page
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_export_contains_own_comments_and_reports(idea):
    user = UserFactory()
    comment = CommentFactory(target=idea, user=user, text="Mein Kommentar")
    reported = CommentFactory(target=idea)
    services.report_comment(user, reported, "spam", "Werbung")

    sections = collect_sections(user)

    assert sections["comments"][0]["text"] == "Mein Kommentar"
    assert sections["comments"][0]["url"].endswith(f"#c{comment.pk}")
    assert sections["reports"] == [
        {
            "on": "comment",
            "object_id": reported.pk,
            "reason": "spam",
            "note": "Werbung",
            "created": sections["reports"][0]["created"],
            "resolved": False,
        }
    ]


def test_account_deletion_blanks_the_copies_and_shows_geloeschtes_konto(client, idea):
    user = UserFactory(display_name="Wird Gelöscht")
    comment = CommentFactory(target=idea, user=user, text="Bleibt öffentlich")

    account_services.delete_account(user)

    comment.refresh_from_db()
    assert comment.user_name == "" and comment.user_email == "" and comment.ip_address is None
    html = page(client, idea)
    assert "Bleibt öffentlich" in html
    assert "Gelöschtes Konto" in html and "Wird Gelöscht" not in html
