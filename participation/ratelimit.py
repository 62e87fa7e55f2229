"""A small fixed-window rate limiter on Django's cache.

Limits are written ``"count/seconds"`` (``settings.RATE_LIMIT_FEEDBACK = "5/600"``: five
hits per ten minutes). Counters hold across processes only with a shared store, and every
count is one atomic step, so parallel requests cannot slip past the limit:

- Redis (``REDIS_URL``): ``INCR`` and, on the first hit of a window, ``EXPIRE`` in one Lua
  script (a counter never lives without its expiry);
- the database cache: a row of ``RateLimitCounter`` counted with one
  ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35);
- any other cache (LocMem in a developer's shell): its own ``add``/``incr``.
"""

import hashlib
import math
import re
import time
from datetime import UTC, datetime, timedelta

from allauth.account.adapter import get_adapter
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.utils.translation import ngettext

from .models import RateLimitCounter

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
    expires = (window + 1) * seconds
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        current = _count_in_redis(backend, cache_key, seconds)
    elif isinstance(backend, DatabaseCache):
        current = _count_in_database(cache_key, expires)
    else:
        current = _count_in_cache(backend, cache_key, seconds)
    return current <= count


# INCR creates a missing key at 1; only then is its expiry set, in the same atomic script.
_REDIS_INCR = """
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return current
"""


def _count_in_redis(backend, cache_key, seconds):
    key = backend.make_and_validate_key(cache_key)
    client = backend._cache.get_client(key, write=True)
    # A little slack past the window's end; the window number in the key starts afresh anyway.
    return int(client.eval(_REDIS_INCR, 1, key, seconds + 1))


def _count_in_database(cache_key, expires):
    """One statement counts the hit and returns the new count; the database serialises
    concurrent upserts of the same key (PostgreSQL locks the row, SQLite the file)."""
    database = router.db_for_write(RateLimitCounter)
    connection = connections[database]
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    key, hits = connection.ops.quote_name("key"), connection.ops.quote_name("hits")
    expires_at = connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(expires, tz=UTC))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {hits}, expires) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({key}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}",
            [cache_key, expires_at],
        )
        current = cursor.fetchone()[0]
    if current == 1:
        # A new window for this key: tidy away windows that ended a while ago.
        stale = datetime.now(tz=UTC) - timedelta(minutes=5)
        RateLimitCounter.objects.using(database).filter(expires__lt=stale).delete()
    return current


def _count_in_cache(backend, cache_key, seconds):
    # add() creates the counter only for the first hit in a window.
    if backend.add(cache_key, 1, timeout=seconds):
        return 1
    try:
        return backend.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        backend.set(cache_key, 1, timeout=seconds)
        return 1


ALLAUTH_PERIOD_RE = re.compile(r"^(\d*)([smhd])$")
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def window_seconds(limit: str) -> int:
    """The longest window in ``limit``: ours (``"10/600"``) or allauth's (``"10/m/ip,5/5m/key"``).

    After at most this long the visitor may try again. 0 for an empty or unreadable limit.
    """
    longest = 0
    for part in str(limit or "").split(","):
        fields = part.strip().split("/")
        if len(fields) < 2:
            continue
        period = fields[1].strip()
        if period.isdigit():
            seconds = int(period)
        else:
            match = ALLAUTH_PERIOD_RE.match(period)
            if not match:
                continue
            seconds = int(match.group(1) or 1) * PERIOD_SECONDS[match.group(2)]
        longest = max(longest, seconds)
    return longest


def wait_text(seconds: int) -> str:
    """``600`` → "10 Minuten": how long "spätestens in …" is, rounded up (German dative)."""
    if seconds < 60:
        count = max(seconds, 1)
        return ngettext("%(count)s Sekunde", "%(count)s Sekunden", count) % {"count": count}
    if seconds < 3600:
        count = math.ceil(seconds / 60)
        return ngettext("%(count)s Minute", "%(count)s Minuten", count) % {"count": count}
    if seconds < 86400:
        count = math.ceil(seconds / 3600)
        return ngettext("%(count)s Stunde", "%(count)s Stunden", count) % {"count": count}
    count = math.ceil(seconds / 86400)
    return ngettext("%(count)s Tag", "%(count)s Tagen", count) % {"count": count}


def client_ip(request) -> str:
    """The client's address as allauth sees it (honours ``ALLAUTH_TRUSTED_PROXY_COUNT``)."""

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR") or "unknown"
