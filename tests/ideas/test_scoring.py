"""The one scoring scale: its words, and the migration that moved the city's old scores onto it."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from ideas import scoring
from ideas.models import CRITERIA_TEXT_DEFAULT, OfficialAnswer, ParticipationSettings
from tests.factories import IdeaFactory

migration = importlib.import_module("ideas.migrations.0008_one_scoring_scale")


def test_five_is_the_favourable_end_of_every_criterion():
    assert [c.word(5) for c in scoring.ANSWER_CRITERIA] == [
        "sehr hohe Wirkung",
        "sehr geringe Kosten",
        "sehr gut machbar",
        "rechtlich unproblematisch",
    ]
    assert [c.word(1) for c in scoring.ANSWER_CRITERIA] == [
        "sehr geringe Wirkung",
        "sehr hohe Kosten",
        "kaum machbar",
        "rechtlich kaum möglich",
    ]
    assert scoring.TECHNICAL_FEASIBILITY.words == scoring.FEASIBILITY.words


def test_a_score_reads_as_number_and_words_in_german_and_english():
    score = scoring.COST.score(4)
    assert str(score.display) == "4 von 5 – geringe Kosten"
    with translation.override("en"):
        assert str(score.display) == "4 of 5 – low cost"
        assert str(scoring.COST.choices()[0][1]) == "1 – very high cost"


# --- Migration ----------------------------------------------------------------------------


def test_old_cost_scores_are_inverted_both_ways():
    # Old: 1 (low cost) … 5 (high cost). New: 5 (very low cost) … 1 (very high cost).
    assert [migration.inverted_cost(old) for old in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert all(migration.inverted_cost(migration.inverted_cost(x)) == x for x in range(1, 6))
    assert migration.inverted_cost(None) is None


@pytest.mark.django_db
def test_migration_inverts_stored_costs_keeps_the_other_scores_and_reverts():
    expensive = OfficialAnswer.objects.create(idea=IdeaFactory(), text="a", cost=5, impact=4)
    cheap = OfficialAnswer.objects.create(idea=IdeaFactory(), text="b", cost=2, legal=1)
    unscored = OfficialAnswer.objects.create(idea=IdeaFactory(), text="c")

    migration.forwards(apps, None)
    rows = OfficialAnswer.objects.order_by("pk").values_list("cost", "impact", "legal")
    assert list(rows) == [(1, 4, None), (4, None, 1), (None, None, None)]
    expensive.refresh_from_db()
    assert expensive.get_cost_display() == "1 – sehr hohe Kosten"

    migration.backwards(apps, None)
    assert list(OfficialAnswer.objects.order_by("pk").values_list("cost", flat=True)) == [
        5,
        2,
        None,
    ]
    assert cheap.pk and unscored.pk


@pytest.mark.django_db
def test_migration_replaces_only_the_old_default_criteria_text():
    rules = ParticipationSettings.load()
    rules.criteria_text = migration.OLD_CRITERIA_TEXT
    rules.save()

    migration.forwards(apps, None)
    rules.refresh_from_db()
    assert rules.criteria_text == CRITERIA_TEXT_DEFAULT == migration.NEW_CRITERIA_TEXT
    migration.backwards(apps, None)
    rules.refresh_from_db()
    assert rules.criteria_text == migration.OLD_CRITERIA_TEXT

    rules.criteria_text = "Das Bauamt bewertet nach eigenen Regeln."
    rules.save()
    migration.forwards(apps, None)
    rules.refresh_from_db()
    assert rules.criteria_text == "Das Bauamt bewertet nach eigenen Regeln."
