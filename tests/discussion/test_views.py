"""Writing, answering, editing, deleting and reporting comments through the portal's forms."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from discussion.models import Comment
from ideas.models import Follow, Idea
from reports.models import Report
from tests.discussion.helpers import count, page, recount, thread_tree, write
from tests.factories import (
    CommentFactory,
    EditorFactory,
    IdeaFactory,
    UnverifiedUserFactory,
    UserFactory,
)
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db


# --- Who may write ------------------------------------------------------------------------


def test_anonymous_post_is_sent_to_login_and_stores_nothing(client, idea):
    response = write(client, idea, "Anonym")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert Comment.objects.count() == 0


def test_unverified_account_is_asked_to_confirm_and_stores_nothing(client, idea):
    client.force_login(UnverifiedUserFactory())
    response = write(client, idea, "Noch nicht bestätigt")
    assert response.status_code == 403
    assert "bestätigen" in response.content.decode()
    assert Comment.objects.count() == 0
    assert count(idea) == 0


def test_the_comment_carries_the_accounts_public_name_whatever_the_form_sends(client, idea):
    resident = UserFactory(display_name="Rita Radlerin")
    client.force_login(resident)
    response = write(
        client, idea, "Mein Name", name="Bürgermeister", email="fake@stadt.de", followup="on"
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user == resident
    assert comment.user_name == "Rita Radlerin"
    assert comment.user_email == resident.email
    assert comment.followup is False
    assert count(idea) == 1
    assert Follow.objects.filter(idea=idea, user=resident).exists()
    assert "Bürgermeister" not in page(client, idea)


def test_comments_are_closed_on_withdrawn_and_hidden_ideas(client):
    client.force_login(UserFactory())
    withdrawn = IdeaFactory(status=Idea.Status.WITHDRAWN)
    assert write(client, withdrawn, "Zu spät").status_code == 403
    hidden = IdeaFactory(hidden=True)
    assert write(client, hidden, "Versteckt").status_code == 404
    assert Comment.objects.count() == 0


# --- Writing and answering ----------------------------------------------------------------


def test_comment_and_reply_appear_threaded_on_the_idea_page(client, idea):
    anna, ben = UserFactory(display_name="Anna A."), UserFactory(display_name="Ben B.")
    client.force_login(anna)
    response = write(client, idea, "Erste Zeile\nZweite Zeile")
    first = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}#c{first.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Danke! Ihr Kommentar ist veröffentlicht." in html

    client.force_login(ben)
    response = write(client, idea, "Eine Antwort", parent=first)
    reply = Comment.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"{idea.get_absolute_url()}#c{reply.pk}"
    html = page(client, idea)
    tree = thread_tree(html)
    assert tree.parent_of[f"c{first.pk}"] is None
    assert tree.parent_of[f"c{reply.pk}"] == f"c{first.pk}"
    assert "<p>Erste Zeile<br>Zweite Zeile</p>" in html
    assert 'Kommentare <span class="comments__count">(2)</span>' in html
    assert count(idea) == 2


def test_depth_is_capped_at_three_levels(client, idea):
    user = UserFactory()
    level0 = CommentFactory(target=idea, user=user, text="Ebene 0")
    level1 = CommentFactory(target=idea, user=user, text="Ebene 1", parent=level0)
    level2 = CommentFactory(target=idea, user=user, text="Ebene 2", parent=level1)
    assert [c.level for c in (level0, level1, level2)] == [0, 1, 2]

    client.force_login(UserFactory())
    html = page(client, idea)
    assert f"/ideen/kommentare/{level1.pk}/antworten/" in html
    assert f"/ideen/kommentare/{level2.pk}/antworten/" not in html
    response = write(client, idea, "Ebene 3", parent=level2)
    assert response.status_code == 403
    assert Comment.objects.count() == 3
    assert thread_tree(html).parent_of[f"c{level2.pk}"] == f"c{level1.pk}"


def test_too_long_or_empty_comment_is_shown_again_with_the_error_and_the_text(client, idea):
    client.force_login(UserFactory())
    text = "x" * 2001
    response = write(client, idea, text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 2000 Zeichen (bisher 2001)" in html
    assert text in html
    assert 'aria-invalid="true"' in html
    response = write(client, idea, "   ")
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    assert Comment.objects.count() == 0
    # Exactly the limit is fine, line breaks count once.
    assert write(client, idea, "a\r\n" * 666 + "ab").status_code == 302


def test_rate_limit_answers_429_in_german_and_stores_nothing(client, idea):
    client.force_login(UserFactory())
    with override_settings(RATE_LIMIT_COMMENT="2/60"):
        assert write(client, idea, "Eins").status_code == 302
        assert write(client, idea, "Zwei").status_code == 302
        response = write(client, idea, "Drei")
        assert response.status_code == 429
        html = response.content.decode()
        assert "Zu viele Kommentare" in html and "Drei" in html
    assert Comment.objects.count() == 2
    assert count(idea) == 2


def test_residents_comment_on_a_live_pilot_page_and_follow_its_idea(client, home):
    pilot = make_pilot(idea=IdeaFactory())
    resident = UserFactory()
    client.force_login(resident)

    response = write(client, pilot, "Wie läuft der Pilot?")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{pilot.url}#c{comment.pk}"
    assert Follow.objects.filter(idea=pilot.idea, user=resident).exists()
    assert "Wie läuft der Pilot?" in client.get(pilot.url).content.decode()


# --- Edit and delete -----------------------------------------------------------------------


def test_author_edits_within_15_minutes_and_the_comment_shows_bearbeitet(client, idea):
    author = UserFactory()
    comment = CommentFactory(target=idea, user=author, text="Tippfeler")
    client.force_login(author)
    form = client.get(f"/ideen/kommentare/{comment.pk}/bearbeiten/")
    assert form.status_code == 200 and "Tippfeler" in form.content.decode()
    response = client.post(f"/ideen/kommentare/{comment.pk}/bearbeiten/", {"text": "Tippfehler"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Tippfehler" and comment.edited_at is not None
    html = page(client, idea)
    assert "Tippfehler" in html and "bearbeitet" in html


def test_editing_after_15_minutes_or_someone_elses_comment_is_refused(client, idea):
    author = UserFactory()
    comment = CommentFactory(target=idea, user=author, text="Original")
    client.force_login(UserFactory())
    response = client.post(f"/ideen/kommentare/{comment.pk}/bearbeiten/", {"text": "Fremd"})
    assert response.status_code == 403
    Comment.objects.filter(pk=comment.pk).update(submit_date=timezone.now() - timedelta(minutes=16))
    client.force_login(author)
    assert f"/ideen/kommentare/{comment.pk}/bearbeiten/" not in page(client, idea)
    response = client.post(f"/ideen/kommentare/{comment.pk}/bearbeiten/", {"text": "Zu spät"})
    assert response.status_code == 403
    assert "15 Minuten" in response.content.decode()
    comment.refresh_from_db()
    assert comment.comment == "Original" and comment.edited_at is None


def test_deleting_shows_kommentar_geloescht_and_keeps_the_reply(client, idea):
    author, other = UserFactory(), UserFactory(display_name="Bea Antwort")
    comment = CommentFactory(target=idea, user=author, text="Wird gelöscht")
    reply = CommentFactory(target=idea, user=other, text="Bleibt stehen", parent=comment)
    client.force_login(other)
    assert client.post(f"/ideen/kommentare/{comment.pk}/loeschen/").status_code == 403
    client.force_login(author)
    confirm = client.get(f"/ideen/kommentare/{comment.pk}/loeschen/")
    assert "wirklich löschen" in confirm.content.decode()
    response = client.post(f"/ideen/kommentare/{comment.pk}/loeschen/")
    assert response.status_code == 302
    html = page(client, idea)
    assert "Kommentar gelöscht" in html
    assert "Wird gelöscht" not in html
    assert "Bleibt stehen" in html
    assert thread_tree(html).parent_of[f"c{reply.pk}"] == f"c{comment.pk}"
    reply.refresh_from_db()
    assert reply.is_public  # xtd's own cascade would have unpublished it
    assert count(idea) == 1


# --- Reports ---------------------------------------------------------------------------------


def test_three_reports_hide_the_comment_pending_review(client, idea):
    author = UserFactory()
    comment = CommentFactory(target=idea, user=author, text="Strittig")
    for number, reporter in enumerate(UserFactory.create_batch(3), start=1):
        client.force_login(reporter)
        form = client.get(f"/ideen/kommentare/{comment.pk}/melden/")
        assert "Beleidigend" in form.content.decode()
        response = client.post(
            f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam", "note": "Werbung"}
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.report_count == number
        assert comment.hidden_by_reports is (number == 3)
    client.force_login(UserFactory())
    html = page(client, idea)
    assert "Kommentar ausgeblendet (wird geprüft)" in html
    assert "Strittig" not in html
    client.force_login(author)
    html = page(client, idea)
    assert "Strittig" in html and "bis die Redaktion ihn geprüft hat" in html


def test_one_report_per_person_and_none_for_own_comments(client, idea):
    author, reporter = UserFactory(), UserFactory()
    comment = CommentFactory(target=idea, user=author)
    client.force_login(reporter)
    client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"})
    response = client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.target, report.reporter, report.reason) == (comment, reporter, "spam")
    assert "Von Ihnen gemeldet" in page(client, idea)
    client.force_login(author)
    response = client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"})
    assert response.status_code == 403
    assert Report.objects.count() == 1


# --- The counter -----------------------------------------------------------------------------


def test_counter_is_exact_across_post_delete_hide_and_restore(client, idea):
    from discussion import services

    author, editor = UserFactory(), EditorFactory()
    client.force_login(author)
    write(client, idea, "Eins")
    write(client, idea, "Zwei")
    first, second = Comment.objects.order_by("pk")
    write(client, idea, "Drei", parent=first)
    assert count(idea) == recount(idea) == 3

    client.post(f"/ideen/kommentare/{second.pk}/loeschen/")
    assert count(idea) == recount(idea) == 2

    for reporter in UserFactory.create_batch(3):
        client.force_login(reporter)
        client.post(f"/ideen/kommentare/{first.pk}/melden/", {"reason": "offensive"})
    first.refresh_from_db()
    assert first.hidden_by_reports and first.report_count == 3
    assert count(idea) == recount(idea) == 1

    services.restore_comments([first], by=editor)
    assert count(idea) == recount(idea) == 2
    services.hide_comments([first], by=editor)
    assert count(idea) == recount(idea) == 1
    services.restore_comments([first], by=editor)
    assert count(idea) == recount(idea) == 2
