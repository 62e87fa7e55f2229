"""``{% load research_tags %}{% idea_research idea %}``: an idea's assessments and accepted
partner offers, for pages other than the idea page (the pilot page)."""

from django import template

from research.services import accepted_offers, assessments_for

register = template.Library()


@register.inclusion_tag("research/idea_research_summary.html")
def idea_research(idea, heading_id="research-summary-heading"):
    if idea is None:
        return {"idea": None}
    return {
        "idea": idea,
        "assessments": list(assessments_for(idea)),
        "accepted_offers": list(accepted_offers(idea)),
        "heading_id": heading_id,
    }
