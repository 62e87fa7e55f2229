"""Every URL that names an object refuses whoever may not act on it (issue 12, item 5A).

``OWNED`` classifies each of the portal's object URLs (a path converter such as ``<int:pk>``)
with the tests below that send it as a stranger, as a visitor and, where it matters, as a
researcher of another group or a moderator without editor rights, and check that nothing
changed in the database; each test also sends it as whoever may (the positive control), so
a wrong URL fails it. ``PUBLIC`` lists the object URLs that have no owner, with the reason.
The Wagtail admin's own object URLs (``/admin/…`` of the library) are swept as a whole by
``test_every_admin_object_url_refuses_visitors_and_residents``; the admin views for our
models are in ``OWNED`` with their roles. ``test_every_object_url_is_classified`` fails
when a new object URL appears in the URL conf until it is put in one of them.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from discussion.models import Comment
from ideas.models import Follow, Idea, Support
from ideas.services import report_idea, support_idea
from participation.accounts.models import ResearcherRoleRequest
from research.models import Assessment, PartnerOffer
from tests.factories import (
    AssessmentFactory,
    CommentFactory,
    EditorFactory,
    FollowFactory,
    IdeaFactory,
    ModeratorFactory,
    PartnerOfferFactory,
    ResearcherFactory,
    UserFactory,
    assessment_values,
)
from tests.pilots.builders import make_pilot

pytestmark = pytest.mark.django_db


# --- The classification ---------------------------------------------------------------------

#: Object URLs of the portal (and the admin views for its models) → the tests that attack them.
OWNED = {
    # ideas
    "ideas:edit": "test_idea_edit_is_the_authors",
    "ideas:support": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "ideas:withdraw_support": "test_withdrawing_support_touches_only_ones_own",
    "ideas:follow": "test_unfollowing_touches_only_ones_own_follow",
    "ideas:report": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "ideas:withdraw": "test_withdrawing_an_idea_is_the_authors",
    "ideas:detail": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "ideas:detail_short": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "ideas:pending_image": "test_a_kept_preview_image_is_shown_to_its_uploader_only",
    # research
    "research:assess": "test_an_assessment_is_its_researchers",
    "research:offer_partnership": "test_partner_offers_are_for_researchers_on_visible_ideas",
    "research:decide_offer": "test_deciding_an_offer_is_the_idea_authors",
    "research:withdraw_offer": "test_withdrawing_an_offer_is_the_offering_researchers",
    # discussion
    "discussion:comment_create": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "discussion:comment": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "discussion:comment_reply": "test_a_hidden_ideas_urls_answer_404_like_its_page",
    "discussion:comment_edit": "test_editing_and_deleting_a_comment_is_its_authors",
    "discussion:comment_delete": "test_editing_and_deleting_a_comment_is_its_authors",
    "discussion:comment_report": "test_a_hidden_comment_cannot_be_reported",
    # our admin views
    "ideas_admin:answer": "test_editor_only_admin_views_refuse_everyone_else",
    "ideas_admin:merge": "test_editor_only_admin_views_refuse_everyone_else",
    "pilots_promote_idea": "test_editor_only_admin_views_refuse_everyone_else",
    "accounts_researcher_request": "test_editor_only_admin_views_refuse_everyone_else",
    "ideas_admin:block_account": "test_blocking_is_for_moderators",
    "wagtailsnippets_ideas_idea:edit": "test_idea_snippet_edit_needs_the_change_permission",
    "wagtailsnippets_ideas_idea:delete": "test_idea_snippet_edit_needs_the_change_permission",
    "wagtailsnippets_ideas_topic:edit": "test_vocabulary_snippets_are_the_editors",
    "wagtailsnippets_ideas_district:edit": "test_vocabulary_snippets_are_the_editors",
    "wagtailsnippets_ideas_topic:delete": "test_vocabulary_snippets_are_the_editors",
    "wagtailsnippets_ideas_district:delete": "test_vocabulary_snippets_are_the_editors",
    "wagtailadmin_pages:edit": "test_a_moderator_cannot_edit_or_publish_a_pilot",
    "wagtailadmin_pages:preview_on_edit": "test_a_draft_pilot_and_its_preview_stay_private",
    "wagtailadmin_pages:view_draft": "test_a_draft_pilot_and_its_preview_stay_private",
}

#: Object URLs without an owner: who holds the link may use it.
PUBLIC = {
    "ideas:unsubscribe": "the signed token is the credential (RFC 8058 one-click); a forged "
    "or altered token answers 400 (test_a_forged_unsubscribe_token_changes_nothing)",
    "account_confirm_email": "allauth: the key is a random secret sent by mail; a wrong key "
    "confirms nothing (test_a_wrong_confirmation_key_confirms_nothing)",
    "account_reset_password_from_key": "allauth: uid + token generated by Django's token "
    "generator for that account; a wrong token is refused by allauth",
    "wagtailcore_authenticate_with_password": "Wagtail: the password form of a page "
    "restriction; knowing the password is the permission",
    "wagtaildocs_authenticate_with_password": "Wagtail: the password form of a document "
    "collection restriction",
}

#: The library's admin URLs are swept as a whole (every one refuses visitors and residents).
ADMIN_PREFIX = "admin/"
OUR_ADMIN_NAMES = ("ideas_admin:", "pilots_", "accounts_", "wagtailsnippets_ideas_")


def _walk(resolver, prefix="", namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(namespaces + (pattern.name or "",))


def object_patterns():
    """(route, name) of every URL pattern with a path converter or a named regex group."""
    return [
        (route, name)
        for route, name in _walk(get_resolver())
        if "<" in route  # <int:pk>, (?P<key>…)
    ]


def test_every_object_url_is_classified():
    unclassified = []
    for route, name in object_patterns():
        if name in OWNED or name in PUBLIC:
            continue
        ours = name.startswith(OUR_ADMIN_NAMES)
        if route.startswith(ADMIN_PREFIX) and not ours:
            continue  # the admin sweep
        if ours and name.split(":")[-1] in ("usage", "history", "history_results"):
            continue  # read-only admin pages of our snippets: the admin sweep and the edit test
        unclassified.append(f"{name} {route}")
    assert unclassified == []
    # Each classification names a test of this module.
    assert {test for test in OWNED.values() if test not in globals()} == set()


def test_the_enumeration_finds_the_object_urls_it_should():
    names = {name for _route, name in object_patterns()}
    assert {"ideas:edit", "discussion:comment_edit", "research:decide_offer"} <= names
    assert {"account_confirm_email", "wagtailsnippets_ideas_idea:edit"} <= names
    assert "ideas:list" not in names


# --- Helpers --------------------------------------------------------------------------------


def state(obj):
    """The object's row as the database has it now."""
    fresh = type(obj).objects.get(pk=obj.pk)
    return model_to_dict(fresh)


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def to_login(response):
    return response.status_code == 302 and "/konto/login/" in response["Location"]


def hide(idea):
    from django.conf import settings

    for _n in range(settings.IDEA_REPORTS_TO_HIDE):
        report_idea(UserFactory(), idea, "spam")
    idea.refresh_from_db()
    assert idea.hidden
    return idea


@pytest.fixture
def author(db):
    return UserFactory(display_name="Alma Autorin")


@pytest.fixture
def stranger(db):
    return UserFactory(display_name="Bruno Fremd")


@pytest.fixture
def own_idea(author):
    return IdeaFactory(author=author, title="Sitzbänke am Ölberg")


def idea_form(idea, **changes):
    data = {
        "title": idea.title,
        "text": idea.text,
        "summary_easy": "",
        "topic": idea.topic_id,
        "district": idea.district_id,
        "place": "",
        "image_alt": "",
    }
    data.update(changes)
    return data


# --- Ideas ----------------------------------------------------------------------------------


def test_idea_edit_is_the_authors(client, own_idea, author, stranger, moderator, researcher):
    url = reverse("ideas:edit", args=[own_idea.pk])
    before = state(own_idea)
    post = idea_form(own_idea, title="Von Fremden geändert")
    assert to_login(as_user(client, None).get(url))
    assert to_login(as_user(client, None).post(url, post))
    for user in (stranger, moderator, researcher):
        assert as_user(client, user).get(url).status_code == 403
        assert as_user(client, user).post(url, post).status_code == 403
    assert state(own_idea) == before
    # The author may.
    response = as_user(client, author).post(url, idea_form(own_idea, title="Sitzbänke am Ölberg!"))
    assert response.status_code == 302
    assert Idea.objects.get(pk=own_idea.pk).title == "Sitzbänke am Ölberg!"


def test_withdrawing_support_touches_only_ones_own(client, own_idea, stranger):
    supporter = UserFactory()
    support_idea(supporter, own_idea)
    url = reverse("ideas:withdraw_support", args=[own_idea.pk])
    assert to_login(as_user(client, None).post(url))
    as_user(client, stranger).post(url)
    assert Support.objects.filter(idea=own_idea, user=supporter).exists()
    # The supporter may.
    as_user(client, supporter).post(url)
    assert not Support.objects.filter(idea=own_idea, user=supporter).exists()


def test_unfollowing_touches_only_ones_own_follow(client, own_idea, stranger):
    follower = UserFactory()
    FollowFactory(idea=own_idea, user=follower)
    url = reverse("ideas:follow", args=[own_idea.pk])
    assert to_login(as_user(client, None).post(url, {"action": "unfollow"}))
    as_user(client, stranger).post(url, {"action": "unfollow"})
    assert Follow.objects.filter(idea=own_idea, user=follower).exists()
    as_user(client, follower).post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(idea=own_idea, user=follower).exists()


def test_withdrawing_an_idea_is_the_authors(client, own_idea, author, stranger, moderator):
    url = reverse("ideas:withdraw", args=[own_idea.pk])
    assert to_login(as_user(client, None).post(url))
    for user in (stranger, moderator):
        assert as_user(client, user).post(url).status_code in (302, 403, 404)
    assert Idea.objects.get(pk=own_idea.pk).status == Idea.Status.PUBLISHED
    as_user(client, author).post(url)
    assert Idea.objects.get(pk=own_idea.pk).status == Idea.Status.WITHDRAWN


def test_a_hidden_ideas_urls_answer_404_like_its_page(client, own_idea, author, stranger):
    commenter = UserFactory()
    comment = CommentFactory(target=own_idea, user=commenter)
    hide(own_idea)
    before = state(own_idea)
    gets = [
        reverse("ideas:detail", args=[own_idea.pk, own_idea.slug]),
        reverse("ideas:detail_short", args=[own_idea.pk]),
        reverse("ideas:report", args=[own_idea.pk]),
        reverse("discussion:comment_create", args=["idee", own_idea.pk]),
        reverse("discussion:comment", args=[comment.pk]),
        reverse("discussion:comment_reply", args=[comment.pk]),
        reverse("research:assess", args=[own_idea.pk]),
    ]
    posts = {
        reverse("ideas:support", args=[own_idea.pk]): {},
        reverse("ideas:follow", args=[own_idea.pk]): {},
        reverse("ideas:report", args=[own_idea.pk]): {"reason": "spam"},
        reverse("ideas:edit", args=[own_idea.pk]): idea_form(own_idea, title="Übernommen"),
        reverse("ideas:withdraw", args=[own_idea.pk]): {},
        reverse("discussion:comment_create", args=["idee", own_idea.pk]): {"text": "Hallo"},
        reverse("discussion:comment_reply", args=[comment.pk]): {"text": "Hallo"},
    }
    for user in (stranger, ResearcherFactory()):
        as_user(client, user)
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url, data in posts.items():
            assert client.post(url, data).status_code == 404, url
    as_user(client, None)
    assert client.get(gets[0]).status_code == 404
    assert client.get(gets[1]).status_code == 404
    assert state(own_idea) == before
    assert not Support.objects.filter(idea=own_idea).exists()
    assert not Follow.objects.filter(idea=own_idea).exclude(user__in=[author, commenter]).exists()
    assert Comment.objects.filter(object_pk=str(own_idea.pk)).count() == 1
    # The author and the moderators still reach the page.
    assert as_user(client, author).get(gets[0]).status_code == 200
    assert as_user(client, ModeratorFactory()).get(gets[0]).status_code == 200


def test_a_forged_unsubscribe_token_changes_nothing(client, own_idea):
    from ideas import notifications

    follower = UserFactory()
    FollowFactory(idea=own_idea, user=follower)
    token = notifications.unsubscribe_token(follower, own_idea.pk)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.post(reverse("ideas:unsubscribe", args=[forged]), {"scope": "idea"})
    assert response.status_code == 400
    assert Follow.objects.filter(idea=own_idea, user=follower).exists()
    client.post(reverse("ideas:unsubscribe", args=[token]), {"scope": "idea"})
    assert not Follow.objects.filter(idea=own_idea, user=follower).exists()


def test_a_wrong_confirmation_key_confirms_nothing(client):
    from allauth.account.models import EmailAddress

    person = UserFactory(verified=False)
    response = client.post(reverse("account_confirm_email", args=["falscher-schluessel"]))
    assert response.status_code in (200, 302, 404)
    assert not EmailAddress.objects.get(user=person).verified


# --- Research -------------------------------------------------------------------------------


def test_an_assessment_is_its_researchers(client, own_idea, stranger, moderator):
    first = ResearcherFactory(research_group="Gruppe A")
    other = ResearcherFactory(research_group="Gruppe B")
    assessment = AssessmentFactory(idea=own_idea, author=first)
    before = state(assessment)
    url = reverse("research:assess", args=[own_idea.pk])
    data = assessment_values(technical_text="Überschrieben von Gruppe B")
    assert to_login(as_user(client, None).post(url, data))
    for user in (stranger, moderator, EditorFactory()):
        assert as_user(client, user).post(url, data).status_code == 403
    # Another group's researcher writes their own assessment, never the first one's.
    as_user(client, other).post(url, data)
    assert state(assessment) == before
    assert Assessment.objects.filter(idea=own_idea, author=other).exists()
    # The first researcher edits theirs.
    as_user(client, first).post(url, assessment_values(technical_text="Ergänzt."))
    assert Assessment.objects.get(pk=assessment.pk).technical_text == "Ergänzt."


def test_partner_offers_are_for_researchers_on_visible_ideas(client, own_idea, stranger, author):
    url = reverse("research:offer_partnership", args=[own_idea.pk])
    data = {"kind": "chair", "group_name": "Lehrstuhl X", "message": "Wir helfen gern."}
    assert to_login(as_user(client, None).post(url, data))
    assert as_user(client, stranger).post(url, data).status_code == 403
    assert as_user(client, ModeratorFactory()).post(url, data).status_code == 403
    # A researcher's own idea: no offer to oneself.
    own_researcher_idea = IdeaFactory(author=ResearcherFactory())
    as_user(client, own_researcher_idea.author)
    offer_url = reverse("research:offer_partnership", args=[own_researcher_idea.pk])
    assert client.post(offer_url, data).status_code == 403
    hidden = hide(IdeaFactory())
    hidden_url = reverse("research:offer_partnership", args=[hidden.pk])
    assert as_user(client, ResearcherFactory()).post(hidden_url, data).status_code == 404
    assert not PartnerOffer.objects.exists()
    # A researcher may offer on a visible idea.
    researcher = ResearcherFactory()
    assert as_user(client, researcher).post(url, data).status_code == 302
    assert PartnerOffer.objects.filter(idea=own_idea, offered_by=researcher).exists()


def test_deciding_an_offer_is_the_idea_authors(client, own_idea, author, stranger, moderator):
    offer = PartnerOfferFactory(idea=own_idea)
    url = reverse("research:decide_offer", args=[offer.pk])
    assert to_login(as_user(client, None).post(url, {"decision": "accept"}))
    other_group = ResearcherFactory(research_group="Andere Gruppe")
    for user in (stranger, moderator, other_group, offer.offered_by):
        assert as_user(client, user).post(url, {"decision": "accept"}).status_code == 403
    assert state(offer)["state"] == PartnerOffer.State.OFFERED
    as_user(client, author).post(url, {"decision": "accept"})
    assert PartnerOffer.objects.get(pk=offer.pk).state == PartnerOffer.State.ACCEPTED


def test_withdrawing_an_offer_is_the_offering_researchers(client, own_idea, author, stranger):
    offer = PartnerOfferFactory(idea=own_idea)
    url = reverse("research:withdraw_offer", args=[offer.pk])
    assert to_login(as_user(client, None).post(url))
    other_group = ResearcherFactory(research_group="Andere Gruppe")
    for user in (stranger, author, other_group, ModeratorFactory(), EditorFactory()):
        assert as_user(client, user).post(url).status_code == 403
    assert state(offer)["state"] == PartnerOffer.State.OFFERED
    as_user(client, offer.offered_by).post(url)
    assert PartnerOffer.objects.get(pk=offer.pk).state == PartnerOffer.State.WITHDRAWN


# --- Comments -------------------------------------------------------------------------------


def test_editing_and_deleting_a_comment_is_its_authors(client, own_idea, author, stranger):
    comment = CommentFactory(target=own_idea, user=author, text="Mein Kommentar")
    edit = reverse("discussion:comment_edit", args=[comment.pk])
    delete = reverse("discussion:comment_delete", args=[comment.pk])
    before = state(comment)
    assert to_login(as_user(client, None).get(edit))
    assert to_login(as_user(client, None).post(edit, {"text": "Fremd"}))
    assert to_login(as_user(client, None).post(delete))
    for user in (stranger, ModeratorFactory(), EditorFactory(), ResearcherFactory()):
        as_user(client, user)
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"text": "Fremd geändert"}).status_code == 403
        assert client.get(delete).status_code == 403
        assert client.post(delete).status_code == 403
    assert state(comment) == before
    as_user(client, author)
    assert client.post(edit, {"text": "Mein Kommentar, ergänzt"}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).comment == "Mein Kommentar, ergänzt"
    assert client.post(delete).status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_removed


def test_a_hidden_comment_cannot_be_reported(client, own_idea, author, stranger):
    from reports.models import Report

    comment = CommentFactory(target=own_idea, user=author)
    url = reverse("discussion:comment_report", args=[comment.pk])
    assert to_login(as_user(client, None).post(url, {"reason": "spam"}))
    # One's own comment.
    assert as_user(client, author).post(url, {"reason": "spam"}).status_code == 403
    Comment.objects.filter(pk=comment.pk).update(is_public=False)
    assert as_user(client, stranger).post(url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()
    Comment.objects.filter(pk=comment.pk).update(is_public=True)
    assert as_user(client, stranger).post(url, {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 1


# --- Our admin views ------------------------------------------------------------------------


def admin_refused(response):
    """Wagtail's refusal: the login page for visitors and residents without admin access,
    the dashboard with a message (302) or 403 for admin users without the permission."""
    return response.status_code in (302, 403, 404)


def test_editor_only_admin_views_refuse_everyone_else(client, own_idea, stranger, moderator):
    researcher = ResearcherFactory()
    request = ResearcherRoleRequest.objects.create(user=UserFactory(), email="x@uni-wuppertal.de")
    urls = [
        reverse("ideas_admin:answer", args=[own_idea.pk]),
        reverse("ideas_admin:merge", args=[own_idea.pk]),
        reverse("pilots_promote_idea", args=[own_idea.pk]),
        reverse("accounts_researcher_request", args=[request.pk]),
    ]
    before = (state(own_idea), state(request))
    for user in (None, stranger, moderator, researcher):
        as_user(client, user)
        for url in urls:
            assert admin_refused(client.get(url)), (user, url)
            assert admin_refused(client.post(url, {"text": "Antwort", "decision": "confirm"}))
    assert (state(own_idea), state(request)) == before
    as_user(client, EditorFactory())
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_blocking_is_for_moderators(client, stranger, moderator):
    target = UserFactory()
    url = reverse("ideas_admin:block_account", args=[target.pk])
    data = {"reason": "Spam", "duration": "7"}
    for user in (None, stranger, EditorFactory(), ResearcherFactory()):
        as_user(client, user)
        assert admin_refused(client.get(url))
        assert admin_refused(client.post(url, data))
    target.refresh_from_db()
    assert target.is_active
    assert as_user(client, moderator).get(url).status_code == 200


def test_idea_snippet_edit_needs_the_change_permission(client, own_idea, stranger, moderator):
    edit = reverse("wagtailsnippets_ideas_idea:edit", args=[own_idea.pk])
    delete = reverse("wagtailsnippets_ideas_idea:delete", args=[own_idea.pk])
    before = state(own_idea)
    for user in (None, stranger, moderator, ResearcherFactory()):
        as_user(client, user)
        assert admin_refused(client.get(edit))
        assert admin_refused(client.post(edit, idea_form(own_idea, title="Vom Moderator")))
        assert admin_refused(client.post(delete))
    assert state(own_idea) == before
    editor = EditorFactory()
    assert as_user(client, editor).get(edit).status_code == 200
    # Nobody deletes ideas through the admin (they are hidden, withdrawn or merged).
    assert admin_refused(client.post(delete))
    assert Idea.objects.filter(pk=own_idea.pk).exists()


def test_vocabulary_snippets_are_the_editors(client, own_idea, stranger, moderator):
    topic, district = own_idea.topic, own_idea.district
    urls = {
        reverse("wagtailsnippets_ideas_topic:edit", args=[topic.pk]): topic,
        reverse("wagtailsnippets_ideas_district:edit", args=[district.pk]): district,
    }
    for user in (None, stranger, moderator, ResearcherFactory()):
        as_user(client, user)
        for url in urls:
            assert admin_refused(client.get(url))
            assert admin_refused(client.post(url, {"name": "Übernommen", "slug": "x", "order": 0}))
            assert admin_refused(client.post(url.replace("/edit/", "/delete/")))
    assert type(topic).objects.get(pk=topic.pk).name == topic.name
    assert type(district).objects.get(pk=district.pk).name == district.name
    assert type(topic).objects.filter(pk=topic.pk).exists()
    as_user(client, EditorFactory())
    for url in urls:
        assert client.get(url).status_code == 200


@pytest.fixture
def pilot(home, own_idea):
    return make_pilot("Bänke für den Ölberg", idea=own_idea)


def test_a_moderator_cannot_edit_or_publish_a_pilot(client, pilot, stranger, moderator):
    url = reverse("wagtailadmin_pages:edit", args=[pilot.pk])
    before = (pilot.title, pilot.latest_revision_id)
    for user in (None, stranger, moderator):
        as_user(client, user)
        assert admin_refused(client.get(url))
        assert admin_refused(client.post(url, {"title": "Übernommen", "action-publish": "1"}))
    pilot.refresh_from_db()
    assert (pilot.title, pilot.latest_revision_id) == before
    assert as_user(client, EditorFactory()).get(url).status_code == 200


def test_a_draft_pilot_and_its_preview_stay_private(client, home, own_idea, stranger, moderator):
    draft = make_pilot("Entwurf eines Piloten", idea=own_idea, live=False)
    public_url = "/piloten/" + draft.slug + "/"
    assert draft.url is None or client.get(draft.url or public_url).status_code == 404
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    view_draft = reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    for user in (None, stranger, moderator):
        as_user(client, user)
        if draft.url:
            assert client.get(draft.url).status_code == 404
        for url in (preview, view_draft):
            response = client.get(url)
            assert admin_refused(response), (user, url)
            assert "Entwurf eines Piloten" not in response.content.decode()
    assert as_user(client, EditorFactory()).get(view_draft).status_code == 200


# --- The library's admin URLs, all of them ------------------------------------------------

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def concrete(route, number):
    """A URL for ``route`` with every converter and named group filled in."""

    url = _GROUP.sub(str(number), route)
    url = _CONVERTER.sub(lambda m: str(number) if m.group(1) == "int" else "ideas", url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def test_every_admin_object_url_refuses_visitors_and_residents(client, pilot, own_idea):
    admin_routes = [
        (route, name) for route, name in object_patterns() if route.startswith(ADMIN_PREFIX)
    ]
    assert len(admin_routes) > 80
    counts = lambda: (  # noqa: E731
        Idea.objects.count(),
        Group.objects.count(),
        type(pilot).objects.count(),
        Comment.objects.count(),
    )
    before, idea_before = counts(), state(own_idea)
    resident = UserFactory()
    for user in (None, resident):
        as_user(client, user)
        for route, name in admin_routes:
            url = concrete(route, pilot.pk)
            for response in (client.get(url), client.post(url, {"title": "x"})):
                assert response.status_code in (302, 403, 404, 405), (name, url, response)
                if response.status_code == 302:
                    assert "/admin/" not in response["Location"].split("?")[0] or (
                        "login" in response["Location"]
                    ), (name, url, response["Location"])
    assert counts() == before
    assert state(own_idea) == idea_before


def test_wagtails_own_password_reset_is_off(client, mailoutbox, django_capture_on_commit_callbacks):
    """Everyone resets the password through allauth (rate limited, one mail template);
    Wagtail's form under /admin/ would send a second, unthrottled kind of mail."""
    person = EditorFactory()
    for _n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/admin/password_reset/", {"email": person.email})
        assert response.status_code == 404
    confirm = client.get("/admin/password_reset/confirm/MQ/set-password/")
    assert confirm.status_code == 404
    assert mailoutbox == []
    # The portal's own reset still works.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email})
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_kept_preview_image_is_shown_to_its_uploader_only(client, resident, settings, tmp_path):
    """The propose preview's image (not yet published) is the uploader's: anyone else gets 404."""
    from tests.ideas.test_pending_images import preview, preview_image_url

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    client.force_login(resident)
    url, _alt = preview_image_url(preview(client))
    assert client.get(url).status_code == 200

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
