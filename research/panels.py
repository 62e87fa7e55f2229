"""A read-only editor panel with an idea's assessments and accepted partner offers.

Safe to import from a models module::

    from research.panels import AssessmentsPanel

    content_panels = [..., AssessmentsPanel(heading=_("Wissenschaftliche Einschätzungen"))]

The edited object needs an ``idea`` attribute (``PilotPage.idea``).
"""

from django.urls import reverse
from wagtail.admin.panels import Panel

from .services import accepted_offers, assessments_for


def assessments_admin_url(idea=None):
    """The editors' listing of assessments, of one idea or of all."""
    url = reverse("research_admin:assessments")
    return f"{url}?idee={idea.pk}" if idea is not None else url


class AssessmentsPanel(Panel):
    """Read-only: the assessments and accepted partner offers of the edited page's idea.

    Usage in a page model whose ``idea`` field points at an idea::

        content_panels = [..., AssessmentsPanel(heading=_("Wissenschaftliche Einschätzungen"))]
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "research/assessments_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            idea = getattr(self.instance, "idea", None)
            context["idea"] = idea
            context["assessments"] = list(assessments_for(idea)) if idea else []
            context["accepted_offers"] = list(accepted_offers(idea)) if idea else []
            context["admin_url"] = assessments_admin_url(idea) if idea else ""
            return context
