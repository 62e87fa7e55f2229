"""Similar existing ideas, shown before a new one is published (duplicate hints).

The ideas app asks for them through the setting ``IDEAS_SIMILAR_FINDER``, which names
:func:`similar_ideas`: ideas sits below search and never imports it.
"""

import re

from .service import search_ideas

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
    """Up to ``limit`` public ideas sharing words with the title and text, best first.

    Asks the portal search (:func:`search.service.search_ideas`, database or Elasticsearch
    mode) for ideas containing any of the title's keywords and the text's strongest ones;
    titles weigh more than texts in both search modes.
    """
    title_words = keywords(title, 6)
    text_words = [w for w in keywords(text, 6) if w not in title_words]
    words = title_words + text_words[:3]
    if not words:
        return []
    return search_ideas(" ".join(words), limit=limit, exclude_pk=exclude_pk)
