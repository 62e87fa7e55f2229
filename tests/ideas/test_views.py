import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Idea, Support
from tests.factories import (
    DistrictFactory,
    EditorFactory,
    IdeaFactory,
    TopicFactory,
    UnverifiedUserFactory,
    UserFactory,
    idea_form_data,
)
from tests.ideas.image_samples import jpeg_with_gps_bytes, upload

pytestmark = pytest.mark.django_db


def gps_jpeg():
    return upload(jpeg_with_gps_bytes(), "IMG_2031_gps.jpg")


def idea_payload(**overrides):
    return idea_form_data(**overrides)


# --- Propose -----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_nothing_is_stored(client):
    response = client.post("/ideen/neu/", idea_payload(action="publish"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert Idea.objects.count() == 0


def test_unverified_account_cannot_propose(client):
    client.force_login(UnverifiedUserFactory())
    response = client.post("/ideen/neu/", idea_payload(action="publish"))
    assert response.status_code == 403
    assert "bestätigen" in response.content.decode()
    assert Idea.objects.count() == 0


def test_propose_shows_similar_ideas_then_publishes(client, resident):
    existing = IdeaFactory(title="Pegelsensoren für Hochwasserwarnung")
    client.force_login(resident)
    payload = idea_payload()
    preview = client.post("/ideen/neu/", {**payload, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Ähnliche Ideen" in html
    assert existing.get_absolute_url() in html
    assert Idea.objects.filter(author=resident).count() == 0

    published = client.post("/ideen/neu/", {**payload, "action": "publish"})
    idea = Idea.objects.get(author=resident)
    assert published.status_code == 302
    assert published["Location"] == idea.get_absolute_url()
    assert idea.status == "published"


def test_failed_submit_keeps_input_and_links_errors(client, resident):
    client.force_login(resident)
    response = client.post("/ideen/neu/", idea_payload(text="Zu kurz", action="preview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_text"' in html  # error summary links to the field
    assert "mindestens 50 Zeichen" in html
    assert 'value="Pegelsensoren an der Wupper"' in html  # title kept
    assert "Zu kurz" in html  # text kept
    # The textarea points at its error message, and the message carries that id.
    textarea = re.search(r"<textarea[^>]*id=\"id_text\"[^>]*>", html).group(0)
    assert "id_text_error" in textarea
    assert 'id="id_text_error"' in html


def test_valid_image_survives_a_failed_submit_and_is_stored_clean(client, resident):
    client.force_login(resident)
    upload = gps_jpeg()
    failed = client.post(
        "/ideen/neu/",
        {
            **idea_payload(text="kurz", image_alt="Brücke über die Wupper"),
            "image": upload,
            "action": "preview",
        },
    )
    html = failed.content.decode()
    assert "Ihr Bild ist gespeichert" in html
    token = re.search(r'name="pending_image" value="([^"]+)"', html).group(1)
    client.post(
        "/ideen/neu/",
        {
            **idea_payload(image_alt="Brücke über die Wupper"),
            "pending_image": token,
            "action": "publish",
        },
    )
    idea = Idea.objects.get(author=resident)
    assert idea.image
    from PIL import Image

    with Image.open(idea.image.path) as stored:
        assert not stored.getexif()
    assert "gps" not in idea.image.name.lower()


def test_image_needs_alternative_text(client, resident):
    client.force_login(resident)
    response = client.post(
        "/ideen/neu/", {**idea_payload(), "image": gps_jpeg(), "action": "preview"}
    )
    assert "Alternativtext" in response.content.decode()
    assert Idea.objects.count() == 0


def test_posting_status_author_or_counters_changes_nothing(client, resident):
    other = UserFactory()
    client.force_login(resident)
    client.post(
        "/ideen/neu/",
        idea_payload(
            action="publish",
            status="pilot",
            author=other.pk,
            support_count=999,
            comment_count=5,
            reference="HACK-1",
            hidden="on",
        ),
    )
    idea = Idea.objects.get()
    assert idea.author == resident
    assert idea.status == "published"
    assert idea.support_count == 0 and idea.comment_count == 0
    assert idea.reference != "HACK-1"
    assert not idea.hidden


# --- Edit ---------------------------------------------------------------------------------


def test_author_edits_until_first_support_then_only_editors(client):
    idea = IdeaFactory()
    client.force_login(idea.author)
    response = client.post(f"/ideen/{idea.pk}/bearbeiten/", idea_payload(title="Neuer Titel"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"

    Support.objects.create(idea=idea, user=UserFactory())
    Idea.objects.filter(pk=idea.pk).update(support_count=1)
    response = client.post(f"/ideen/{idea.pk}/bearbeiten/", idea_payload(title="Noch neuer"))
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"

    client.force_login(EditorFactory())
    client.post(f"/ideen/{idea.pk}/bearbeiten/", idea_payload(title="Von der Redaktion"))
    idea.refresh_from_db()
    assert idea.title == "Von der Redaktion"


def test_nobody_edits_another_residents_idea(client):
    idea = IdeaFactory(title="Original")
    client.force_login(UserFactory())
    response = client.post(f"/ideen/{idea.pk}/bearbeiten/", idea_payload(title="Gekapert"))
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Original"


# --- Support --------------------------------------------------------------------------------


def test_support_and_second_support_get_friendly_messages(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    first = client.post(f"/ideen/{idea.pk}/unterstuetzen/", follow=True)
    assert "Danke für Ihre Unterstützung" in first.content.decode()
    second = client.post(f"/ideen/{idea.pk}/unterstuetzen/", follow=True)
    assert second.status_code == 200
    assert "bereits" in second.content.decode()
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_anonymous_and_unverified_cannot_support(client):
    idea = IdeaFactory()
    response = client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(UnverifiedUserFactory())
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    assert Support.objects.count() == 0


def test_support_needs_post(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    assert client.get(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 405
    assert Support.objects.count() == 0


def test_support_rate_limit_answers_429(client, resident, settings):
    settings.RATE_LIMIT_SUPPORT = "2/60"
    ideas = IdeaFactory.create_batch(3)
    client.force_login(resident)
    assert client.post(f"/ideen/{ideas[0].pk}/unterstuetzen/").status_code == 302
    assert client.post(f"/ideen/{ideas[1].pk}/unterstuetzen/").status_code == 302
    limited = client.post(f"/ideen/{ideas[2].pk}/unterstuetzen/")
    assert limited.status_code == 429
    assert "Zu viele" in limited.content.decode()
    assert Support.objects.count() == 2


def test_withdraw_support_via_form(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    client.post(f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/")
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert not Support.objects.exists()


def test_withdrawing_support_without_javascript_asks_on_its_own_page_first(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    url = f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/"
    detail = client.get(idea.get_absolute_url()).content.decode()
    # The idea page links to the confirmation page and carries the same form as a dialog.
    assert f'<a href="{url}" class="kern-btn kern-btn--tertiary" data-dialog-open=' in detail
    assert '<dialog class="kern-dialog confirm-dialog" id="unterstuetzung-zuruecknehmen"' in detail
    assert f'<form method="post" action="{url}">' in detail
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Unterstützung zurücknehmen?</h1>" in html
    assert "Ihre Unterstützung zählt dann nicht mehr für diese Idee." in html
    assert f'<form method="post" action="{url}">' in html
    assert f'href="{idea.get_absolute_url()}" class="kern-btn kern-btn--secondary"' in html
    assert Support.objects.filter(idea=idea, user=resident).exists()  # asking changes nothing
    response = client.post(url)
    assert response["Location"] == idea.get_absolute_url() + "#unterstuetzen"
    assert not Support.objects.filter(idea=idea, user=resident).exists()


def test_withdraw_support_page_sends_back_who_has_not_supported(client, resident):
    idea = IdeaFactory()
    url = f"/ideen/{idea.pk}/unterstuetzung-zuruecknehmen/"
    assert "/konto/login/" in client.get(url)["Location"]
    client.force_login(resident)
    assert client.get(url)["Location"] == idea.get_absolute_url() + "#unterstuetzen"


def test_withdrawing_an_idea_asks_on_its_own_page_first(client):
    idea = IdeaFactory()
    url = f"/ideen/{idea.pk}/zurueckziehen/"
    client.force_login(UserFactory())
    assert client.get(url)["Location"] == idea.get_absolute_url()  # not the author's
    client.force_login(idea.author)
    detail = client.get(idea.get_absolute_url()).content.decode()
    assert f'<a href="{url}" data-dialog-open="idee-zurueckziehen">Idee zurückziehen</a>' in detail
    assert "window.confirm" not in detail and "data-confirm" not in detail
    html = client.get(url).content.decode()
    assert "<h1>Idee zurückziehen?</h1>" in html
    assert "Das lässt sich nicht rückgängig machen." in html
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED
    client.post(url)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN


# --- Visibility -------------------------------------------------------------------------------


def test_hidden_idea_is_404_for_others_and_noticed_by_author(client):
    idea = IdeaFactory(hidden=True, hidden_reason="Mehrfach gemeldet")
    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(idea.get_absolute_url()).status_code == 404
    client.force_login(idea.author)
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    assert "ausgeblendet" in response.content.decode()
    client.logout()
    assert idea.title not in client.get("/ideen/").content.decode()


def test_detail_shows_display_name_never_email_and_escapes_text(client):
    author = UserFactory(display_name="Kai Beispiel", email="kai.privat@example.org")
    idea = IdeaFactory(author=author, title="<script>alert(1)</script> Titel")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Kai Beispiel" in html
    assert "kai.privat@example.org" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'property="og:title"' in html


def test_detail_shows_progress_and_days_left(client):
    idea = IdeaFactory(support_count=0)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "0 von 50 Unterstützungen" in html
    assert "noch 90 Tage" in html


def test_wrong_slug_redirects_to_canonical_url(client):
    idea = IdeaFactory()
    response = client.get(f"/ideen/{idea.pk}/falscher-slug/")
    assert response.status_code == 301
    assert response["Location"] == idea.get_absolute_url()


# --- List ----------------------------------------------------------------------------------


def test_list_filters_combine_and_sort(client):
    mobility = TopicFactory(slug="mobilitaet", name="Mobilität")
    elberfeld = DistrictFactory(slug="elberfeld", name="Elberfeld")
    match = IdeaFactory(topic=mobility, district=elberfeld, title="Treffer Parken")
    IdeaFactory(topic=mobility, title="Nur Thema")
    IdeaFactory(district=elberfeld, title="Nur Bezirk")
    html = client.get("/ideen/?thema=mobilitaet&bezirk=elberfeld").content.decode()
    assert match.title in html
    assert "Nur Thema" not in html and "Nur Bezirk" not in html

    popular = IdeaFactory(title="Sehr beliebt", support_count=40)
    html = client.get("/ideen/?sortierung=unterstuetzt").content.decode()
    assert html.index(popular.title) < html.index(match.title)


def test_list_text_filter_and_empty_state(client):
    IdeaFactory(title="Glasfaser für Cronenberg")
    assert "Glasfaser für Cronenberg" in client.get("/ideen/?q=glasfaser").content.decode()
    empty = client.get("/ideen/?q=gibtesnicht").content.decode()
    assert "Keine Ideen gefunden" in empty


def test_list_paginates_20_per_page(client):
    IdeaFactory.create_batch(21)
    first = client.get("/ideen/")
    assert len(first.context["ideas"]) == 20
    assert first.context["has_next"]
    second = client.get("/ideen/?seite=2")
    assert len(second.context["ideas"]) == 1


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/ideen/", "/ideen/?sortierung=trend", "/ideen/?sortierung=kommentiert"]
)
def test_list_query_count_does_not_grow_with_ideas(client, url):
    topic, district = TopicFactory(), DistrictFactory()
    IdeaFactory.create_batch(5, topic=topic, district=district)
    # Warm the kept copies (site, rules, footer); the first view also creates the rules' row,
    # which makes them be read once more.
    client.get(url)
    client.get(url)
    few = _count_queries(client, url)
    for _ in range(11):
        IdeaFactory.create_batch(5, topic=TopicFactory(), district=DistrictFactory())
    client.get(url)  # new topics and districts: the filter's choices are read once more
    many = _count_queries(client, url)
    assert Idea.objects.count() == 60
    assert many == few


def test_detail_query_count_does_not_grow_with_supports_and_history(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    client.get(idea.get_absolute_url())
    client.get(idea.get_absolute_url())  # the first view creates the rules' row
    few = _count_queries(client, idea.get_absolute_url())
    for user in UserFactory.create_batch(10):
        Support.objects.create(idea=idea, user=user)
    from ideas.models import IdeaStatusChange

    IdeaStatusChange.objects.bulk_create(
        [
            IdeaStatusChange(idea=idea, from_status="published", to_status="published")
            for _ in range(5)
        ]
    )
    many = _count_queries(client, idea.get_absolute_url())
    assert many == few


def test_official_answer_shows_scores_with_the_published_criteria(client):
    from ideas import services
    from ideas.models import ParticipationSettings

    rules = ParticipationSettings.load()
    rules.criteria_text = "Wirkung, Kosten, Machbarkeit und Rechtslage von 1 bis 5."
    rules.save()
    idea = IdeaFactory()
    services.answer_idea(
        idea,
        EditorFactory(),
        text="Wir prüfen das.",
        scores={"impact": 4, "impact_note": "Viele Pendler"},
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Viele Pendler" in html
    assert "<strong>4 von 5 – hohe Wirkung</strong>" in html
    assert "Wirkung, Kosten, Machbarkeit und Rechtslage von 1 bis 5." in html


def _answered_idea_with_criteria(**criteria):
    from ideas import services
    from ideas.models import ParticipationSettings

    rules = ParticipationSettings.load()
    for name, value in criteria.items():
        setattr(rules, name, value)
    rules.save()
    idea = IdeaFactory()
    services.answer_idea(idea, EditorFactory(), text="Wir prüfen das.", scores={"impact": 4})
    return idea


def test_english_idea_page_shows_the_english_criteria_text(client):
    idea = _answered_idea_with_criteria(
        criteria_text="Das Bauamt bewertet nach Wirkung und Kosten.",
        criteria_text_en="The building department rates impact and cost.",
    )
    german = client.get(idea.get_absolute_url()).content.decode()
    assert "Das Bauamt bewertet nach Wirkung und Kosten." in german
    assert "The building department" not in german
    english = client.get("/en" + idea.get_absolute_url()).content.decode()
    assert "The building department rates impact and cost." in english
    assert "Das Bauamt bewertet" not in english


def test_english_idea_page_shows_the_german_criteria_text_when_no_english_one_is_set(client):
    idea = _answered_idea_with_criteria(
        criteria_text="Das Bauamt bewertet nach Wirkung und Kosten.", criteria_text_en=""
    )
    english = client.get("/en" + idea.get_absolute_url()).content.decode()
    assert "Das Bauamt bewertet nach Wirkung und Kosten." in english


def test_editors_enter_the_english_criteria_text_in_the_participation_rules(client):
    from ideas.models import ParticipationSettings
    from tests.forms import form_data

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = "/admin/settings/ideas/participationsettings/"
    page = client.get(url, follow=True)
    html = page.content.decode()
    assert "Veröffentlichte Bewertungskriterien (Englisch)" in html
    data = form_data(html, "w-editor-form")
    data["criteria_text_en"] = "The city rates impact and cost."
    assert client.post(page.request["PATH_INFO"], data).status_code == 302
    assert ParticipationSettings.load().criteria_text_en == "The city rates impact and cost."


def test_the_withdraw_support_confirmation_speaks_english_on_english_pages(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    detail = client.get("/en" + idea.get_absolute_url()).content.decode()
    assert "Withdraw your support?" in detail
    assert "Yes, withdraw my support" in detail
