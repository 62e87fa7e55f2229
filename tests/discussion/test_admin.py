"""The editors' comment moderation in the Wagtail admin ("Beteiligung" → "Kommentare")."""

import re

import pytest

from discussion import services
from tests.discussion.helpers import count, page
from tests.factories import CommentFactory, EditorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/beteiligung/kommentare/"


def queue(client, query=""):
    return client.get(QUEUE_URL + query)


def test_admin_queue_is_for_editors_only(client, idea):
    CommentFactory(target=idea)
    client.force_login(UserFactory())
    assert queue(client).status_code in (302, 403)
    client.force_login(EditorFactory())
    response = queue(client, "?zustand=alle")
    assert response.status_code == 200
    assert "Ein Kommentar." in response.content.decode()


def test_admin_bulk_hide_restore_filters_and_official(client, idea):
    editor = EditorFactory(display_name="Stadt Redaktion")
    resident_comment = CommentFactory(target=idea, text="Von Bürgerin")
    editor_comment = CommentFactory(
        target=idea, user=editor, text="Antwort der Stadt", parent=resident_comment
    )
    client.force_login(ModeratorFactory())
    url = f"{QUEUE_URL}?zustand=alle"

    response = client.post(url, {"action": "hide", "comments": [resident_comment.pk]})
    assert response.status_code == 302
    resident_comment.refresh_from_db()
    assert resident_comment.hidden_by_reports and count(idea) == 1
    assert "Von Bürgerin" in queue(client, "?zustand=ausgeblendet").content.decode()
    assert "Von Bürgerin" not in queue(client, "?zustand=offiziell").content.decode()
    assert "Kommentar von der Redaktion ausgeblendet" in page(client.__class__(), idea)

    client.post(url, {"action": "restore", "comments": [resident_comment.pk]})
    resident_comment.refresh_from_db()
    assert not resident_comment.hidden_by_reports and count(idea) == 2

    client.force_login(editor)
    client.post(url, {"action": "official", "comments": [resident_comment.pk, editor_comment.pk]})
    resident_comment.refresh_from_db()
    editor_comment.refresh_from_db()
    assert editor_comment.is_official and not resident_comment.is_official
    html = page(client.__class__(), idea)
    assert html.count("Offizielle Antwort der Stadt") == 1
    assert re.search(rf'<li class="[^"]*comment--official[^"]*" id="c{editor_comment.pk}"', html)
    assert "Antwort der Stadt" in queue(client, "?zustand=offiziell").content.decode()


def test_admin_queue_filters_by_reason(client, idea):
    spam = CommentFactory(target=idea, text="Kauft Sachen")
    rude = CommentFactory(target=idea, text="Unfreundlich")
    services.report_comment(UserFactory(), spam, "spam")
    services.report_comment(UserFactory(), rude, "offensive")
    client.force_login(EditorFactory())
    html = queue(client, "?zustand=gemeldet&grund=spam").content.decode()
    assert "Kauft Sachen" in html and "Unfreundlich" not in html


def test_wagtail_menu_has_kommentare_in_beteiligung_for_editors(client):
    client.force_login(EditorFactory())
    assert QUEUE_URL in client.get("/admin/").content.decode()


def test_moderators_hide_and_restore_but_do_not_mark_official_answers(client, idea):
    editor_comment = CommentFactory(target=idea, user=EditorFactory(), text="Antwort der Stadt")
    client.force_login(ModeratorFactory())
    html = queue(client, "?zustand=alle").content.decode()
    assert 'value="hide"' in html and 'value="official"' not in html

    response = client.post(QUEUE_URL, {"action": "official", "comments": [editor_comment.pk]})

    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in response.content.decode()
    editor_comment.refresh_from_db()
    assert not editor_comment.is_official


def test_editors_mark_official_answers_but_do_not_hide(client, idea):
    comment = CommentFactory(target=idea, text="Von Bürgerin")
    client.force_login(EditorFactory())
    html = queue(client, "?zustand=alle").content.decode()
    assert 'value="official"' in html and 'value="hide"' not in html
    assert "Konto sperren" not in html

    client.post(QUEUE_URL, {"action": "hide", "comments": [comment.pk]})

    comment.refresh_from_db()
    assert not comment.hidden_by_reports


def test_moderators_find_the_comment_queue_in_the_menu(client):
    client.force_login(ModeratorFactory())
    assert QUEUE_URL in client.get("/admin/").content.decode()
