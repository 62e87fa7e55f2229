"""Comments on ideas and pilots: who may write, threads, counters, moderation, privacy."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.template import Context, Template, engines
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_comments_xtd.forms import XtdCommentForm

from ideas import comments
from ideas.models import Comment, CommentReport, Follow, Idea
from participation.accounts import services as account_services
from participation.accounts.gdpr import collect_sections
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UnverifiedUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


# --- Helpers ------------------------------------------------------------------------------


def write(client, target, text, parent=None):
    """Post through the portal's own form (what the pages use)."""
    if parent is not None:
        return client.post(f"/ideen/kommentare/{parent.pk}/antworten/", {"text": text})
    kind = comments.target_kind(target)
    return client.post(f"/ideen/kommentare/{kind}/{target.pk}/schreiben/", {"text": text})


def xtd_payload(target, text, reply_to=0, **extra):
    """A valid form for xtd's own endpoint /kommentare/post/ (with its security hash)."""
    data = XtdCommentForm(target).generate_security_data()
    data.update(
        {
            "comment": text,
            "name": extra.pop("name", ""),
            "email": extra.pop("email", ""),
            "url": "",
            "reply_to": reply_to,
            "honeypot": "",
            **extra,
        }
    )
    return data


def comment_on(target, user, text="Ein Kommentar.", parent=None):
    return comments.post_comment(user, target, text, parent=parent)


def page(client, idea, query=""):
    response = client.get(idea.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


class _ListTree(HTMLParser):
    """Which <li id="c…"> lies inside which (the thread as nested lists)."""

    def __init__(self):
        super().__init__()
        self.stack, self.parent_of, self.order = [], {}, []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            ident = dict(attrs).get("id") or ""
            if ident.startswith("c") and ident[1:].isdigit():
                self.parent_of[ident] = next((i for i in reversed(self.stack) if i), None)
                self.order.append(ident)
            self.stack.append(ident if ident.startswith("c") else "")

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()


def thread_tree(html):
    parser = _ListTree()
    parser.feed(html)
    return parser


def count(idea):
    idea.refresh_from_db(fields=["comment_count"])
    return idea.comment_count


def recount(idea):
    return (
        comments.comments_for(idea)
        .filter(is_public=True, is_removed=False, hidden_by_reports=False)
        .count()
    )


@pytest.fixture
def idea():
    return IdeaFactory()


# --- Who may write ------------------------------------------------------------------------


def test_anonymous_post_to_xtd_endpoint_stores_nothing(client, idea):
    response = client.post(
        "/kommentare/post/", xtd_payload(idea, "Anonym", name="X", email="x@x.de")
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "/konto/login/" in response["Location"]
    assert Comment.objects.count() == 0
    assert count(idea) == 0


def test_anonymous_post_to_portal_form_is_sent_to_login_and_stores_nothing(client, idea):
    response = write(client, idea, "Anonym")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert Comment.objects.count() == 0


def test_unverified_account_is_refused_on_both_endpoints(client, idea):
    client.force_login(UnverifiedUserFactory())
    response = write(client, idea, "Noch nicht bestätigt")
    assert response.status_code == 403
    assert "bestätigen" in response.content.decode()
    response = client.post("/kommentare/post/", xtd_payload(idea, "Noch nicht bestätigt"))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_page_shows_login_link_to_anonymous_and_verification_hint_to_unverified(client, idea):
    assert "Anmelden, um zu kommentieren" in page(client, idea)
    client.force_login(UnverifiedUserFactory())
    html = page(client, idea)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse, um zu kommentieren" in html
    assert 'name="text"' not in html


def test_verified_resident_can_use_xtd_endpoint_and_its_name_cannot_be_faked(client, idea):
    resident = UserFactory(display_name="Rita Radlerin")
    client.force_login(resident)
    response = client.post(
        "/kommentare/post/",
        xtd_payload(idea, "Über xtd", name="Bürgermeister", email="fake@stadt.de", followup="on"),
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.user == resident
    assert comment.user_name == "Rita Radlerin"
    assert comment.user_email == resident.email
    assert comment.followup is False
    assert count(idea) == 1
    assert Follow.objects.filter(idea=idea, user=resident).exists()


def test_comments_are_closed_on_withdrawn_and_hidden_ideas(client):
    client.force_login(UserFactory())
    withdrawn = IdeaFactory(status=Idea.Status.WITHDRAWN)
    assert write(client, withdrawn, "Zu spät").status_code == 403
    hidden = IdeaFactory(hidden=True)
    assert write(client, hidden, "Versteckt").status_code == 404
    assert Comment.objects.count() == 0


# --- Writing, threads, sorting ---------------------------------------------------------------


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


def test_reply_form_works_without_javascript_inside_details(client, idea):
    first = comment_on(idea, UserFactory())
    client.force_login(UserFactory())
    html = page(client, idea)
    details = re.search(r'<details class="comment__reply">.*?</details>', html, re.S).group(0)
    assert f'action="/ideen/kommentare/{first.pk}/antworten/"' in details
    assert 'name="text"' in details and 'name="csrfmiddlewaretoken"' in details
    assert "<script" not in html.split('id="kommentare"')[1].split("</section>")[0]


def test_depth_is_capped_at_three_levels(client, idea):
    user = UserFactory()
    level0 = comment_on(idea, user, "Ebene 0")
    level1 = comment_on(idea, user, "Ebene 1", parent=level0)
    level2 = comment_on(idea, user, "Ebene 2", parent=level1)
    assert [c.level for c in (level0, level1, level2)] == [0, 1, 2]

    client.force_login(UserFactory())
    html = page(client, idea)
    assert f"/ideen/kommentare/{level1.pk}/antworten/" in html
    assert f"/ideen/kommentare/{level2.pk}/antworten/" not in html
    response = write(client, idea, "Ebene 3", parent=level2)
    assert response.status_code == 403
    response = client.post("/kommentare/post/", xtd_payload(idea, "Ebene 3", reply_to=level2.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 3
    tree = thread_tree(html)
    assert tree.parent_of[f"c{level2.pk}"] == f"c{level1.pk}"


def test_reply_to_a_comment_of_another_idea_is_refused_on_xtd_endpoint(client, idea):
    other = comment_on(IdeaFactory(), UserFactory())
    client.force_login(UserFactory())
    response = client.post("/kommentare/post/", xtd_payload(idea, "Quer", reply_to=other.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_sorting_newest_and_oldest_first_without_javascript(client, idea):
    user = UserFactory()
    old = comment_on(idea, user, "Alt")
    new = comment_on(idea, user, "Neu")
    Comment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=2))
    oldest = thread_tree(page(client, idea)).order
    newest = thread_tree(page(client, idea, "?kommentare=neueste")).order
    assert oldest == [f"c{old.pk}", f"c{new.pk}"]
    assert newest == [f"c{new.pk}", f"c{old.pk}"]
    assert 'href="/ideen/' in page(client, idea) and "?kommentare=neueste#kommentare" in page(
        client, idea
    )


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
        assert client.post("/kommentare/post/", xtd_payload(idea, "Vier")).status_code == 400
    assert Comment.objects.count() == 2
    assert count(idea) == 2


# --- Edit and delete -----------------------------------------------------------------------


def test_author_edits_within_15_minutes_and_the_comment_shows_bearbeitet(client, idea):
    author = UserFactory()
    comment = comment_on(idea, author, "Tippfeler")
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
    comment = comment_on(idea, author, "Original")
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
    comment = comment_on(idea, author, "Wird gelöscht")
    reply = comment_on(idea, other, "Bleibt stehen", parent=comment)
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


# --- Counter ---------------------------------------------------------------------------------


def test_counter_is_exact_across_post_delete_hide_and_restore(client, idea):
    author, editor = UserFactory(), EditorFactory()
    reporters = UserFactory.create_batch(3)
    client.force_login(author)
    write(client, idea, "Eins")
    write(client, idea, "Zwei")
    first, second = Comment.objects.order_by("pk")
    write(client, idea, "Drei", parent=first)
    assert count(idea) == recount(idea) == 3

    client.post(f"/ideen/kommentare/{second.pk}/loeschen/")
    assert count(idea) == recount(idea) == 2

    for reporter in reporters:
        client.force_login(reporter)
        client.post(f"/ideen/kommentare/{first.pk}/melden/", {"reason": "offensive"})
    first.refresh_from_db()
    assert first.hidden_by_reports and first.report_count == 3
    assert count(idea) == recount(idea) == 1

    comments.restore_comments([first], by=editor)
    assert count(idea) == recount(idea) == 2
    comments.hide_comments([first], by=editor)
    assert count(idea) == recount(idea) == 1
    comments.restore_comments([first], by=editor)
    assert count(idea) == recount(idea) == 2


# --- Reports and moderation -------------------------------------------------------------------


def test_three_reports_hide_the_comment_pending_review(client, idea):
    author = UserFactory()
    comment = comment_on(idea, author, "Strittig")
    reporters = UserFactory.create_batch(3)
    for number, reporter in enumerate(reporters, start=1):
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
    comment = comment_on(idea, author)
    client.force_login(reporter)
    client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"})
    response = client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"})
    assert response.status_code == 302
    assert CommentReport.objects.count() == 1
    assert "Von Ihnen gemeldet" in page(client, idea)
    client.force_login(author)
    assert (
        client.post(f"/ideen/kommentare/{comment.pk}/melden/", {"reason": "spam"}).status_code
        == 403
    )
    assert client.get(f"/kommentare/flag/{comment.pk}/").status_code == 200


def test_xtd_flag_link_becomes_a_report(client, idea):
    comment = comment_on(idea, UserFactory())
    client.force_login(UserFactory())
    response = client.post(f"/kommentare/flag/{comment.pk}/")
    assert response.status_code == 302
    report = CommentReport.objects.get()
    assert report.comment_id == comment.pk and report.reason == "other"


def admin_queue(client, query=""):
    return client.get("/admin/beteiligung/kommentare/" + query)


def test_admin_queue_is_for_editors_only(client, idea):
    comment_on(idea, UserFactory())
    client.force_login(UserFactory())
    response = admin_queue(client)
    assert response.status_code in (302, 403)
    client.force_login(EditorFactory())
    response = admin_queue(client, "?zustand=alle")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ein Kommentar." in html


def test_admin_bulk_hide_restore_filters_and_official(client, idea):
    editor = EditorFactory(display_name="Stadt Redaktion")
    resident_comment = comment_on(idea, UserFactory(), "Von Bürgerin")
    editor_comment = comment_on(idea, editor, "Antwort der Stadt", parent=resident_comment)
    client.force_login(editor)
    url = "/admin/beteiligung/kommentare/?zustand=alle"

    response = client.post(url, {"action": "hide", "comments": [resident_comment.pk]})
    assert response.status_code == 302
    resident_comment.refresh_from_db()
    assert resident_comment.hidden_by_reports and count(idea) == 1
    assert "Von Bürgerin" in admin_queue(client, "?zustand=ausgeblendet").content.decode()
    assert "Von Bürgerin" not in admin_queue(client, "?zustand=offiziell").content.decode()
    assert "Kommentar von der Redaktion ausgeblendet" in page(client.__class__(), idea)

    client.post(url, {"action": "restore", "comments": [resident_comment.pk]})
    resident_comment.refresh_from_db()
    assert not resident_comment.hidden_by_reports and count(idea) == 2

    client.post(url, {"action": "official", "comments": [resident_comment.pk, editor_comment.pk]})
    resident_comment.refresh_from_db()
    editor_comment.refresh_from_db()
    assert editor_comment.is_official and not resident_comment.is_official
    html = page(client.__class__(), idea)
    assert html.count("Offizielle Antwort der Stadt") == 1
    official = re.search(
        rf'<li class="[^"]*comment--official[^"]*" id="c{editor_comment.pk}"', html
    )
    assert official
    assert "Antwort der Stadt" in admin_queue(client, "?zustand=offiziell").content.decode()


def test_admin_queue_filters_by_reason(client, idea):
    spam = comment_on(idea, UserFactory(), "Kauft Sachen")
    rude = comment_on(idea, UserFactory(), "Unfreundlich")
    comments.report_comment(UserFactory(), spam, "spam")
    comments.report_comment(UserFactory(), rude, "offensive")
    client.force_login(EditorFactory())
    html = admin_queue(client, "?zustand=gemeldet&grund=spam").content.decode()
    assert "Kauft Sachen" in html and "Unfreundlich" not in html


def test_wagtail_menu_has_kommentare_in_beteiligung_for_editors(client):
    client.force_login(EditorFactory())
    html = client.get("/admin/").content.decode()
    assert "/admin/beteiligung/kommentare/" in html


# --- Researcher badge --------------------------------------------------------------------------


def test_researcher_comments_show_the_badge_and_others_none(client, idea):
    researcher = ResearcherFactory(display_name="Dr. Rita Forscher")
    comment_on(idea, researcher, "Aus Sicht der Forschung")
    comment_on(idea, UserFactory(display_name="Otto Normal"), "Aus Sicht der Straße")
    html = page(client, idea)
    badge = "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal"
    assert html.count(badge) == 1
    researcher_block = html.split("Dr. Rita Forscher")[1].split("</p>")[0]
    assert badge in researcher_block
    otto_block = html.split("Otto Normal")[1].split("</p>")[0]
    assert "badge--research" not in otto_block


# --- Escaping and external hosts -------------------------------------------------------------


def test_script_is_escaped_on_the_page_in_the_mail_and_in_the_admin_queue(
    client, idea, django_capture_on_commit_callbacks
):
    author = idea.author
    author.notify = author.Notify.IMMEDIATE
    author.save(update_fields=["notify"])
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        write(client, idea, SCRIPT)
    html = page(client, idea)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert not getattr(message, "alternatives", None)  # plain text only: nothing to run
    assert message.content_subtype == "plain"
    assert SCRIPT in message.body  # shown as the literal text the person wrote

    comment = Comment.objects.get()
    for reporter in UserFactory.create_batch(3):
        comments.report_comment(reporter, comment, "spam")
    client.force_login(EditorFactory())
    queue = admin_queue(client).content.decode()
    assert SCRIPT not in queue
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in queue


EXTERNAL = re.compile(r'(?:src|href|action)\s*=\s*["\']([^"\']+)["\']', re.I)


def assert_local(html, where):
    assert "gravatar" not in html.lower(), where
    for url in EXTERNAL.findall(html):
        parts = urlsplit(url)
        assert parts.scheme in ("", "http", "https", "mailto"), (where, url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            assert parts.hostname in ("testserver", urlsplit(settings.SITE_URL).hostname), (
                where,
                url,
            )


def test_no_page_loads_gravatar_or_anything_from_another_host(client, idea):
    resident = UserFactory()
    comment = comment_on(idea, resident, "Hallo")
    reply = comment_on(idea, ResearcherFactory(), "Antwort", parent=comment)
    client.force_login(resident)
    pages = {
        "idea": idea.get_absolute_url(),
        "reply": f"/ideen/kommentare/{reply.pk}/antworten/",
        "edit": f"/ideen/kommentare/{comment.pk}/bearbeiten/",
        "delete": f"/ideen/kommentare/{comment.pk}/loeschen/",
        "report": f"/ideen/kommentare/{reply.pk}/melden/",
        "xtd reply": f"/kommentare/reply/{comment.pk}/",
        "xtd flag": f"/kommentare/flag/{reply.pk}/",
        "xtd posted": f"/kommentare/posted/?c={comment.pk}",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert_local(response.content.decode(), name)
    # xtd's preview (a form error on its endpoint) uses the portal's form.
    response = client.post("/kommentare/post/", xtd_payload(idea, "", preview="1"))
    assert response.status_code == 200
    assert_local(response.content.decode(), "xtd preview")
    assert f'action="/ideen/kommentare/idee/{idea.pk}/schreiben/"' in response.content.decode()


def test_every_xtd_template_that_mentions_gravatar_is_overridden():
    import django_comments
    import django_comments_xtd

    engine = engines["django"]
    own = Path(settings.BASE_DIR) / "participation" / "templates"
    checked = 0
    for package in (django_comments_xtd, django_comments):
        root = Path(package.__file__).parent / "templates"
        for path in root.rglob("*"):
            if not path.is_file() or path.suffix not in (".html", ".txt"):
                continue
            if path.name == "404.html":
                continue
            name = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if "gravatar" in text.lower() or "style=" in text or "onsubmit" in text:
                origin = Path(engine.engine.get_template(name).origin.name)
                assert own in origin.parents, name
                assert "gravatar" not in origin.read_text(encoding="utf-8").lower(), name
                checked += 1
    assert checked >= 10


def test_api_avatar_is_a_local_initials_image(idea):
    comment = comment_on(idea, UserFactory(display_name="Lale Ö"))
    url = comments.local_avatar_url(comment)
    assert url.startswith("data:image/svg+xml")
    assert "gravatar" not in url and "LÖ" in __import__("urllib.parse").parse.unquote(url)


def test_hidden_comments_are_left_out_of_xtds_public_api(client, idea):
    comment = comment_on(idea, UserFactory(), "Geheim nach Meldungen")
    for reporter in UserFactory.create_batch(3):
        comments.report_comment(reporter, comment, "spam")
    response = client.get(f"/kommentare/api/ideas-idea/{idea.pk}/")
    assert response.status_code == 200
    assert "Geheim nach Meldungen" not in response.content.decode()


# --- Notifications and following ----------------------------------------------------------------


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


def test_commenters_follow_the_idea_when_their_preference_is_on(client, idea):
    follower, loner = UserFactory(), UserFactory(follow_supported=False)
    comment_on(idea, follower)
    comment_on(idea, loner)
    assert Follow.objects.filter(idea=idea, user=follower).exists()
    assert not Follow.objects.filter(idea=idea, user=loner).exists()


# --- GDPR --------------------------------------------------------------------------------------


def test_export_contains_comments_and_reports(idea):
    user = UserFactory()
    comment = comment_on(idea, user, "Mein Kommentar")
    comments.report_comment(user, comment_on(idea, UserFactory()), "spam", "Werbung")
    sections = collect_sections(user)
    assert sections["comments"][0]["text"] == "Mein Kommentar"
    assert sections["comments"][0]["url"].endswith(f"#c{comment.pk}")
    assert sections["comment_reports"][0]["note"] == "Werbung"


def test_account_deletion_blanks_the_copies_and_shows_geloeschtes_konto(client, idea):
    user = UserFactory(display_name="Wird Gelöscht")
    comment = comment_on(idea, user, "Bleibt öffentlich")
    account_services.delete_account(user)
    comment.refresh_from_db()
    assert comment.user_name == "" and comment.user_email == "" and comment.ip_address is None
    html = page(client, idea)
    assert "Bleibt öffentlich" in html
    assert "Gelöschtes Konto" in html and "Wird Gelöscht" not in html


# --- Performance -------------------------------------------------------------------------------


def _thread(idea, size):
    users = [UserFactory() for _ in range(3)] + [ResearcherFactory()]
    roots = []
    for number in range(size):
        user = users[number % len(users)]
        if number % 3 == 0 or not roots:
            roots.append(comment_on(idea, user, f"Kommentar {number}"))
        else:
            comment_on(idea, user, f"Antwort {number}", parent=roots[-1])


def test_query_count_is_the_same_for_3_and_15_comments(client):
    small, large = IdeaFactory(), IdeaFactory()
    _thread(small, 3)
    _thread(large, 15)
    viewer = UserFactory()
    client.force_login(viewer)
    page(client, small)  # warm caches (content types, settings)

    def queries(idea):
        with CaptureQueriesContext(connection) as captured:
            html = page(client, idea)
        assert html.count('class="comment comment--level') == idea.comment_count
        return len(captured)

    assert queries(small) == queries(large)


# --- Pilots and the template tag --------------------------------------------------------------


def test_comment_thread_tag_works_for_a_pilot_page(client, rf):
    from tests.pilots.builders import make_pilot

    pilot = make_pilot(idea=IdeaFactory())
    resident = UserFactory()
    client.force_login(resident)
    response = write(client, pilot, "Wie läuft der Pilot?")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c{comment.pk}")
    assert Follow.objects.filter(idea=pilot.idea, user=resident).exists()

    request = rf.get(pilot.url)
    request.user = resident
    html = Template("{% load comment_tags %}{% comment_thread page %}").render(
        Context({"page": pilot, "request": request, "csrf_token": "x"})
    )
    assert "Wie läuft der Pilot?" in html
    assert f'action="/ideen/kommentare/pilot/{pilot.pk}/schreiben/"' in html
    assert f"/ideen/kommentare/{comment.pk}/antworten/" in html


@pytest.fixture
def rf():
    return RequestFactory()


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_comments_are_idempotent_with_exact_counters_badges_and_an_official_answer(
    client, settings, tmp_path
):
    from ideas import demo, demo_comments
    from participation.accounts import demo as account_demo

    settings.MEDIA_ROOT = tmp_path
    account_demo.load()
    demo.load()
    demo_comments.load()
    total = Comment.objects.count()
    assert total >= 12
    demo_comments.load()
    assert Comment.objects.count() == total
    assert Comment.objects.filter(level__gt=0).exists()
    assert Comment.objects.filter(level=2).exists()
    assert Comment.objects.filter(user__email=demo.RESEARCHER_LOGIN).count() >= 2
    official = Comment.objects.get(is_official=True)
    assert official.user.email == demo.EDITOR_LOGIN
    for idea in Idea.objects.filter(comment_count__gt=0):
        assert idea.comment_count == recount(idea)
    assert Idea.objects.filter(comment_count__gt=0).count() >= 3
    parking = Idea.objects.get(title__startswith="Parkleitsystem mit Sensoren")
    html = page(client, parking)
    assert "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in html
    assert "Offizielle Antwort der Stadt" in html


def test_xtd_api_refuses_unverified_accounts_and_counts_verified_comments(client, idea):
    data = {
        "content_type": "ideas.idea",
        "object_pk": str(idea.pk),
        "name": "",
        "email": "",
        "comment": "Über die API",
        "reply_to": 0,
    }
    data.update(
        {k: v for k, v in XtdCommentForm(idea).generate_security_data().items() if k != "honeypot"}
    )
    client.force_login(UnverifiedUserFactory())
    response = client.post("/kommentare/api/comment/", data, content_type="application/json")
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    client.force_login(UserFactory())
    response = client.post("/kommentare/api/comment/", data, content_type="application/json")
    assert response.status_code == 201
    assert count(idea) == 1
