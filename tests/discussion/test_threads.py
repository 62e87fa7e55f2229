"""The comment thread as the pages show it: hints, reply forms, sorting, badges, avatars,
escaping, nothing from other hosts, and a constant number of queries."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussion import services
from discussion.models import Comment
from tests.discussion.helpers import page, thread_tree, write
from tests.factories import (
    CommentFactory,
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    UnverifiedUserFactory,
    UserFactory,
)
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def comments_section(html):
    return html.split('id="kommentare"')[1].split("</section>")[0]


def test_page_shows_login_link_to_anonymous_and_verification_hint_to_unverified(client, idea):
    assert "Anmelden, um zu kommentieren" in page(client, idea)
    client.force_login(UnverifiedUserFactory())
    html = page(client, idea)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse, um zu kommentieren" in html
    assert 'name="text"' not in html


def test_reply_form_works_without_javascript_inside_details(client, idea):
    first = CommentFactory(target=idea)
    client.force_login(UserFactory())
    html = page(client, idea)
    details = re.search(r'<details class="comment__reply">.*?</details>', html, re.S).group(0)
    assert f'action="/ideen/kommentare/{first.pk}/antworten/"' in details
    assert 'name="text"' in details and 'name="csrfmiddlewaretoken"' in details
    assert "<script" not in comments_section(html)


def test_sorting_newest_and_oldest_first_without_javascript(client, idea):
    user = UserFactory()
    old = CommentFactory(target=idea, user=user, text="Alt")
    new = CommentFactory(target=idea, user=user, text="Neu")
    Comment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=2))
    html = page(client, idea)
    assert thread_tree(html).order == [f"c{old.pk}", f"c{new.pk}"]
    assert thread_tree(page(client, idea, "?kommentare=neueste")).order == [
        f"c{new.pk}",
        f"c{old.pk}",
    ]
    assert f'href="{idea.get_absolute_url()}?kommentare=neueste#kommentare"' in html


def test_researcher_comments_show_the_badge_and_others_none(client, idea):
    CommentFactory(
        target=idea,
        user=ResearcherFactory(display_name="Dr. Rita Forscher"),
        text="Aus Sicht der Forschung",
    )
    CommentFactory(
        target=idea, user=UserFactory(display_name="Otto Normal"), text="Aus Sicht der Straße"
    )
    html = page(client, idea)
    badge = "Forschung · Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal"
    assert html.count(badge) == 1
    assert badge in html.split("Dr. Rita Forscher")[1].split("</p>")[0]
    assert "badge--research" not in html.split("Otto Normal")[1].split("</p>")[0]


def test_thread_shows_local_initials_avatars_and_no_gravatar(client, idea):
    CommentFactory(target=idea, user=UserFactory(display_name="Lale Ö"), text="Hallo")

    thread = comments_section(page(client, idea))

    assert re.search(r'<span class="avatar avatar--\d" aria-hidden="true">LÖ</span>', thread)
    assert "gravatar" not in thread.lower()
    assert "<img" not in thread


@pytest.mark.parametrize(
    "name, initials",
    [
        ("Prof. Dr. Jonas Weber", "JW"),
        ("Dr. med. Anna-Lena Schulz", "AL"),
        ("Dipl.-Ing. Kai Ott", "KO"),
        ("Dr. h.c.", "DH"),
    ],
)
def test_initials_avatars_skip_academic_titles(client, idea, name, initials):
    CommentFactory(target=idea, user=UserFactory(display_name=name), text="Hallo")

    thread = comments_section(page(client, idea))

    assert f'aria-hidden="true">{initials}</span>' in thread


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


def test_no_comment_page_loads_gravatar_or_anything_from_another_host(client, idea):
    resident = UserFactory()
    comment = CommentFactory(target=idea, user=resident, text="Hallo")
    reply = CommentFactory(target=idea, user=ResearcherFactory(), text="Antwort", parent=comment)
    client.force_login(resident)
    pages = {
        "idea": idea.get_absolute_url(),
        "reply": f"/ideen/kommentare/{reply.pk}/antworten/",
        "edit": f"/ideen/kommentare/{comment.pk}/bearbeiten/",
        "delete": f"/ideen/kommentare/{comment.pk}/loeschen/",
        "report": f"/ideen/kommentare/{reply.pk}/melden/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert_local(response.content.decode(), name)
    # A form error shows the portal's own form again, still local.
    response = write(client, idea, "")
    assert response.status_code == 200
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    assert_local(response.content.decode(), "form error")


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
    assert ESCAPED_SCRIPT in html

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert not getattr(message, "alternatives", None)  # plain text only: nothing to run
    assert message.content_subtype == "plain"
    assert SCRIPT in message.body  # shown as the literal text the person wrote

    comment = Comment.objects.get()
    for reporter in UserFactory.create_batch(3):
        services.report_comment(reporter, comment, "spam")
    client.force_login(EditorFactory())
    queue = client.get("/admin/beteiligung/kommentare/").content.decode()
    assert SCRIPT not in queue
    assert ESCAPED_SCRIPT in queue


def _thread(idea, size):
    users = [UserFactory() for _ in range(3)] + [ResearcherFactory()]
    roots = []
    for number in range(size):
        user = users[number % len(users)]
        if number % 3 == 0 or not roots:
            roots.append(CommentFactory(target=idea, user=user, text=f"Kommentar {number}"))
        else:
            CommentFactory(target=idea, user=user, text=f"Antwort {number}", parent=roots[-1])


def test_query_count_is_the_same_for_3_and_15_comments(client):
    small, large = IdeaFactory(), IdeaFactory()
    _thread(small, 3)
    _thread(large, 15)
    client.force_login(UserFactory())
    page(client, small)  # warm caches (content types, settings)

    def queries(idea):
        with CaptureQueriesContext(connection) as captured:
            html = page(client, idea)
        assert html.count('class="comment comment--level') == idea.comment_count
        return len(captured)

    assert queries(small) == queries(large)


def test_comment_thread_tag_renders_a_pilot_pages_thread(rf, home):
    pilot = make_pilot(idea=IdeaFactory())
    resident = UserFactory()
    comment = CommentFactory(target=pilot, user=resident, text="Wie läuft der Pilot?")
    request = rf.get(pilot.url)
    request.user = resident

    html = Template("{% load discussion_tags %}{% comment_thread page %}").render(
        Context({"page": pilot, "request": request, "csrf_token": "x"})
    )

    assert "Wie läuft der Pilot?" in html
    assert f'action="/ideen/kommentare/pilot/{pilot.pk}/schreiben/"' in html
    assert f"/ideen/kommentare/{comment.pk}/antworten/" in html
