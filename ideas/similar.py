"""Similar existing ideas, shown before a new one is published (duplicate hints)."""

import re

from django.db.models import Q

from .models import Idea

STOPWORDS = {
    "aber",
    "alle",
    "als",
    "also",
    "am",
    "an",
    "auch",
    "auf",
    "aus",
    "bei",
    "bis",
    "das",
    "dass",
    "dem",
    "den",
    "der",
    "des",
    "die",
    "ein",
    "eine",
    "einen",
    "einer",
    "eines",
    "für",
    "hat",
    "ich",
    "im",
    "in",
    "ist",
    "mit",
    "nach",
    "nicht",
    "noch",
    "oder",
    "sich",
    "sie",
    "sind",
    "so",
    "und",
    "uns",
    "von",
    "vor",
    "wie",
    "wir",
    "wird",
    "zu",
    "zum",
    "zur",
    "the",
    "and",
    "for",
}


def keywords(text, limit=8):
    words = re.findall(r"[\wäöüÄÖÜß-]{4,}", text.lower())
    seen = []
    for word in words:
        if word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def similar_ideas(title, text, exclude_pk=None, limit=5):
    """Up to ``limit`` public ideas sharing words with the title (weighted) and text."""
    title_words = keywords(title, 6)
    text_words = [w for w in keywords(text, 6) if w not in title_words]
    words = title_words + text_words[:3]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word)
    for word in title_words[:3]:
        condition |= Q(text__icontains=word)
    candidates = Idea.objects.public().filter(condition).select_related("topic", "district")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = list(candidates.order_by("-support_count", "-id")[:50])

    def score(idea):
        haystack_title = idea.title.lower()
        haystack_text = idea.text.lower()
        return sum(3 for w in title_words if w in haystack_title) + sum(
            1 for w in words if w in haystack_text
        )

    ranked = sorted(candidates, key=lambda idea: (-score(idea), -idea.support_count))
    return [idea for idea in ranked if score(idea) > 0][:limit]
