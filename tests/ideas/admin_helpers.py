"""Addresses and form data of the editors' idea admin, shared by its test modules."""

from django.urls import reverse

from ideas import services
from ideas.models import Idea
from reports.models import Report
from tests.factories import UserFactory

REASON = "Enthält die Telefonnummer einer Nachbarin."
MODERATION_URL = "/admin/beteiligung/moderation/"


def idea_url(name, *args):
    return reverse(f"wagtailsnippets_ideas_idea:{name}", args=args)


def bulk_url(action, *ideas):
    query = "&".join(f"id={idea.pk}" for idea in ideas)
    return f"{reverse('wagtail_bulk_action', args=['ideas', 'idea', action])}?{query}"


def answer_url(idea):
    return reverse("ideas_admin:answer", args=[idea.pk])


def answer_data(**overrides):
    data = {
        "status": Idea.Status.PUBLISHED,
        "status_note": "",
        "text": "",
        "impact": "",
        "impact_note": "",
        "cost": "",
        "cost_note": "",
        "feasibility": "",
        "feasibility_note": "",
        "legal": "",
        "legal_note": "",
    }
    data.update(overrides)
    return data


def reported(idea, reason=Report.Reason.SPAM, note=""):
    """``idea`` after one more resident reported it (one report does not hide it)."""
    services.report_idea(UserFactory(), idea, reason, note)
    idea.refresh_from_db()
    return idea
