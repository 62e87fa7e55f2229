"""German word stems (Snowball), the same algorithm PostgreSQL's ``german`` configuration uses.

"Sensoren" → ``sensor``, "Parkplätze" → ``parkplatz``, "Schulen" → ``schul``. The SQLite search
backend (:mod:`search.backends.sqlite`) indexes and queries these stems, and the excerpts
(:mod:`search.snippets`) mark the words whose stem was searched for.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")

_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=20_000)
def stem(word):
    """The stem of one word, lower-cased and without umlauts ("Brücken" → ``bruck``)."""
    return _stemmer.stemWord(word.lower())


def words(text):
    return WORD.findall(text or "")


def stems(text):
    """The stems of the words of ``text``, in order (punctuation and query syntax dropped)."""
    return [stem(word) for word in words(text)]


def stemmed(text):
    """``text`` as the stems of its words, separated by spaces."""
    return " ".join(stems(text))
