"""Comments are only as visible as what they discuss (issue 12, findings 2 and 3b).

The report named django-comments-xtd's URLs under ``/kommentare/`` (API list and count,
the ``cr/`` shortcut, ``post/``): none of them is mounted (``participation/urls.py``), so
each answers 404, for a hidden idea as for any other object and model. The portal's own comment
URLs (``/ideen/kommentare/…``) answer exactly when the target's page does, and 404 otherwise.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from discussion.models import Comment
from ideas.services import report_idea
from tests.factories import CommentFactory, IdeaFactory, ModeratorFactory, UserFactory
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Geheimer Titel der Idee"
SECRET_TEXT = "Geheimer Kommentartext"
AUTHOR = "Karla Kommentatorin"


@pytest.fixture
def hidden_idea(db, settings):
    """An idea hidden by reports (as residents hide it), with a comment written before."""
    idea = IdeaFactory(title=SECRET_TITLE)
    CommentFactory(target=idea, text=SECRET_TEXT, user=UserFactory(display_name=AUTHOR))
    for _n in range(settings.IDEA_REPORTS_TO_HIDE):
        report_idea(UserFactory(), idea, "spam")
    idea.refresh_from_db()
    assert idea.hidden
    return idea


def leaks(response):
    body = response.content.decode(errors="replace") + response.get("Location", "")
    return [
        secret for secret in (SECRET_TITLE, "geheimer-titel", SECRET_TEXT, AUTHOR) if secret in body
    ]


XTD_URLS = [
    "/kommentare/api/ideas-idea/{pk}/",
    "/kommentare/api/ideas-idea/{pk}/count/",
    "/kommentare/cr/{ct}/{pk}/",
    "/kommentare/{comment}/",
    "/kommentare/posted/?c={comment}",
    "/kommentare/api/{comment}/",
]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("url", XTD_URLS)
@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_library_comment_urls_of_a_hidden_idea_answer_404(client, hidden_idea, prefix, url, who):
    if who == "resident":
        client.force_login(UserFactory())
    ct = ContentType.objects.get_for_model(hidden_idea).pk
    comment = Comment.objects.get()
    path = prefix + url.format(pk=hidden_idea.pk, ct=ct, comment=comment.pk)

    assert client.get(hidden_idea.get_absolute_url()).status_code == 404
    response = client.get(path)

    assert response.status_code == 404
    assert leaks(response) == []


def own_urls(idea_or_pilot, comment, kind):
    return [
        f"/ideen/kommentare/{kind}/{idea_or_pilot.pk}/schreiben/",
        f"/ideen/kommentare/{comment.pk}/",
        f"/ideen/kommentare/{comment.pk}/antworten/",
        f"/ideen/kommentare/{comment.pk}/bearbeiten/",
        f"/ideen/kommentare/{comment.pk}/loeschen/",
        f"/ideen/kommentare/{comment.pk}/melden/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "resident", "comment_author"])
def test_comment_urls_of_a_hidden_idea_answer_404_like_its_page(client, hidden_idea, who):
    comment = Comment.objects.get()
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "comment_author":
        client.force_login(comment.user)

    assert client.get(hidden_idea.get_absolute_url()).status_code == 404
    for url in own_urls(hidden_idea, comment, "idee"):
        for response in (client.get(url), client.post(url, {"text": "Noch einer"})):
            assert response.status_code == 404, url
            assert leaks(response) == [], url
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("who", ["idea_author", "moderator"])
def test_who_sees_the_hidden_idea_also_reaches_its_comments(client, hidden_idea, who):
    comment = Comment.objects.get()
    client.force_login(hidden_idea.author if who == "idea_author" else ModeratorFactory())

    assert client.get(hidden_idea.get_absolute_url()).status_code == 200
    assert client.get(f"/ideen/kommentare/{comment.pk}/").status_code == 302


@pytest.fixture
def pilot_with_comment(home):
    pilot = make_pilot("Smarte Parkplatzsensoren")
    comment = CommentFactory(target=pilot, text=SECRET_TEXT, user=UserFactory(display_name=AUTHOR))
    return pilot, comment


def test_comment_urls_of_an_unpublished_pilot_answer_404(client, pilot_with_comment):
    pilot, comment = pilot_with_comment
    pilot.unpublish()
    client.force_login(UserFactory())

    assert client.get(pilot.url).status_code == 404
    for url in own_urls(pilot, comment, "pilot"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert leaks(response) == [], url


def restrict(pilot, kind, **fields):
    restriction = PageViewRestriction.objects.create(page=pilot, restriction_type=kind, **fields)
    return restriction


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
def test_comment_urls_of_a_restricted_pilot_answer_404_to_whom_the_page_refuses(
    client, pilot_with_comment, kind
):
    pilot, comment = pilot_with_comment
    restriction = restrict(pilot, kind, password="geheim" if kind == "password" else "")
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Pilotbeirat")[0])
        client.force_login(UserFactory())

    page = client.get(pilot.url)
    assert page.status_code != 200 or SECRET_TEXT not in page.content.decode()  # password form
    for url in own_urls(pilot, comment, "pilot"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert leaks(response) == [], url


def test_comment_urls_of_a_restricted_pilot_answer_to_whom_the_page_lets_in(
    client, pilot_with_comment
):
    pilot, comment = pilot_with_comment
    restriction = restrict(pilot, PageViewRestriction.GROUPS)
    council = Group.objects.get_or_create(name="Pilotbeirat")[0]
    restriction.groups.add(council)
    member = UserFactory()
    member.groups.add(council)
    client.force_login(member)

    assert client.get(pilot.url).status_code == 200
    assert client.get(f"/ideen/kommentare/{comment.pk}/").status_code == 302


@pytest.mark.parametrize("kind", ["user", "auth.user", "nutzer", "page", "idea"])
def test_only_ideas_and_pilots_can_be_discussed(client, resident, kind):
    client.force_login(resident)

    response = client.post(f"/ideen/kommentare/{kind}/{resident.pk}/schreiben/", {"text": "Hallo"})

    assert response.status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize("url", ["/kommentare/post/", "/kommentare/api/comment/"])
def test_posting_on_any_model_answers_404_whether_the_object_exists_or_not(client, url):
    """``content_type=auth.user`` once gave 500 and told whether user 1 exists."""
    existing = UserFactory()
    client.force_login(UserFactory())
    answers = []
    for object_pk in (existing.pk, 987654321, "abc"):
        response = client.post(
            url,
            {"content_type": "auth.user", "object_pk": object_pk, "comment": "Hallo", "name": "X"},
        )
        body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
        answers.append((response.status_code, body))

    assert {status for status, _body in answers} == {404}
    assert len({body for _status, body in answers}) == 1
    assert not Comment.objects.exists()


# --- The Django Site (django_comments' shortcut, allauth's mail) names the portal's host ---


def test_the_django_site_follows_site_url_after_migrate(settings):
    assert Site.objects.get(pk=settings.SITE_ID).domain == urlsplit(settings.SITE_URL).netloc

    settings.SITE_URL = "https://mitwirken.stadt.example"
    call_command("migrate", verbosity=0)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("mitwirken.stadt.example", "Mitwirken")
    assert Site.objects.get_current().domain == "mitwirken.stadt.example"


def test_the_django_site_is_not_the_value_a_migration_wrote():
    assert Site.objects.get(pk=settings.SITE_ID).domain != "mitwirken.example.org"
