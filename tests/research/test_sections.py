"""What research adds to other pages: the research section of the idea page, and the idea's
research on its pilot page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from research.sections import idea_research_section
from tests.factories import AssessmentFactory, PartnerOfferFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def section_for(rf, user, idea):
    request = rf.get(idea.get_absolute_url())
    request.user = user
    return idea_research_section(request, idea)


def test_the_section_offers_researchers_what_they_may_do_and_shows_open_offers_to_the_author(
    rf, idea, researcher
):
    offer = PartnerOfferFactory(idea=idea, offered_by=ResearcherFactory())
    assert section_for(rf, researcher, idea).template == "research/includes/idea_research.html"

    before = section_for(rf, researcher, idea).context
    assert before["can_assess"] and before["can_offer_partnership"]
    assert before["own_assessment"] is None
    assert before["pending_offers"] == []  # someone else's offer, not theirs to see

    own = AssessmentFactory(idea=idea, author=researcher)
    assert section_for(rf, researcher, idea).context["own_assessment"] == own

    author = section_for(rf, idea.author, idea).context
    assert author["pending_offers"] == [offer] and author["can_decide_offers"]
    visitor = section_for(rf, AnonymousUser(), idea).context
    assert visitor["pending_offers"] == [] and not visitor["can_assess"]
    assert visitor["assessments"] == [own]


def test_assessment_texts_are_escaped_on_the_idea_page(client, idea, researcher):
    AssessmentFactory(
        idea=idea,
        author=researcher,
        technical_text=SCRIPT,
        data_protection_text=SCRIPT,
        recommendation_text=SCRIPT,
        partners_text=SCRIPT,
        evidence="https://example.org/?q=<script>",
    )
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert(" not in content
    assert content.count(ESCAPED_SCRIPT) >= 4
    assert 'href="https://example.org/?q=&lt;script&gt;"' in content


def test_pilot_pages_can_render_an_ideas_research(idea, researcher):
    AssessmentFactory(idea=idea, author=researcher)
    html = Template("{% load research_tags %}{% idea_research idea %}").render(
        Context({"idea": idea})
    )
    assert "Aus der Forschung" in html
    assert "Einschätzung von <bdi>Dr. Rita Forscher</bdi>" in html
