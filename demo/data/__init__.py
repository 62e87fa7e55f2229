"""The demo content as data files: one JSON file per loader (``ideas.json`` for ``demo.ideas``).

The files hold what the demo shows (titles, texts, names, numbers, dates as day offsets from
today); the loaders hold the logic (idempotency, ordering, references, relative dates). They
are plain UTF-8 JSON, read from this directory, so running from a checkout needs no package
data configuration.
"""

import json
from functools import cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


@cache
def load(name):
    """The parsed ``<name>.json``; cached, so treat it as read-only."""
    with (DIRECTORY / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)
