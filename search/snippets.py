"""Text excerpts around the words searched for, with the matches marked.

Residents write plain text that may contain anything, ``<script>`` included. The excerpt is cut
from the raw text, split into matched and unmatched pieces, and every piece is escaped on its
own before the ``<mark>`` tags are put around the matched ones: no user text is ever marked safe.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .stemming import WORD, stem

# Snowball's German stems drop umlauts and write "ß" as "ss": the pattern puts them back.
_LETTERS = {"a": "[aä]", "o": "[oö]", "u": "[uü]"}


def query_terms(query):
    """The words of a query, lower-cased, in order, without repetition."""
    seen = []
    for word in WORD.findall(query.lower()):
        if word not in seen:
            seen.append(word)
    return seen


def stem_pattern(term):
    """A regular expression for the German stem of ``term``, umlauts and "ß" included."""
    pieces = stem(term).split("ss")
    return "(?:ss|ß)".join(
        "".join(_LETTERS.get(letter) or re.escape(letter) for letter in piece) for piece in pieces
    )


def match_pattern(terms):
    """Words starting with a term's stem: "Sensor" marks "Sensoren", "Parkplatz" "Parkplätze"."""
    stems = sorted({stem_pattern(term) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def highlight(text, pattern):
    """Escape ``text`` piece by piece and wrap the matches in ``<mark>``."""
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped


def excerpt(text, pattern, length=240):
    """A window of about ``length`` characters around the first match, cut at word borders."""
    if len(text) <= length:
        return text
    match = pattern.search(text) if pattern else None
    start = 0
    if match:
        start = max(0, match.start() - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = text[start:end].strip()
    return ("… " if start else "") + snippet + (" …" if end < len(text) else "")


def snippet(text, query, length=240):
    """The escaped excerpt of ``text`` with the query's words marked."""
    pattern = match_pattern(query_terms(query))
    return highlight(excerpt(text, pattern, length), pattern)
