"""The ideas' sections on the home page: the newest ideas and ideas close to their threshold."""

from participation.sections import Section

from .models import Idea, ParticipationSettings


def home_ideas_section(request):
    threshold = ParticipationSettings.current().effective_threshold()
    newest = list(Idea.objects.public().for_cards().order_by("-created", "-id")[:6])
    close = list(
        Idea.objects.public()
        .for_cards()
        .filter(status=Idea.Status.PUBLISHED, support_count__lt=threshold)
        .order_by("-support_count", "-id")[:3]
    )
    for idea in newest + close:
        idea.progress = idea.progress_percent(threshold)
    if not newest:
        return None
    return Section(
        "ideas/includes/home_ideas.html",
        {"newest_ideas": newest, "close_ideas": close, "threshold": threshold},
        order=20,
    )
