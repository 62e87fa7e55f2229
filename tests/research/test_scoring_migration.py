"""Researchers' technical feasibility moved from 1–3 onto the portal's one 1–5 scale."""

import importlib

import pytest
from django.apps import apps

from research.models import Assessment
from tests.factories import AssessmentFactory

migration = importlib.import_module("research.migrations.0002_one_scoring_scale")


def test_old_three_steps_become_the_ends_and_the_middle_of_five():
    assert [migration.new_rating(old) for old in (1, 2, 3)] == [1, 3, 5]
    assert [migration.old_rating(new) for new in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert all(migration.old_rating(migration.new_rating(old)) == old for old in (1, 2, 3))


@pytest.mark.django_db
def test_migration_maps_stored_ratings_and_reverts_without_touching_the_date():
    assessments = [AssessmentFactory() for _ in range(3)]
    for old, assessment in zip((1, 2, 3), assessments, strict=True):
        Assessment.objects.filter(pk=assessment.pk).update(technical_rating=old)
    updated = list(Assessment.objects.order_by("pk").values_list("updated", flat=True))

    migration.forwards(apps, None)
    ratings = Assessment.objects.order_by("pk").values_list("technical_rating", flat=True)
    assert list(ratings) == [1, 3, 5]
    assert list(Assessment.objects.order_by("pk").values_list("updated", flat=True)) == updated

    migration.backwards(apps, None)
    ratings = Assessment.objects.order_by("pk").values_list("technical_rating", flat=True)
    assert list(ratings) == [1, 2, 3]
