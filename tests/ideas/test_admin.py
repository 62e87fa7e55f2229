"""The editors' idea admin: the listing, its bulk actions, escaping, and who may enter."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from ideas.models import Idea, OfficialAnswer, Topic
from reports.models import Report
from tests.factories import IdeaFactory, ReportFactory, ResearcherFactory, TopicFactory
from tests.ideas.admin_helpers import (
    MODERATION_URL,
    REASON,
    answer_data,
    answer_url,
    bulk_url,
    idea_url,
    reported,
)

pytestmark = pytest.mark.django_db


# --- The idea listing ---------------------------------------------------------------------


def test_editor_sees_all_ideas_in_the_admin_list_including_hidden_ones(editor_client):
    IdeaFactory(title="Trinkbrunnen am Markt")
    IdeaFactory(title="Werbung für ein Casino", hidden=True, hidden_reason="Spam")

    response = editor_client.get(idea_url("list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Trinkbrunnen am Markt" in content
    assert "Werbung für ein Casino" in content
    assert "ausgeblendet" in content
    assert "Beteiligung" in content  # the menu group


def test_idea_list_filters_by_hidden_and_searches_the_reference(editor_client):
    visible = IdeaFactory(title="Trinkbrunnen am Markt")
    IdeaFactory(title="Werbung für ein Casino", hidden=True)

    hidden_only = editor_client.get(idea_url("list"), {"hidden": "true"}).content.decode()
    assert "Werbung für ein Casino" in hidden_only
    assert "Trinkbrunnen am Markt" not in hidden_only

    by_reference = editor_client.get(idea_url("list"), {"q": visible.reference}).content.decode()
    assert "Trinkbrunnen am Markt" in by_reference
    assert "Werbung für ein Casino" not in by_reference


def test_ideas_cannot_be_added_in_the_admin(editor_client):
    response = editor_client.get(idea_url("add"))

    assert response.status_code == 302
    assert not Idea.objects.exists()


def test_editor_corrects_an_idea_but_cannot_change_its_status_there(editor_client):
    idea = IdeaFactory(title="Bänke im Prak")
    data = {
        "title": "Bänke im Park",
        "text": idea.text,
        "summary_easy": "",
        "topic": idea.topic_id,
        "district": idea.district_id,
        "place": "Stadtpark",
        "image_alt": "",
        "status": Idea.Status.DECLINED,
        "support_count": 999,
    }

    # The editors' notification mails link to this address.
    assert idea_url("edit", idea.pk) == f"/admin/ideas/idea/edit/{idea.pk}/"
    form = editor_client.get(idea_url("edit", idea.pk)).content.decode()
    assert 'name="status"' not in form
    assert 'name="support_count"' not in form

    response = editor_client.post(idea_url("edit", idea.pk), data)

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Bänke im Park"
    assert idea.place == "Stadtpark"
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.support_count == 0


def test_editor_adds_a_topic(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_ideas_topic:add"),
        {"name": "Mobilität", "slug": "mobilitaet", "description": "", "order": 3},
    )

    assert response.status_code == 302
    assert Topic.objects.get(slug="mobilitaet").order == 3


def test_editor_gives_a_topic_its_english_name_and_description(editor_client):
    form = editor_client.get(reverse("wagtailsnippets_ideas_topic:add")).content.decode()
    assert 'name="name_en"' in form and 'name="description_en"' in form

    response = editor_client.post(
        reverse("wagtailsnippets_ideas_topic:add"),
        {
            "name": "Mobilität",
            "name_en": "Mobility",
            "slug": "mobilitaet",
            "description": "Bus und Bahn.",
            "description_en": "Buses and trains.",
            "order": 3,
        },
    )

    assert response.status_code == 302
    topic = Topic.objects.get(slug="mobilitaet")
    assert (topic.name_en, topic.description_en) == ("Mobility", "Buses and trains.")


def test_a_topic_in_use_cannot_be_deleted_but_an_unused_one_can(editor_client):
    in_use = IdeaFactory().topic
    unused = TopicFactory()

    refused = editor_client.post(reverse("wagtailsnippets_ideas_topic:delete", args=[in_use.pk]))
    deleted = editor_client.post(reverse("wagtailsnippets_ideas_topic:delete", args=[unused.pk]))

    assert refused.status_code in (302, 403)
    assert Topic.objects.filter(pk=in_use.pk).exists()
    assert deleted.status_code == 302
    assert not Topic.objects.filter(pk=unused.pk).exists()


# --- Bulk actions in the listing -------------------------------------------------------------


def test_bulk_hide_hides_two_ideas_and_tells_the_authors_why(
    moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, untouched = IdeaFactory(), IdeaFactory(), IdeaFactory()

    confirm = moderator_client.get(bulk_url("hide", first, second))
    assert confirm.status_code == 200
    assert first.title in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(bulk_url("hide", first, second), {"reason": REASON})

    assert response.status_code == 302
    for idea in (first, second):
        idea.refresh_from_db()
        assert idea.hidden
        assert idea.hidden_reason == REASON
    untouched.refresh_from_db()
    assert not untouched.hidden
    recipients = {mail.to[0] for mail in mailoutbox}
    assert recipients == {first.author.email, second.author.email}
    assert all(REASON in mail.body for mail in mailoutbox)


def test_bulk_hide_of_all_in_listing_respects_search_and_filters(moderator_client):
    IdeaFactory(title="Casino-Werbung eins")
    IdeaFactory(title="Casino-Werbung zwei")
    IdeaFactory(title="Trinkbrunnen am Markt")
    url = reverse("wagtail_bulk_action", args=["ideas", "idea", "hide"])

    response = moderator_client.post(f"{url}?q=Casino&hidden=false&id=all", {"reason": "Werbung"})

    assert response.status_code == 302
    hidden = set(Idea.objects.filter(hidden=True).values_list("title", flat=True))
    assert hidden == {"Casino-Werbung eins", "Casino-Werbung zwei"}


def test_idea_list_filters_ideas_with_open_reports(editor_client):
    reported(IdeaFactory(title="Gemeldete Idee"))
    IdeaFactory(title="Unauffällige Idee")

    content = editor_client.get(idea_url("list"), {"reported": "true"}).content.decode()

    assert "Gemeldete Idee" in content
    assert "Unauffällige Idee" not in content


def test_bulk_hide_without_a_reason_is_refused_and_hides_nothing(moderator_client):
    first, second = IdeaFactory(), IdeaFactory()

    response = moderator_client.post(bulk_url("hide", first, second), {"reason": "   "})

    assert response.status_code == 200
    assert "Bitte geben Sie einen Grund an" in response.content.decode()
    assert not Idea.objects.filter(hidden=True).exists()


def test_bulk_restore_shows_ideas_again_and_closes_their_reports(moderator_client):
    idea = IdeaFactory(hidden=True, hidden_reason="Mehrfach gemeldet", report_count=2)
    ReportFactory.create_batch(2, target=idea, reason=Report.Reason.OFFENSIVE)

    response = moderator_client.post(bulk_url("restore", idea))

    assert response.status_code == 302
    idea.refresh_from_db()
    assert not idea.hidden
    assert idea.hidden_reason == ""
    assert idea.report_count == 0
    assert not Report.objects.filter(idea=idea, resolved=False).exists()


# --- Escaping -------------------------------------------------------------------------------------


def test_script_in_title_and_answer_is_escaped_in_the_admin(team_client):
    idea = IdeaFactory(title="<script>alert('titel')</script>")
    reported(idea, note="<script>alert('meldung')</script>")
    team_client.post(
        answer_url(idea),
        answer_data(status=Idea.Status.PUBLISHED, text="<script>alert('antwort')</script>"),
    )
    assert OfficialAnswer.objects.filter(idea=idea).exists()

    pages = [
        team_client.get(idea_url("list")).content.decode(),
        team_client.get(MODERATION_URL).content.decode(),
        team_client.get(answer_url(idea)).content.decode(),
    ]

    for content in pages:
        assert "<script>alert(" not in content
        assert "&lt;script&gt;alert(" in content
    assert "&lt;script&gt;alert(&#x27;antwort&#x27;)&lt;/script&gt;" in pages[2]


# --- Who may enter ------------------------------------------------------------------------------


def admin_urls(idea):
    return [
        idea_url("list"),
        idea_url("edit", idea.pk),
        MODERATION_URL,
        answer_url(idea),
        reverse("ideas_admin:block_account", args=[idea.author_id]),
        bulk_url("hide", idea),
        reverse("wagtailsnippets_ideas_topic:list"),
    ]


@pytest.mark.parametrize("role", ["resident", "researcher"])
def test_residents_and_researchers_cannot_reach_the_editors_admin(client, role, request):
    user = request.getfixturevalue(role)
    idea = IdeaFactory()
    client.force_login(user)

    for url in admin_urls(idea):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code != 200

    client.post(bulk_url("hide", idea), {"reason": REASON})
    client.post(MODERATION_URL, {"action": "hide", "ideas": [idea.pk], "reason": REASON})
    client.post(answer_url(idea), answer_data(status=Idea.Status.IN_REVIEW))
    client.post(reverse("ideas_admin:block_account", args=[idea.author_id]))
    idea.refresh_from_db()
    idea.author.refresh_from_db()
    assert not idea.hidden
    assert idea.status == Idea.Status.PUBLISHED
    assert idea.author.is_active


def test_researcher_with_admin_access_still_cannot_moderate(client):
    researcher = ResearcherFactory()
    researcher.user_permissions.add(Permission.objects.get(codename="access_admin"))
    idea = reported(IdeaFactory())
    client.force_login(researcher)

    assert client.get("/admin/").status_code == 200
    for url in admin_urls(idea):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/", url

    client.post(MODERATION_URL, {"action": "hide", "ideas": [idea.pk], "reason": REASON})
    client.post(bulk_url("hide", idea), {"reason": REASON})
    idea.refresh_from_db()
    assert not idea.hidden


def test_moderation_menu_is_shown_to_moderators_only(client, editor, moderator):
    TopicFactory()
    client.force_login(moderator)

    content = client.get("/admin/").content.decode()

    assert "Beteiligung" in content
    assert MODERATION_URL in content

    client.force_login(editor)
    content = client.get("/admin/").content.decode()
    assert "Beteiligung" in content
    assert MODERATION_URL not in content

    researcher = ResearcherFactory()
    researcher.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(researcher)
    content = client.get("/admin/").content.decode()
    assert MODERATION_URL not in content
    assert "/admin/ideas/idea/" not in content
