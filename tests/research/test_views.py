"""What researchers, authors and editors do on the site: assess an idea, offer a partnership,
decide on an offer, keep a researcher profile."""

import pytest
from django.core import mail
from django.urls import reverse

from research.models import Assessment, PartnerOffer, ResearcherProfile
from research.services import offer_partnership
from tests.factories import (
    EditorFactory,
    IdeaFactory,
    ResearcherFactory,
    TopicFactory,
    assessment_values,
    research_group,
)
from tests.forms import choice_value, choices

pytestmark = pytest.mark.django_db


def assess_url(idea):
    return reverse("research:assess", args=[idea.pk])


def offer_url(idea):
    return reverse("research:offer_partnership", args=[idea.pk])


def decide_url(offer):
    return reverse("research:decide_offer", args=[offer.pk])


def assessment_form(**overrides):
    """The assessment form as a browser posts it."""
    return {name: str(value) for name, value in assessment_values(**overrides).items()}


def offer_form(**overrides):
    data = {"group_name": "", "kind": "lab", "message": "Unser Labor stellt Sensoren bereit."}
    data.update(overrides)
    return data


def an_offer(researcher, idea):
    return offer_partnership(
        researcher, idea, group_name="Lehrstuhl X", kind="chair", message="Angebot"
    )


# --- Who may assess ------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, idea):
    response = client.get(assess_url(idea))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_resident_gets_403_and_nothing_is_stored(client, idea, resident):
    client.force_login(resident)
    assert client.get(assess_url(idea)).status_code == 403
    response = client.post(assess_url(idea), assessment_form())
    assert response.status_code == 403
    assert "Forschende" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_editor_who_is_not_a_researcher_gets_403(client, idea, editor):
    client.force_login(editor)
    assert client.post(assess_url(idea), assessment_form()).status_code == 403
    assert Assessment.objects.count() == 0


def test_editor_who_is_also_a_researcher_may_assess(client, idea):
    editor_researcher = ResearcherFactory()
    editor_researcher.groups.add(EditorFactory().groups.get())
    client.force_login(editor_researcher)
    response = client.post(assess_url(idea), assessment_form())
    assert response.status_code == 302
    assert Assessment.objects.filter(author=editor_researcher).count() == 1


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

    response = client.post(assess_url(idea), assessment_form())

    assert response.status_code == 302
    assert response["Location"].endswith("#forschung")
    idea.refresh_from_db()
    assert idea.assessment_count == 1
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Einschätzung von <bdi>Dr. Rita Forscher</bdi>" in page
    assert "Geeignet für ein Pilotprojekt" in page
    assert "Lehrstuhl für Verkehrsplanung · Bergische Universität Wuppertal" in page
    assert "5 von 5 – sehr gut machbar" in page
    assert "<p>Pegelsensoren mit Ultraschall sind erprobt.<br>Sie senden über LoRaWAN.</p>" in page
    assert (
        '<a href="https://example.org/studie" rel="nofollow noopener">'
        "https://example.org/studie</a>" in page
    )
    listing = client.get(reverse("ideas:list")).content.decode()
    assert "1 Einschätzung" in listing


def test_researcher_picks_feasibility_by_its_words_and_the_idea_page_shows_them(
    client, idea, researcher
):
    client.force_login(researcher)
    html = client.get(assess_url(idea)).content.decode()
    assert choices(html, "technical_rating") == [
        ("1", "1 – kaum machbar"),
        ("2", "2 – schwer machbar"),
        ("3", "3 – mit Aufwand machbar"),
        ("4", "4 – gut machbar"),
        ("5", "5 – sehr gut machbar"),
    ]
    assert "5 heißt: sehr gut machbar, 1: kaum machbar." in html

    picked = choice_value(html, "technical_rating", "4 – gut machbar")
    response = client.post(assess_url(idea), assessment_form(technical_rating=picked))

    assert response.status_code == 302
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "<strong>4 von 5 – gut machbar</strong>" in page
    assert "So lesen Sie die Bewertungen" in page
    assert "5 ist immer das Günstigste für die Idee" in page


def test_a_score_outside_the_scale_is_refused(client, idea, researcher):
    client.force_login(researcher)
    response = client.post(assess_url(idea), assessment_form(technical_rating="6"))
    assert response.status_code == 200
    assert Assessment.objects.count() == 0


def test_second_attempt_edits_the_researchers_assessment_instead(
    client, idea, researcher, django_capture_on_commit_callbacks
):
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(assess_url(idea), assessment_form())
    mail.outbox.clear()

    again = client.get(assess_url(idea)).content.decode()
    assert "Sie haben diese Idee bereits eingeschätzt" in again
    assert "Ein Pilot lohnt sich." in again  # the form holds their assessment

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            assess_url(idea),
            assessment_form(recommendation="research", recommendation_text="Erst messen."),
        )

    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.recommendation == "research"
    assert assessment.recommendation_text == "Erst messen."
    idea.refresh_from_db()
    assert idea.assessment_count == 1
    assert mail.outbox == []  # an edit notifies nobody again


def test_invalid_input_shows_german_errors_linked_in_a_summary_and_keeps_the_input(
    client, idea, researcher
):
    client.force_login(researcher)
    response = client.post(
        assess_url(idea),
        assessment_form(
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


# --- Partner offers ------------------------------------------------------------------------


def test_partner_offer_flow_offer_accept_and_show_on_the_idea(
    client, idea, researcher, university_index, django_capture_on_commit_callbacks
):
    group = research_group(university_index, "Sensornetze und IoT", members=[researcher])
    client.force_login(researcher)
    form = client.get(offer_url(idea)).content.decode()
    assert "Sensornetze und IoT" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(idea), offer_form(group=group.pk))

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


def test_only_the_author_or_an_editor_decides_an_offer(client, idea, researcher, editor, resident):
    offer = an_offer(researcher, idea)
    for user in (resident, researcher):
        client.force_login(user)
        assert client.post(decide_url(offer), {"decision": "accept"}).status_code == 403
    offer.refresh_from_db()
    assert offer.state == "offered"

    client.force_login(editor)
    assert client.post(decide_url(offer), {"decision": "decline"}).status_code == 302
    offer.refresh_from_db()
    assert offer.state == "declined"

    # A decided offer stays decided.
    client.force_login(idea.author)
    client.post(decide_url(offer), {"decision": "accept"})
    offer.refresh_from_db()
    assert offer.state == "declined"


def test_deciding_needs_post(client, idea, researcher):
    offer = an_offer(researcher, idea)
    client.force_login(idea.author)
    assert client.get(decide_url(offer)).status_code == 405


def test_only_researchers_offer_and_only_for_their_own_groups(
    client, idea, researcher, resident, university_index
):
    stranger_group = research_group(
        university_index, "Fremde Gruppe", members=[ResearcherFactory()]
    )
    client.force_login(resident)
    assert client.post(offer_url(idea), offer_form(group_name="X")).status_code == 403

    client.force_login(researcher)
    response = client.post(offer_url(idea), offer_form(group=stranger_group.pk))
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert PartnerOffer.objects.count() == 0


def test_a_second_open_offer_is_refused_kindly(client, idea, researcher):
    client.force_login(researcher)
    client.post(offer_url(idea), offer_form(group_name="Lehrstuhl für Verkehrsplanung"))
    response = client.get(offer_url(idea), follow=True)
    assert "bereits eine Partnerschaft angeboten" in response.content.decode()
    assert PartnerOffer.objects.count() == 1


def test_researcher_withdraws_an_offer_and_may_offer_again(client, idea, researcher):
    offer = an_offer(researcher, idea)
    client.force_login(researcher)
    client.post(reverse("research:withdraw_offer", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.state == "withdrawn"
    response = client.post(offer_url(idea), offer_form(group_name="Neu"))
    assert response.status_code == 302
    assert PartnerOffer.objects.filter(state="offered").count() == 1


# --- Researcher profile ----------------------------------------------------------------------


def test_researcher_profile_page_is_for_researchers_only(client, resident):
    url = reverse("research:profile")
    assert url == "/konto/forschung/"
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


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
