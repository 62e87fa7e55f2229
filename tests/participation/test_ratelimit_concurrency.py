"""Rate limits hold under parallel requests: every count is one atomic step.

Each thread has its own database connection (and its own client) and all start together
behind a barrier. The database counter needs PostgreSQL for real concurrent connections; the
Redis counter needs a Redis server (``REDIS_URL``, or ``REDIS_TEST_URL`` as in the Makefile).
"""

import os

import pytest
from django.conf import settings
from django.test import override_settings

from discussion.models import Comment
from participation import ratelimit
from participation.models import RateLimitCounter
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.test_concurrency import logged_in_client, run_together

POSTGRES_MARKS = [
    pytest.mark.postgres,
    # serialized_rollback: the migrations' rows come back after each test empties the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
    ),
]


def needs_postgres(test):
    for mark in POSTGRES_MARKS:
        test = mark(test)
    return test


def _redis_url():
    url = os.environ.get("REDIS_TEST_URL") or settings.REDIS_URL
    if not url:
        return None
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: no Redis to test against
        return None
    return url


REDIS_URL = _redis_url()


@needs_postgres
def test_forty_parallel_hits_on_the_database_counter_allow_exactly_the_limit(database_cache):
    results = run_together([lambda: ratelimit.hit("comment:race", "10/60")] * 40)
    assert results.count(True) == 10
    assert sum(RateLimitCounter.objects.values_list("hits", flat=True)) == 40


@needs_postgres
@override_settings(RATE_LIMIT_COMMENT="10/60")
def test_thirty_parallel_comments_from_one_account_store_exactly_the_limit(database_cache):
    idea = IdeaFactory()
    user = UserFactory()
    clients = [logged_in_client(user) for _ in range(30)]
    url = f"/ideen/kommentare/idee/{idea.pk}/schreiben/"
    statuses = run_together(
        [
            lambda c=c, i=i: c.post(url, {"text": f"Kommentar {i}"}).status_code
            for i, c in enumerate(clients)
        ]
    )
    assert sorted(set(statuses)) == [302, 429]
    assert statuses.count(302) == 10
    assert Comment.objects.filter(user=user).count() == 10


@pytest.mark.skipif(REDIS_URL is None, reason="needs a Redis server (REDIS_URL or REDIS_TEST_URL)")
def test_forty_parallel_hits_on_redis_allow_exactly_the_limit_and_expire():
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mitwirken-test-ratelimit",
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        client = cache._cache.get_client(write=True)

        def remove_test_keys():  # only this test's keys: the server may serve others too
            for key in client.scan_iter("mitwirken-test-ratelimit:*"):
                client.delete(key)

        remove_test_keys()
        try:
            results = run_together([lambda: ratelimit.hit("comment:race", "10/60")] * 40)
            assert results.count(True) == 10
            keys = list(client.scan_iter("mitwirken-test-ratelimit:*"))
            assert len(keys) == 1
            assert int(client.get(keys[0])) == 40
            assert 0 < client.ttl(keys[0]) <= 61  # the counter always carries its expiry
        finally:
            remove_test_keys()
