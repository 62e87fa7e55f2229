"""Races on real concurrent PostgreSQL connections (CI runs these in the PostgreSQL pass).

Each thread has its own database connection and its own test client, and all start
together behind a barrier, so the requests really overlap in the database.
"""

import contextlib
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from ideas import services
from ideas.models import Idea, IdeaStatusChange, Support
from tests.factories import IdeaFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the migrations' rows (Wagtail's root page, groups, the workflow)
    # come back after each transactional test empties the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
    ),
]


def run_together(functions):
    """Run callables in threads released at the same moment; return their results."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)
    errors = []

    def worker(index, function):
        try:
            barrier.wait(timeout=30)
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def post_support(client, idea):
    return lambda: client.post(f"/ideen/{idea.pk}/unterstuetzen/").status_code


def test_fifty_accounts_supporting_at_once_are_all_counted(threshold):
    threshold(1000)
    idea = IdeaFactory()
    clients = [logged_in_client(user) for user in UserFactory.create_batch(50)]
    statuses = run_together([post_support(client, idea) for client in clients])
    assert statuses == [302] * 50
    idea.refresh_from_db()
    assert Support.objects.filter(idea=idea).count() == 50
    assert idea.support_count == 50


def test_one_account_posting_twenty_supports_at_once_counts_once(threshold):
    threshold(1000)
    idea = IdeaFactory()
    user = UserFactory()
    clients = [logged_in_client(user) for _ in range(20)]
    statuses = run_together([post_support(client, idea) for client in clients])
    assert set(statuses) == {302}  # friendly redirect with a message, never a 500
    idea.refresh_from_db()
    assert Support.objects.filter(idea=idea, user=user).count() == 1
    assert idea.support_count == 1


def test_interleaved_support_and_withdraw_keep_counter_equal_to_rows(threshold):
    threshold(1000)
    idea = IdeaFactory()
    user = UserFactory()

    def support():
        with contextlib.suppress(services.AlreadySupported):
            services.support_idea(user, Idea.objects.get(pk=idea.pk))

    def withdraw():
        services.withdraw_support(user, Idea.objects.get(pk=idea.pk))

    run_together([support, withdraw] * 10)
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count()
    assert idea.support_count in (0, 1)


def test_two_supports_crossing_threshold_together_fire_the_event_once(threshold):
    threshold(2)
    idea = IdeaFactory()
    services.support_idea(UserFactory(), idea)  # 1 of 2
    threshold(2)
    late = UserFactory.create_batch(2)
    crossed = run_together([lambda u=u: _support_or_closed(u, idea.pk) for u in late])
    idea.refresh_from_db()
    # The threshold event fires once: one status change, one draft pilot, one workflow.
    assert idea.status == Idea.Status.IN_REVIEW
    assert crossed.count(True) == 1
    from wagtail.models import WorkflowState

    from pilots.models import PilotPage

    pilots = PilotPage.objects.filter(idea=idea)
    assert pilots.count() == 1
    assert WorkflowState.objects.filter(object_id=str(pilots.get().pk)).count() == 1
    assert IdeaStatusChange.objects.filter(idea=idea, to_status="threshold_reached").count() == 1
    assert idea.support_count == Support.objects.filter(idea=idea).count()


def _support_or_closed(user, idea_pk):
    try:
        return services.support_idea(user, Idea.objects.get(pk=idea_pk))
    except services.SupportClosed:
        return "closed"


def test_database_constraint_refuses_a_second_support_row():
    from django.db import IntegrityError, transaction

    idea = IdeaFactory()
    user = UserFactory()
    Support.objects.create(idea=idea, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=idea, user=user)
    assert connection.vendor == "postgresql"


def test_two_ideas_crossing_at_once_get_one_pilot_each(threshold):
    """Draft pilots are inserted under one parent page; concurrent inserts must not collide."""
    from pilots.models import PilotPage

    threshold(1)
    ideas = IdeaFactory.create_batch(2)
    users = UserFactory.create_batch(2)
    crossed = run_together(
        [lambda u=u, i=i: _support_or_closed(u, i.pk) for u, i in zip(users, ideas, strict=True)]
    )
    assert crossed == [True, True]
    assert PilotPage.objects.filter(idea__in=ideas).count() == 2
