"""What every page needs and editors rarely change, kept per process until an editor changes it.

The site of a request, the city's identity, the footer's legal links and the participation
rules cost four to six queries and 10–20 ms on every page when read from the database each
time (docs/benchmarks.md). They change a few times a year. So each process keeps them in a
plain dict (:func:`remember`), and forgets all of them together when a *generation* token in the
shared cache (Redis in production) changes:

- a receiver of the app that owns the data calls :func:`changed` on every save or delete of a
  page, site, locale, image or setting (``cms/signal_handlers.py``); that process forgets at
  once and the new token tells every other worker on every host;
- each process reads the token at most once per :data:`CHECK_EVERY` seconds, so another worker
  shows an editor's change within a second, at the cost of one cache read per second.

Values are read-only: templates and views must not change what they get from here. Nothing
that depends on the visitor (account, permissions, session) belongs here. State changes (a
support against the threshold) read the database, never these copies.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:constants:generation"
CHECK_EVERY = 1.0  # seconds between two reads of the shared token in one process

_lock = threading.Lock()
_state = {"generation": None, "checked": float("-inf"), "values": {}}


def generation(key=GENERATION_KEY):
    """The generation token under ``key`` in the shared cache, created on first use.

    Anything kept under a generation (these copies, the search's kept matches) is stale once
    :func:`new_generation` has replaced the token.
    """
    token = cache.get(key)
    if token is None:
        # First use, or evicted: any new token makes every process start afresh.
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def new_generation(key=GENERATION_KEY):
    """Replace the token under ``key``: whatever was kept under the old one is not used again."""
    cache.set(key, uuid.uuid4().hex, None)


def _current_values():
    now = time.monotonic()
    with _lock:
        if now - _state["checked"] < CHECK_EVERY:
            return _state["values"]
    try:
        token = generation()
    except Exception:  # noqa: BLE001 (the cache or its database is down: keep nothing)
        logger.warning("The shared cache cannot be read; nothing is kept for this request.")
        return {}
    with _lock:
        if token != _state["generation"]:
            _state["generation"] = token
            _state["values"] = {}
        _state["checked"] = now
        return _state["values"]


def remember(key, build):
    """The value kept under ``key``, built with ``build()`` on first use in this generation."""
    values = _current_values()
    try:
        return values[key]
    except KeyError:
        pass
    value = build()
    with _lock:
        # Only keep it when no change happened while building.
        if values is _state["values"]:
            values[key] = value
    return value


def forget():
    """Forget this process's copies now (tests call it between tests)."""
    with _lock:
        _state["generation"] = None
        _state["checked"] = float("-inf")
        _state["values"] = {}


def changed():
    """Something every page shows has changed: all processes forget their copies.

    This process forgets at once; the shared token changes now and again after the
    transaction commits (so no other worker keeps a copy it read before the commit).
    """
    forget()
    new_generation()
    transaction.on_commit(new_generation)
    transaction.on_commit(forget)
