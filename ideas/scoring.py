"""The portal's one scoring scale: the city's answer and the researchers' assessments use it.

Every score runs from 1 to 5, and **5 is always the favourable end for the idea**: high impact,
low cost, easy to do, legally sound. Residents never have to remember that "high" is bad for
cost but good for impact. Each criterion names its five steps in words; wherever a score is
shown it is shown as words and number ("4 von 5 – geringe Kosten"), wherever it is entered the
choices carry the same words.

This module sits in ``ideas`` (the lowest app with scores) so that ``research`` can use it too.
The migrations that moved old values onto this scale keep their own copy of the mapping
(``ideas/migrations/0008_one_scoring_scale.py``,
``research/migrations/0002_one_scoring_scale.py``).
"""

from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

LOWEST = 1
HIGHEST = 5
POINTS = tuple(range(LOWEST, HIGHEST + 1))

# What any step means, whatever the criterion.
GENERAL_WORDS = (
    _("sehr ungünstig"),
    _("eher ungünstig"),
    _("teils, teils"),
    _("eher günstig"),
    _("sehr günstig"),
)


def validators():
    return [MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]


@dataclass(frozen=True)
class Criterion:
    """One criterion: its name, what 5 means, and a word for each step from 1 to 5."""

    key: str
    label: str
    hint: str
    words: tuple

    def word(self, value):
        return self.words[value - LOWEST]

    def choices(self):
        """``[(1, "1 – sehr geringe Wirkung"), …]``: the labels of model field and form."""
        return [(value, choice_label(value, self.word(value))) for value in POINTS]

    def score(self, value, note=""):
        return Score(self, value, note)


@dataclass(frozen=True)
class Score:
    """A given score, ready to show: ``{{ score.display }}`` is "4 von 5 – hohe Wirkung"."""

    criterion: Criterion
    value: int
    note: str = ""

    @property
    def label(self):
        return self.criterion.label

    @property
    def word(self):
        return self.criterion.word(self.value)

    @property
    def general_word(self):
        return GENERAL_WORDS[self.value - LOWEST]

    @property
    def display(self):
        return _("%(value)s von %(highest)s – %(word)s") % {
            "value": self.value,
            "highest": HIGHEST,
            "word": self.word,
        }

    def __str__(self):
        return str(self.display)


def _choice_label(value, word):
    return _("%(value)s – %(word)s") % {"value": value, "word": word}


# Lazy: the labels are built at import time and must follow the language of each request.
choice_label = lazy(_choice_label, str)


IMPACT = Criterion(
    "impact",
    _("Wirkung"),
    _(
        "Wie viel bewirkt die Idee für die Stadt und ihre Bewohnerinnen und Bewohner? "
        "5 heißt: sehr hohe Wirkung, 1: sehr geringe Wirkung."
    ),
    (
        _("sehr geringe Wirkung"),
        _("geringe Wirkung"),
        _("mittlere Wirkung"),
        _("hohe Wirkung"),
        _("sehr hohe Wirkung"),
    ),
)
COST = Criterion(
    "cost",
    _("Kosten"),
    _("Wie tragbar sind die Kosten? 5 heißt: sehr geringe Kosten, 1: sehr hohe Kosten."),
    (
        _("sehr hohe Kosten"),
        _("hohe Kosten"),
        _("mittlere Kosten"),
        _("geringe Kosten"),
        _("sehr geringe Kosten"),
    ),
)
FEASIBILITY = Criterion(
    "feasibility",
    _("Machbarkeit"),
    _(
        "Wie gut lässt sich die Idee technisch und organisatorisch umsetzen? "
        "5 heißt: sehr gut machbar, 1: kaum machbar."
    ),
    (
        _("kaum machbar"),
        _("schwer machbar"),
        _("mit Aufwand machbar"),
        _("gut machbar"),
        _("sehr gut machbar"),
    ),
)
LEGAL = Criterion(
    "legal",
    _("Rechtslage"),
    _(
        "Darf die Stadt die Idee so umsetzen? "
        "5 heißt: rechtlich unproblematisch, 1: rechtlich kaum möglich."
    ),
    (
        _("rechtlich kaum möglich"),
        _("rechtlich schwierig"),
        _("rechtlich noch zu klären"),
        _("rechtlich möglich"),
        _("rechtlich unproblematisch"),
    ),
)

# The researchers' assessment scores technical feasibility with the same words.
TECHNICAL_FEASIBILITY = Criterion(
    "technical_feasibility",
    _("Technische Machbarkeit"),
    _(
        "Wie gut lässt sich die Idee technisch umsetzen? "
        "5 heißt: sehr gut machbar, 1: kaum machbar."
    ),
    FEASIBILITY.words,
)

# The criteria of the city's official answer, in the order they are shown.
ANSWER_CRITERIA = (IMPACT, COST, FEASIBILITY, LEGAL)
CRITERIA = {criterion.key: criterion for criterion in ANSWER_CRITERIA}

SCALE_SUMMARY = _(
    "Alle Bewertungen nutzen dieselbe Skala von 1 bis 5: 5 ist immer das Günstigste für die "
    "Idee, 1 das Ungünstigste. Bei den Kosten heißt 5 also: sehr geringe Kosten."
)
