"""The research part of "Meine Beteiligung": a researcher's feasibility assessments."""

from django.utils.translation import gettext as _

from ideas.activity import idea_entry
from participation.sections import activity_section

from .models import Assessment


def my_assessments_section(request, user):
    assessments = Assessment.objects.filter(author=user).select_related("idea")
    if not assessments.exists():
        return None
    entries = [
        idea_entry(
            user,
            assessment.idea,
            assessment.created,
            _("Empfehlung: %(recommendation)s")
            % {"recommendation": assessment.get_recommendation_display()},
        )
        for assessment in assessments.order_by("-created", "-id")
    ]
    return activity_section(
        _("Meine Machbarkeitseinschätzungen"),
        entries,
        empty="",
        order=50,
        date_label=_("veröffentlicht am"),
    )
