"""participation.ratelimit.hit: a fixed window per key, on the cache."""

import pytest

from participation import ratelimit

# The counters live in the default cache: the database cache in tests, Redis with REDIS_URL.
pytestmark = pytest.mark.django_db


def test_allows_up_to_the_limit_then_refuses():
    assert [ratelimit.hit("feedback:1.2.3.4", "3/60") for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_keys_are_counted_separately():
    assert ratelimit.hit("a", "1/60")
    assert not ratelimit.hit("a", "1/60")
    assert ratelimit.hit("b", "1/60")


def test_a_new_window_starts_afresh(monkeypatch):
    real_time = ratelimit.time.time
    now = [(real_time() // 600) * 600 + 1]  # just after a window starts
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert ratelimit.hit("k", "1/600")
    assert not ratelimit.hit("k", "1/600")

    now[0] += 600

    assert ratelimit.hit("k", "1/600")


def test_empty_limit_switches_limiting_off():
    assert all(ratelimit.hit("k", "") for _ in range(100))


@pytest.mark.parametrize("limit", ["5", "x/60", "5/0", "-1/60"])
def test_malformed_limit_is_an_error(limit):
    with pytest.raises(ValueError):
        ratelimit.hit("k", limit)


@pytest.mark.usefixtures("database_cache")
def test_the_database_counter_counts_in_one_row_and_tidies_ended_windows():
    from datetime import UTC, datetime

    from participation.models import RateLimitCounter

    RateLimitCounter.objects.create(
        key="ratelimit:old", hits=7, expires=datetime(2000, 1, 1, tzinfo=UTC)
    )
    for _ in range(3):
        ratelimit.hit("k", "5/60")
    # The first hit of a new window removed the long-ended one.
    assert list(RateLimitCounter.objects.values_list("hits", flat=True)) == [3]
