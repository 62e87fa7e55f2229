"""A small fixed-window rate limiter on Django's cache.

Limits are written ``"count/seconds"`` (``settings.RATE_LIMIT_FEEDBACK = "5/600"``: five
hits per ten minutes). Counters live in the default cache, so they hold across processes
only with a shared cache (the database cache or Redis, not LocMem).
"""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

KEY_PREFIX = "ratelimit"


def parse(limit: str) -> tuple[int, int]:
    """``"5/600"`` → ``(5, 600)``. Raises ``ValueError`` for anything else."""
    count, _, seconds = str(limit).partition("/")
    count, seconds = int(count), int(seconds)
    if count < 0 or seconds <= 0:
        raise ValueError(f"Invalid rate limit {limit!r}: expected 'count/seconds'.")
    return count, seconds


def hit(key: str, limit: str) -> bool:
    """Count one hit for ``key``; True while the limit is not exceeded.

    An empty ``limit`` switches limiting off (always allowed).
    """
    if not limit:
        return True
    count, seconds = parse(limit)
    window = int(time.time() // seconds)
    digest = hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"{KEY_PREFIX}:{digest}:{seconds}:{window}"
    # add() is atomic: only the first hit in a window creates the counter.
    if cache.add(cache_key, 1, timeout=seconds):
        current = 1
    else:
        try:
            current = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=seconds)
            current = 1
    return current <= count


def client_ip(request) -> str:
    """The client's address as allauth sees it (honours ``ALLAUTH_TRUSTED_PROXY_COUNT``)."""

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR") or "unknown"
