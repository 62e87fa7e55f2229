"""What the university pages show, computed for ``cms.university``'s ``get_context``.

Every list is a fixed number of queries, however many groups, members or ideas there are.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from ideas import research
from ideas.models import Idea, ParticipationSettings

IDEAS_PER_PAGE = 24


def _cards(queryset, request, limit=IDEAS_PER_PAGE):
    """Idea cards with progress, at most ``limit``; ``(ideas, threshold, has_more)``."""
    threshold = ParticipationSettings.load(request_or_site=request).effective_threshold()
    rows = list(queryset.for_cards().order_by("-created", "-id")[: limit + 1])
    for idea in rows[:limit]:
        idea.progress = idea.progress_percent(threshold)
    return rows[:limit], threshold, len(rows) > limit


def index_context(page, request):
    from .university import CallForUseCasesPage, ResearchGroupPage

    today = timezone.localdate()
    calls = (
        CallForUseCasesPage.objects.child_of(page).live().public().select_related("topic", "group")
    )
    return {
        "groups": ResearchGroupPage.objects.child_of(page)
        .live()
        .public()
        .prefetch_related("topics")
        .order_by("title"),
        "open_calls": calls.filter(deadline__gte=today).order_by("deadline", "title"),
        "past_calls": calls.filter(deadline__lt=today).order_by("-deadline", "title")[:20],
    }


def group_members(group):
    """A group's members (active accounts only) with what their badge and profile need."""
    from ideas.models import Topic

    return (
        get_user_model()
        .objects.filter(research_groups=group, is_active=True, deleted_at__isnull=True)
        .select_related("researcher_profile")
        .prefetch_related(
            "groups",
            Prefetch("researcher_profile__expertise", queryset=Topic.objects.order_by("name")),
        )
        .order_by("display_name", "pk")
    )


def group_context(page, request):
    ideas, threshold, has_more = _cards(research.ideas_of_group(page), request)
    return {
        "members": list(group_members(page)),
        "group_topics": list(page.topics.all()),
        "group_calls": list(
            page.calls.live()
            .public()
            .order_by("-deadline", "title")
            .select_related("topic", "group")
        ),
        "group_ideas": ideas,
        "threshold": threshold,
        "has_more_ideas": has_more,
    }


def call_context(page, request):
    ideas, threshold, has_more = _cards(Idea.objects.public().filter(call=page), request, 60)
    return {
        "call_ideas": ideas,
        "threshold": threshold,
        "has_more_ideas": has_more,
        "call_idea_count": Idea.objects.public().filter(call=page).count(),
    }
