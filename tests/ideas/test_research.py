"""Researchers' assessments and partner offers, the researcher profile, the call in the
propose flow, and how editors read assessments in the admin."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from ideas import research
from ideas.models import Assessment, Follow, Idea, PartnerOffer, ResearcherProfile
from ideas.research_forms import clean_orcid, orcid_check_digit
from tests.factories import (
    DistrictFactory,
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def assess_url(idea):
    return reverse("ideas:assess", args=[idea.pk])


def offer_url(idea):
    return reverse("ideas:offer_partnership", args=[idea.pk])


def decide_url(offer):
    return reverse("ideas:decide_offer", args=[offer.pk])


def assessment_data(**overrides):
    data = {
        "technical_rating": "3",
        "technical_text": "Pegelsensoren mit Ultraschall sind erprobt.\nSie senden über LoRaWAN.",
        "data_protection_text": "Es werden nur Wasserstände gemessen.",
        "cost_range": "lt50k",
        "cost_text": "Zehn Messstellen.",
        "evidence": "https://example.org/studie\nhttp://example.org/daten",
        "partners_text": "Wupperverband",
        "data_sensors_text": "Pegelsensoren",
        "recommendation": "pilot",
        "recommendation_text": "Ein Pilot lohnt sich.",
    }
    data.update(overrides)
    return data


def service_data(**overrides):
    data = assessment_data(**overrides)
    data["technical_rating"] = int(data["technical_rating"])
    return data


@pytest.fixture(autouse=True)
def _german():
    """URLs and labels follow the active language: an earlier /en/ request must not leak."""
    with translation.override("de"):
        yield


@pytest.fixture
def idea():
    return IdeaFactory(title="Pegelsensoren an der Wupper")


def make_group(researchers, title="Sensornetze und IoT"):
    """A live research group page (a minimal page tree: root › index › group)."""
    from cms.university import ResearchGroupPage, UniversityIndexPage

    root = Page.get_first_root_node()
    index = UniversityIndexPage.objects.first()
    if index is None:
        index = root.add_child(instance=UniversityIndexPage(title="Universität", slug="uni-t"))
    group = ResearchGroupPage(title=title, description="<p>Labor</p>")
    group.members = researchers
    index.add_child(instance=group)
    return group


# --- Who may assess ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, idea):
    response = client.get(assess_url(idea))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_resident_gets_403_and_nothing_is_stored(client, idea, resident):
    client.force_login(resident)
    assert client.get(assess_url(idea)).status_code == 403
    response = client.post(assess_url(idea), assessment_data())
    assert response.status_code == 403
    assert "Forschende" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_editor_who_is_not_a_researcher_gets_403(client, idea, editor):
    client.force_login(editor)
    assert client.post(assess_url(idea), assessment_data()).status_code == 403
    assert Assessment.objects.count() == 0


def test_editor_who_is_also_a_researcher_may_assess(client, idea):
    editor_researcher = ResearcherFactory()
    editor_researcher.groups.add(EditorFactory().groups.get())
    client.force_login(editor_researcher)
    response = client.post(assess_url(idea), assessment_data())
    assert response.status_code == 302
    assert Assessment.objects.filter(author=editor_researcher).count() == 1


def test_service_refuses_non_researchers_too(idea, resident, editor):
    for user in (resident, editor):
        with pytest.raises(research.NotAllowed):
            research.publish_assessment(user, idea, service_data())
    assert Assessment.objects.count() == 0


def test_researcher_cannot_assess_own_or_hidden_ideas(client, researcher):
    own = IdeaFactory(author=researcher)
    hidden = IdeaFactory(hidden=True)
    client.force_login(researcher)
    assert client.get(assess_url(own)).status_code == 403
    assert client.get(assess_url(hidden)).status_code == 404


# --- Publishing ----------------------------------------------------------------------------


def test_researcher_publishes_an_assessment_shown_as_a_card_with_the_count(
    client, idea, researcher
):
    client.force_login(researcher)
    form = client.get(assess_url(idea))
    assert form.status_code == 200
    assert "Wissenschaftliche Einschätzung" in form.content.decode()

    response = client.post(assess_url(idea), assessment_data())

    assert response.status_code == 302
    assert response["Location"].endswith("#forschung")
    idea.refresh_from_db()
    assert idea.assessment_count == 1
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Einschätzung von Dr. Rita Forscher" in page
    assert "Geeignet für ein Pilotprojekt" in page
    assert "Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in page
    assert "hoch (3 von 3)" in page
    assert "<p>Pegelsensoren mit Ultraschall sind erprobt.<br>Sie senden über LoRaWAN.</p>" in page
    assert (
        '<a href="https://example.org/studie" rel="nofollow noopener">'
        "https://example.org/studie</a>" in page
    )
    listing = client.get(reverse("ideas:list")).content.decode()
    assert "1 Einschätzung" in listing


def test_second_attempt_edits_the_researchers_assessment_instead(
    client, idea, researcher, django_capture_on_commit_callbacks
):
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(assess_url(idea), assessment_data())
    mail.outbox.clear()

    again = client.get(assess_url(idea)).content.decode()
    assert "Sie haben diese Idee bereits eingeschätzt" in again
    assert "Ein Pilot lohnt sich." in again  # the form holds their assessment

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            assess_url(idea),
            assessment_data(recommendation="research", recommendation_text="Erst messen."),
        )

    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.recommendation == "research"
    assert assessment.recommendation_text == "Erst messen."
    idea.refresh_from_db()
    assert idea.assessment_count == 1
    assert mail.outbox == []  # an edit notifies nobody again


def test_database_allows_one_assessment_per_researcher_and_idea(idea, researcher):
    research.publish_assessment(researcher, idea, service_data())
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(idea=idea, author=researcher, **service_data())


def test_assessment_count_is_exact_with_several_researchers(idea):
    first, second = ResearcherFactory(), ResearcherFactory()
    research.publish_assessment(first, idea, service_data())
    research.publish_assessment(second, idea, service_data())
    _same, created = research.publish_assessment(first, idea, service_data(cost_text="neu"))
    assert created is False
    idea.refresh_from_db()
    assert idea.assessment_count == Assessment.objects.filter(idea=idea).count() == 2


def test_invalid_input_shows_german_errors_linked_in_a_summary_and_keeps_the_input(
    client, idea, researcher
):
    client.force_login(researcher)
    response = client.post(
        assess_url(idea),
        assessment_data(
            evidence="https://example.org/ok\njavascript:alert(1)\nftp://example.org/x",
            recommendation="",
            technical_text="Mein Entwurf bleibt erhalten.",
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert Assessment.objects.count() == 0
    assert "Bitte prüfen Sie Ihre Eingaben" in content
    assert "mit http:// oder https:// beginnt (nicht in Ordnung: Zeile 2, 3)" in content
    assert "Bitte wählen Sie eine Empfehlung." in content
    assert 'href="#id_evidence"' in content
    assert 'href="#id_recommendation"' in content
    assert 'id="id_recommendation"' in content
    assert "Mein Entwurf bleibt erhalten." in content
    assert "javascript:alert(1)" in content  # kept in the textarea, escaped text only
    assert 'href="javascript:' not in content


# --- Notifications -------------------------------------------------------------------------


def test_author_and_followers_hear_about_a_new_assessment(idea, django_capture_on_commit_callbacks):
    follower = UserFactory(notify="immediate")
    quiet = UserFactory(notify="none")
    Follow.objects.create(idea=idea, user=follower)
    Follow.objects.create(idea=idea, user=quiet)
    researcher = ResearcherFactory(display_name="Dr. <b>Rita</b>")

    with django_capture_on_commit_callbacks(execute=True):
        research.publish_assessment(researcher, idea, service_data())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([idea.author.email, follower.email])
    message = mail.outbox[0]
    assert "Neue wissenschaftliche Einschätzung" in message.subject
    # Plain text only: the name appears as written, never as HTML.
    assert "Dr. <b>Rita</b> hat eine wissenschaftliche Einschätzung" in message.body
    assert "&lt;b&gt;" not in message.body
    assert not getattr(message, "alternatives", [])


def test_nothing_is_sent_when_publishing_fails(idea, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(research.NotAllowed):
        research.publish_assessment(resident, idea, service_data())
    assert mail.outbox == []


# --- Escaping ------------------------------------------------------------------------------


def test_assessment_texts_are_escaped_on_the_idea_page(client, idea, researcher):
    research.publish_assessment(
        researcher,
        idea,
        service_data(
            technical_text=SCRIPT,
            data_protection_text=SCRIPT,
            recommendation_text=SCRIPT,
            partners_text=SCRIPT,
            evidence="https://example.org/?q=<script>",
        ),
    )
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert(" not in content
    assert content.count(ESCAPED_SCRIPT) >= 4
    assert 'href="https://example.org/?q=&lt;script&gt;"' in content


def test_assessment_texts_are_escaped_in_the_admin_listing(client, idea, researcher, editor):
    research.publish_assessment(researcher, idea, service_data(recommendation_text=SCRIPT))
    client.force_login(editor)
    for url in (
        "/admin/beteiligung/einschaetzungen/",
        f"/admin/beteiligung/einschaetzungen/?idee={idea.pk}",
    ):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Dr. Rita Forscher" in content
        assert "<script>alert(" not in content
        assert ESCAPED_SCRIPT in content


def test_admin_listing_is_for_editors_only(client, researcher, resident):
    for user in (researcher, resident):
        client.force_login(user)
        response = client.get("/admin/beteiligung/einschaetzungen/")
        assert response.status_code in (302, 403)


def test_idea_listing_in_the_admin_links_to_an_ideas_assessments(client, idea, editor):
    client.force_login(editor)
    content = client.get(reverse("wagtailsnippets_ideas_idea:list")).content.decode()
    assert f"/admin/beteiligung/einschaetzungen/?idee={idea.pk}" in content


def test_pilot_pages_can_render_an_ideas_research(idea, researcher):
    research.publish_assessment(researcher, idea, service_data())
    html = Template("{% load research_tags %}{% idea_research idea %}").render(
        Context({"idea": idea})
    )
    assert "Aus der Forschung" in html
    assert "Einschätzung von Dr. Rita Forscher" in html


def test_read_only_editor_panel_shows_the_assessments(idea, researcher, editor):
    from ideas.research_panels import AssessmentsPanel

    research.publish_assessment(researcher, idea, service_data(recommendation_text=SCRIPT))

    class PilotLike:
        pass

    page = PilotLike()
    page.idea = idea
    request = RequestFactory().get("/admin/")
    request.user = editor
    panel = AssessmentsPanel(heading="Einschätzungen").bind_to_model(Idea)
    html = panel.get_bound_panel(instance=page, request=request, form=None).render_html()
    assert "Dr. Rita Forscher" in html
    assert "Geeignet für ein Pilotprojekt" in html
    assert ESCAPED_SCRIPT in html


# --- Partner offers ------------------------------------------------------------------------


def offer_data(**overrides):
    data = {"group_name": "", "kind": "lab", "message": "Unser Labor stellt Sensoren bereit."}
    data.update(overrides)
    return data


def test_partner_offer_flow_offer_accept_and_show_on_the_idea(
    client, idea, researcher, django_capture_on_commit_callbacks
):
    group = make_group([researcher])
    client.force_login(researcher)
    form = client.get(offer_url(idea)).content.decode()
    assert "Sensornetze und IoT" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(idea), offer_data(group=group.pk))

    assert response.status_code == 302
    offer = PartnerOffer.objects.get()
    assert (offer.group, offer.group_name, offer.state) == (group, "Sensornetze und IoT", "offered")
    author_mail = next(m for m in mail.outbox if m.to == [idea.author.email])
    assert "Partnerschaftsangebot" in author_mail.subject
    assert "Sensornetze und IoT bietet an" in author_mail.body
    mail.outbox.clear()

    # Not public yet.
    client.logout()
    assert (
        "Unser Labor stellt Sensoren bereit."
        not in client.get(idea.get_absolute_url()).content.decode()
    )

    client.force_login(idea.author)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Angebot von Sensornetze und IoT annehmen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(offer), {"decision": "accept"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == "accepted" and offer.decided_at is not None
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert "angenommen" in mail.outbox[0].subject

    client.logout()
    public = client.get(idea.get_absolute_url()).content.decode()
    assert "Partnerschaften mit der Forschung" in public
    assert "Unser Labor stellt Sensoren bereit." in public
    assert list(research.accepted_offers(idea)) == [offer]


def test_only_the_author_or_an_editor_decides_an_offer(client, idea, researcher, editor, resident):
    offer = research.offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="Angebot"
    )
    for user in (resident, researcher):
        client.force_login(user)
        assert client.post(decide_url(offer), {"decision": "accept"}).status_code == 403
    offer.refresh_from_db()
    assert offer.state == "offered"

    client.force_login(editor)
    assert client.post(decide_url(offer), {"decision": "decline"}).status_code == 302
    offer.refresh_from_db()
    assert offer.state == "declined"
    assert list(research.accepted_offers(idea)) == []

    # A decided offer stays decided.
    client.force_login(idea.author)
    client.post(decide_url(offer), {"decision": "accept"})
    offer.refresh_from_db()
    assert offer.state == "declined"


def test_deciding_needs_post(client, idea, researcher):
    offer = research.offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="Angebot"
    )
    client.force_login(idea.author)
    assert client.get(decide_url(offer)).status_code == 405


def test_only_researchers_offer_and_only_for_their_own_groups(client, idea, researcher, resident):
    stranger_group = make_group([ResearcherFactory()], title="Fremde Gruppe")
    client.force_login(resident)
    assert client.post(offer_url(idea), offer_data(group_name="X")).status_code == 403

    client.force_login(researcher)
    response = client.post(offer_url(idea), offer_data(group=stranger_group.pk))
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    with pytest.raises(research.NotAllowed):
        research.offer_partnership(
            researcher, idea, group=stranger_group, kind="lab", message="Angebot"
        )
    assert PartnerOffer.objects.count() == 0


def test_a_second_open_offer_is_refused_kindly(client, idea, researcher):
    client.force_login(researcher)
    client.post(offer_url(idea), offer_data(group_name="Lehrstuhl für Verkehrsplanung"))
    response = client.get(offer_url(idea), follow=True)
    assert "bereits eine Partnerschaft angeboten" in response.content.decode()
    with pytest.raises(research.OfferAlreadyOpen):
        research.offer_partnership(
            researcher, idea, group_name="Y", kind="lab", message="Noch eins"
        )
    assert PartnerOffer.objects.count() == 1


def test_researcher_withdraws_an_offer_and_may_offer_again(client, idea, researcher):
    offer = research.offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="Angebot"
    )
    client.force_login(researcher)
    client.post(reverse("ideas:withdraw_offer", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == "withdrawn"
    research.offer_partnership(researcher, idea, group_name="X", kind="lab", message="Neu")
    assert PartnerOffer.objects.filter(state="offered").count() == 1


# --- Researcher profile and ORCID --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("", ""),
    ],
)
def test_valid_orcids_are_normalised(value, expected):
    assert clean_orcid(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-0002-1825-0098", "Prüfziffer"),
        ("0000-0002-1825-009", "Format"),
        ("0000000218250097", "Format"),
        ("abcd-0002-1825-0097", "Format"),
    ],
)
def test_invalid_orcids_are_refused_in_german(value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        clean_orcid(value)
    assert message in str(error.value)


def test_orcid_check_digit_matches_orcids_example():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"


def test_researcher_profile_page_is_for_researchers_only(client, resident):
    client.force_login(resident)
    assert client.get("/konto/forschung/").status_code == 403
    client.logout()
    assert client.get("/konto/forschung/").status_code == 302


def test_researcher_saves_profile_and_a_wrong_orcid_is_explained(client, researcher):
    topic = TopicFactory(name="Sensorik")
    client.force_login(researcher)
    assert client.get("/konto/forschung/").status_code == 200

    response = client.post(
        "/konto/forschung/",
        {"institution": "Uni", "research_group": "IoT", "orcid": "0000-0002-1825-0098"},
    )
    assert response.status_code == 200
    assert "Prüfziffer" in response.content.decode()
    assert 'href="#id_orcid"' in response.content.decode()

    response = client.post(
        "/konto/forschung/",
        {
            "institution": "Bergische Universität Wuppertal",
            "research_group": "Sensornetze",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "expertise": [topic.pk],
            "bio": "Forscht zu Sensornetzen.",
        },
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    profile = ResearcherProfile.objects.get(user=researcher)
    assert profile.orcid == "0000-0002-1825-0097"
    assert list(profile.expertise.all()) == [topic]
    assert researcher.researcher_badge == "Sensornetze · Bergische Universität Wuppertal"


def test_data_export_contains_assessments_offers_and_profile(client, idea, researcher):
    research.publish_assessment(researcher, idea, service_data())
    research.offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="M"
    )
    ResearcherProfile.objects.create(user=researcher, orcid="0000-0002-1825-0097")
    client.force_login(researcher)
    data = json.loads(client.post(reverse("accounts:data")).content)
    assert data["assessments"][0]["recommendation"] == "pilot"
    assert data["partner_offers"][0]["group"] == "Lehrstuhl X"
    assert data["researcher_profile"]["orcid"] == "0000-0002-1825-0097"


def test_deleting_an_account_removes_the_profile_and_withdraws_open_offers(
    client, idea, researcher
):
    from participation.accounts import services as account_services

    research.publish_assessment(researcher, idea, service_data())
    offer = research.offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="M"
    )
    ResearcherProfile.objects.create(user=researcher, orcid="0000-0002-1825-0097", bio="Bio")

    account_services.delete_account(researcher)

    offer.refresh_from_db()
    assert offer.state == "withdrawn"
    assert not ResearcherProfile.objects.filter(user=researcher).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Einschätzung von Gelöschtes Konto" in page  # the assessment stays, anonymised


# --- Proposing into a call ---------------------------------------------------------------


def make_call(deadline_days=30, title="Aufruf: Sensordaten"):
    from cms.university import CallForUseCasesPage, UniversityIndexPage

    index = UniversityIndexPage.objects.first()
    if index is None:
        index = Page.get_first_root_node().add_child(
            instance=UniversityIndexPage(title="Universität", slug="uni-t")
        )
    call = CallForUseCasesPage(
        title=title,
        question="Wo helfen Messdaten?",
        deadline=timezone.localdate() + timedelta(days=deadline_days),
    )
    index.add_child(instance=call)
    return call


def proposal(**overrides):
    data = {
        "title": "Pegelsensoren an der Kluse",
        "text": "An der Wupper fehlen Messpunkte für den Pegel. LoRaWAN-Sensoren könnten warnen.",
        "topic": TopicFactory().pk,
        "district": DistrictFactory().pk,
        "place": "",
        "summary_easy": "",
        "image_alt": "",
    }
    data.update(overrides)
    return data


def test_propose_link_preselects_the_call_as_hidden_input(client, resident):
    call = make_call()
    client.force_login(resident)
    content = client.get(f"/ideen/neu/?aufruf={call.pk}").content.decode()
    assert "Sie reichen Ihre Idee zum Aufruf „Aufruf: Sensordaten“ ein." in content
    assert f'<input type="hidden" name="call" value="{call.pk}"' in content


def test_idea_proposed_with_a_call_ends_up_in_the_call(client, resident):
    call = make_call()
    client.force_login(resident)
    preview = client.post("/ideen/neu/", proposal(call=call.pk, action="preview")).content.decode()
    assert f'name="call" value="{call.pk}"' in preview
    assert "Zum Aufruf „Aufruf: Sensordaten“" in preview

    response = client.post("/ideen/neu/", proposal(call=call.pk, action="publish"))

    assert response.status_code == 302
    assert Idea.objects.get().call_id == call.pk


def test_closed_calls_take_no_ideas(client, resident):
    closed = make_call(deadline_days=-1, title="Alter Aufruf")
    make_call(title="Offener Aufruf")
    client.force_login(resident)
    content = client.get(f"/ideen/neu/?aufruf={closed.pk}").content.decode()
    assert "Alter Aufruf" not in content
    assert "Offener Aufruf" in content  # the open call is offered in a select

    response = client.post("/ideen/neu/", proposal(call=closed.pk, action="publish"))
    assert response.status_code == 200
    assert "Dieser Aufruf nimmt keine Ideen mehr an" in response.content.decode()
    assert Idea.objects.count() == 0


def test_idea_form_has_no_call_field_when_no_call_is_open(client, resident):
    client.force_login(resident)
    assert 'name="call"' not in client.get("/ideen/neu/").content.decode()
