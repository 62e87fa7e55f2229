"""The portal's scoring scale in templates: ``{% load score_tags %}{% score_scale %}``."""

from django import template

from ideas import scoring

register = template.Library()


@register.inclusion_tag("ideas/includes/score_scale.html")
def score_scale(kind="answer"):
    """How to read the scores: one sentence and the words of every step.

    ``kind`` is "answer" (the city's four criteria) or "assessment" (the researchers'
    technical feasibility)."""
    criteria = scoring.ANSWER_CRITERIA
    if kind == "assessment":
        criteria = (scoring.TECHNICAL_FEASIBILITY,)
    return {
        "summary": scoring.SCALE_SUMMARY,
        "rows": [
            (criterion.label, list(zip(scoring.POINTS, criterion.words, strict=True)))
            for criterion in criteria
        ],
    }
