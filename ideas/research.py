"""Researchers' feasibility assessments and partner offers on ideas."""


def detail_context(request, idea):
    """Context for the research section on the idea page."""
    return {}
