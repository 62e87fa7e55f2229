"""Benchmarks: the portal's pages next to their floors, at 1k / 10k / 100k ideas, plus HTTP load.

    make bench                                    # PostgreSQL mitwirken_bench + Redis db 4
    manage.py run_benchmarks --sizes 1000 --requests 30 --no-http    # quick look
    manage.py run_benchmarks --sqlite             # SQLite file .bench.sqlite3 instead

The command never touches the configured database. It starts itself again in a subprocess
with ``DATABASE_URL`` pointing at the benchmark database (``BENCH_DATABASE_URL``, default
``postgres://mitwirken:mitwirken@127.0.0.1:5432/mitwirken_bench``; with ``--sqlite`` the file
``.bench.sqlite3`` next to ``manage.py``) and ``REDIS_URL`` at ``BENCH_REDIS_URL`` (default
``redis://127.0.0.1:6379/4``; empty: no Redis), with production-like settings (DEBUG off,
templates cached) except HTTPS redirects, hashed static files and mail delivery. The database
is emptied first (the SQLite file deleted, the PostgreSQL database dropped and created again;
it must hold nothing but benchmark data) and the Redis database flushed, then migrated, and
seeded incrementally up to each size.

In-process, through ``django.test.Client``: each page is measured interleaved with its floor
(``demo.bench_urls``): floor, page, floor, page … so that machine noise hits both; 3 warm-up
requests, then ``--requests`` timed ones (default 100). Reported per page: median and 95th
percentile of the whole request, median SQL time, SQL queries of one request, and the ratio of
the page's median to its floor's median measured alongside. Then HTTP load against gunicorn
with wrk (``demo.bench_http``) at the largest size. Results go to ``bench-results.json`` and to
the section "Latest run" of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url
import django
import psycopg
import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from modelsearch.backends import get_search_backend
from psycopg import sql

from demo import bench_http
from discussion.models import Comment
from ideas.models import Idea, Support
from participation.accounts.models import User
from pilots.models import PilotPage

from .seed_bench_data import BENCH_DOMAIN, SEARCH_WORDS, foreign_accounts, seed

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_REQUESTS = 100
DEFAULT_DATABASE_URL = "postgres://mitwirken:mitwirken@127.0.0.1:5432/mitwirken_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/4"
WARMUP = 3
RUNNER_EMAIL = f"runner@{BENCH_DOMAIN}"
FLOOR_RUNNER_EMAIL = f"runner-floor@{BENCH_DOMAIN}"
DOC_PATH = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
RESULTS_PATH = Path(settings.BASE_DIR) / "bench-results.json"
BENCH_URLCONF = "demo.bench_urls"

# Environment of the measuring subprocess: production-like, but no HTTPS redirect (the test
# client speaks HTTP), no manifest static storage (no collectstatic needed), mails in memory,
# support rate limit out of the way (one account supports ~100 ideas a minute here).
CHILD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE": "0",
    "DJANGO_MANIFEST_STATIC": "0",
    "DJANGO_TASKS_BACKEND": "immediate",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
    "RATE_LIMIT_SUPPORT": "1000000/60",
    "ELASTICSEARCH_URL": "",
}

FLOORS = {
    "floor": "Bare view (framework floor)",
    "list_floor": "List floor (1 query, minimal template)",
    "detail_floor": "Detail floor (1 query, minimal template)",
    "support_floor": "Support floor (INSERT + F() UPDATE)",
}
#: Page key → (label, the floor it is measured with).
PAGES = {
    "home": ("Home page", "floor"),
    "idea_list": ("Idea list, newest (page 1)", "list_floor"),
    "idea_list_filtered": ("Idea list, topic and district", "list_floor"),
    "idea_list_top": ("Idea list, most supported", "list_floor"),
    "idea_list_page500": ("Idea list, page 500", "list_floor"),
    "idea_detail": ("Idea page, anonymous", "detail_floor"),
    "idea_detail_user": ("Idea page, logged in", "detail_floor"),
    "support_post": ("Support POST (new each time)", "support_floor"),
    "search": ("Search (" + ", ".join(SEARCH_WORDS) + ")", "floor"),
    "search_uncached": ("Search, matches not kept (first search of a word)", "floor"),
    "pilot_detail": ("Pilot page", "floor"),
    "opendata_csv": ("Open data: all ideas as CSV", "floor"),
}
HTTP_LABELS = {
    "home": "Home page",
    "list_floor": "List floor",
    "idea_list": "Idea list, newest",
    "detail_floor": "Detail floor",
    "idea_detail": "Idea page, anonymous",
    "support_post": "Support POST, many accounts",
}

START = "<!-- latest-run -->"
END = "<!-- /latest-run -->"


def default_bench_url(options):
    if options.get("sqlite"):
        return f"sqlite:///{Path(settings.BASE_DIR) / '.bench.sqlite3'}"
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def engine_key(url):
    scheme = urlsplit(url).scheme
    return "sqlite" if scheme.startswith("sqlite") else "postgresql"


def same_database(a, b):
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


def percentile(values, share):
    """Nearest-rank percentile (``share`` in 0..1)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


# --- the parent process: choose, reset, and start the measuring process ------------------------


def _reset_sqlite(config, force):
    path = Path(config["NAME"])
    if path.exists() and not force:
        with sqlite3.connect(path) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "accounts_user" in tables:
                _refuse_foreign_accounts(db, "?", f"{path}", "deleting")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _refuse_foreign_accounts(db, placeholder, what, action):
    """Stop before a benchmark database that holds anyone's real accounts is thrown away."""
    query = f"SELECT COUNT(*) FROM accounts_user WHERE email NOT LIKE {placeholder}"  # noqa: S608 - fixed placeholder
    foreign = db.execute(query, (f"%@{BENCH_DOMAIN}",)).fetchone()[0]
    if foreign:
        raise CommandError(
            f"{what} holds {foreign} non-benchmark accounts; not {action} it (use --force)."
        )


def _reset_postgres(config, force):

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    try:
        with psycopg.connect(dbname=name, **params) as db:
            exists = db.execute("SELECT to_regclass('accounts_user')").fetchone()[0]
            if exists and not force:
                _refuse_foreign_accounts(db, "%s", f"Database {name}", "dropping")
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise CommandError(f"Cannot connect to the benchmark database: {error}") from error
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # What docs/deployment.md advises for SSD storage (the planner's cost of a random read).
        db.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(name))
        )


def _reset_redis(url):
    """Flush the benchmark's Redis database (never the one the configured portal uses)."""
    if not url:
        return
    if url.rstrip("/") == (getattr(settings, "REDIS_URL", "") or "").rstrip("/"):
        raise CommandError("BENCH_REDIS_URL is the configured REDIS_URL; use a separate database.")
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise CommandError(f"Cannot reach the benchmark Redis {url}: {error}") from error


# --- the measuring process ---------------------------------------------------------------------


class SqlTimer:
    """``connection.execute_wrapper`` that adds up the time spent in the database."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@contextmanager
def sql_timer():
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        yield timer


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} × {cpu}{memory}, {platform.system()} {platform.release()}"


def database_description():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (WAL)"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def runner_account(email=RUNNER_EMAIL):
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": "Bench Runner", "notify": User.Notify.NONE}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _ms(seconds):
    return round(seconds * 1000, 2)


def summary(samples, queries):
    totals = [total for total, _sql in samples]
    return {
        "median_ms": _ms(statistics.median(totals)),
        "p95_ms": _ms(percentile(totals, 0.95)),
        "sql_ms": _ms(statistics.median(sql for _total, sql in samples)),
        "queries": queries,
        "n": len(samples),
    }


class Measurement:
    """One size: every page interleaved with its floor."""

    def __init__(self, requests, csv_seconds=120):
        self.requests = requests
        self.csv_seconds = csv_seconds
        self.anonymous = Client()
        self.user = runner_account()
        self.logged_in = Client()
        self.logged_in.force_login(self.user)
        # The support floor supports as a second account, so both go to the same ideas.
        self.floor_user = runner_account(FLOOR_RUNNER_EMAIL)
        self.floor_client = Client()
        self.floor_client.force_login(self.floor_user)
        self.floor_samples = {key: [] for key in FLOORS}
        self.floor_queries = {}
        self.pages = {}

    @staticmethod
    def _send(send, target, expected_status, what):
        response = send(target)
        if response.status_code != expected_status:
            raise CommandError(
                f"{what}: HTTP {response.status_code} for {target}, expected {expected_status}: "
                f"{(b'' if response.streaming else response.content)[:300]!r}"
            )
        if response.streaming:
            # A download costs what it streams; the test client closes the response at the
            # end (a second close() would fire request_finished and drop the connection).
            b"".join(response.streaming_content)
        return response

    def _timed(self, send, target, expected_status, what):
        with sql_timer() as timer:
            started = time.perf_counter()
            self._send(send, target, expected_status, what)
            elapsed = time.perf_counter() - started
        return elapsed, timer.seconds

    def _counted(self, send, target, expected_status, what):
        with CaptureQueriesContext(connection) as queries:
            self._send(send, target, expected_status, what)
        return len(queries)

    def pair(self, key, page, floor, n=None):
        """``page`` and ``floor`` are ``(send, targets, expected_status)``; ``targets`` hold
        at least WARMUP + n + 1 entries (the last one is counted)."""
        floor_key = PAGES[key][1]
        n = n or self.requests
        page_send, page_targets, page_status = page
        floor_send, floor_targets, floor_status = floor
        for index in range(WARMUP):
            self._send(floor_send, floor_targets[index], floor_status, floor_key)
            self._send(page_send, page_targets[index], page_status, key)
        page_samples, floor_samples = [], []
        for index in range(WARMUP, WARMUP + n):
            floor_samples.append(
                self._timed(floor_send, floor_targets[index], floor_status, floor_key)
            )
            page_samples.append(self._timed(page_send, page_targets[index], page_status, key))
        floor_queries = self._counted(
            floor_send, floor_targets[WARMUP + n], floor_status, floor_key
        )
        queries = self._counted(page_send, page_targets[WARMUP + n], page_status, key)
        self.floor_samples[floor_key] += floor_samples
        self.floor_queries[floor_key] = floor_queries
        result = summary(page_samples, queries)
        floor_median = _ms(statistics.median(total for total, _sql in floor_samples))
        result.update(
            {
                "floor": floor_key,
                "floor_median_ms": floor_median,
                "ratio": round(result["median_ms"] / floor_median, 1) if floor_median else None,
            }
        )
        self.pages[key] = result
        return result

    def run(self):
        total = self.requests + WARMUP + 1
        get, user_get = self.anonymous.get, self.logged_in.get
        floor_url = reverse("bench_floor")
        bare = (get, [floor_url] * total, 200)
        list_url, list_floor_url = reverse("ideas:list"), reverse("bench_list_floor")

        def lists(params=None):
            query = f"?{urlencode(params)}" if params else ""
            return (get, [list_url + query] * total, 200), (
                get,
                [list_floor_url + query] * total,
                200,
            )

        self.pair("home", (get, ["/"] * total, 200), bare)
        self.pair("idea_list", *lists())
        self.pair("idea_list_filtered", *lists(self.busiest_topic_and_district()))
        self.pair("idea_list_top", *lists({"sortierung": "unterstuetzt"}))
        self.pair("idea_list_page500", *lists({"seite": 500}))

        # Detail pages: different public ideas with supports, so no request is a repeat.
        ideas = list(
            Idea.objects.public()
            .filter(support_count__gt=0)
            .order_by("?")
            .only("pk", "slug")[:total]
        )
        if len(ideas) < total:
            raise CommandError("Not enough public ideas for the detail benchmark.")
        details = [idea.get_absolute_url() for idea in ideas]
        detail_floors = [reverse("bench_detail_floor", args=[idea.pk]) for idea in ideas]
        self.pair("idea_detail", (get, details, 200), (get, detail_floors, 200))
        self.pair("idea_detail_user", (user_get, details, 200), (user_get, detail_floors, 200))

        # Support: a new support each time, on collecting ideas well below the threshold (so
        # no request crosses it and sends mail), which neither runner has supported yet; the
        # page supports as one runner, the floor as the other.
        candidates = list(
            Idea.objects.filter(status=Idea.Status.PUBLISHED, hidden=False, support_count__lt=40)
            .exclude(author__in=[self.user, self.floor_user])
            .exclude(supports__user__in=[self.user, self.floor_user])
            .order_by("?")
            .values_list("pk", flat=True)[:total]
        )
        if len(candidates) < total:
            raise CommandError("Not enough collecting ideas for the support benchmark.")
        before = Support.objects.count()
        self.pair(
            "support_post",
            (lambda pk: self.logged_in.post(reverse("ideas:support", args=[pk])), candidates, 302),
            (
                lambda pk: self.floor_client.post(reverse("bench_support_floor", args=[pk])),
                candidates,
                302,
            ),
        )
        added = Support.objects.count() - before
        if added != 2 * total:
            raise CommandError(f"support: {added} supports stored for {2 * total} requests.")

        search_url = reverse("search:search")
        words = [
            f"{search_url}?{urlencode({'q': SEARCH_WORDS[i % len(SEARCH_WORDS)]})}"
            for i in range(total)
        ]
        self.pair("search", (get, words, 200), bare)
        # The same words with the kept matches off: what the first reader of a word waits for
        # (and every reader when the words are all different).
        with override_settings(SEARCH_CACHE_SECONDS=0):
            self.pair("search_uncached", (get, words, 200), bare)

        pilots = [page.url for page in PilotPage.objects.live().public().order_by("pk")]
        if not pilots:
            raise CommandError("No pilot pages for the pilot benchmark.")
        self.pair("pilot_detail", (get, [pilots[i % len(pilots)] for i in range(total)], 200), bare)

        # The whole CSV: as many requests as fit into --csv-seconds (at least 5).
        csv_url = reverse("opendata:ideas_csv")
        first, _sql = self._timed(get, csv_url, 200, "opendata_csv")
        n = max(5, min(self.requests, int(self.csv_seconds / max(first, 0.001))))
        self.pair(
            "opendata_csv",
            (get, [csv_url] * (n + WARMUP + 1), 200),
            (get, [floor_url] * (n + WARMUP + 1), 200),
            n=n,
        )

        for key in FLOORS:
            if self.floor_samples[key]:
                self.pages[key] = summary(self.floor_samples[key], self.floor_queries[key])
        ordered = {key: self.pages[key] for key in [*FLOORS, *PAGES] if key in self.pages}
        ordered["search_hits"] = search_hits()
        return ordered

    @staticmethod
    def busiest_topic_and_district():
        row = (
            Idea.objects.public()
            .values("topic__slug", "district__slug")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        return {"thema": row["topic__slug"], "bezirk": row["district__slug"]}


def search_hits():
    backend = get_search_backend()
    return {word: backend.search(word, Idea.objects.public()).count() for word in SEARCH_WORDS}


# --- output ----------------------------------------------------------------------------------


def _cell(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def format_size_table(results):
    lines = [
        "| Page | Median ms | p95 ms | SQL ms | Queries | Ratio to its floor |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key, label in FLOORS.items():
        if key in results:
            r = results[key]
            lines.append(
                f"| {label} | {_cell(r['median_ms'])} | {_cell(r['p95_ms'])} | "
                f"{_cell(r['sql_ms'])} | {r['queries']} | – |"
            )
    for key, (label, _floor) in PAGES.items():
        if key in results:
            r = results[key]
            n = f" (n = {r['n']})" if r["n"] != results["idea_list"]["n"] else ""
            lines.append(
                f"| {label}{n} | {_cell(r['median_ms'])} | {_cell(r['p95_ms'])} | "
                f"{_cell(r['sql_ms'])} | {r['queries']} | "
                f"{_cell(r['ratio'])}× {r['floor']} ({_cell(r['floor_median_ms'])} ms) |"
            )
    return "\n".join(lines)


def format_http_table(http):
    if "skipped" in http:
        return f"HTTP load skipped: {http['skipped']}."
    lines = [
        "| Request | Concurrency | req/s | p50 ms | p99 ms | Errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, runs in http["pages"].items():
        for level, row in runs.items():
            extra = ""
            if "supports_stored" in row:
                extra = f" ({row['supports_stored']:,} stored, {row['accounts']:,} accounts)"
            lines.append(
                f"| {HTTP_LABELS.get(key, key)}{extra} | {level[1:]} | "
                f"{_cell(row['requests_per_s'])} | {_cell(row['p50_ms'])} | "
                f"{_cell(row['p99_ms'])} | {row['errors']} |"
            )
    proxy = http.get("proxy", {})
    if "skipped" in proxy:
        lines.append(f"\nThrough nginx: skipped ({proxy['skipped']}).")
    elif proxy:
        row = proxy["idea_list"]["c32"]
        lines.append(
            f"| Idea list through nginx (TLS, X-Cache-Status {proxy['cache_status']}) | 32 | "
            f"{_cell(row['requests_per_s'])} | {_cell(row['p50_ms'])} | "
            f"{_cell(row['p99_ms'])} | {row['errors']} |"
        )
    memory = http.get("memory", {})
    if "workers" in memory:
        lines.append(
            f"\nMemory per gunicorn worker after the load: {memory['rss_mb']:.0f} MB resident, "
            f"{memory['unshared_mb']:.0f} MB unshared (Private_Clean + Private_Dirty), mean of "
            f"{len(memory['workers'])} workers."
        )
    return "\n".join(lines)


def format_report(report):
    lines = [
        f"### {report['database']}, {report['when'][:16].replace('T', ' ')}",
        "",
        f"- Machine: {report['machine']}; load average {report['load_average'][0]:.1f} at the "
        f"start, {report['load_average'][1]:.1f} at the end (other jobs share the CPUs)",
        f"- Software: {report['software']}; Redis: {'yes' if report['redis'] else 'no'}",
        f"- Per page: {report['warmup']} warm-up and {report['requests']} timed requests, each "
        "interleaved with its floor, in-process (`django.test.Client`), DEBUG off",
    ]
    for size, seeded in report["seeding"].items():
        lines.append(
            f"- Seeding up to {int(size):,} ideas: {seeded['rows']:,} rows in "
            f"{seeded['seconds']:.0f} s, of which search index {seeded['index_seconds']:.0f} s; "
            f"{seeded['pilots']} pilot pages added"
        )
    lines.append(f"- Data at the end: {report['data']}")
    for size, results in report["sizes"].items():
        hits = ", ".join(f"{w} {n:,}" for w, n in results.get("search_hits", {}).items())
        lines += ["", f"#### {int(size):,} ideas", "", format_size_table(results)]
        if hits:
            lines += ["", f"Search hits among public ideas: {hits}."]
    http = report["http"]
    ideas = f" at {http['ideas']:,} ideas" if "ideas" in http else ""
    lines += ["", f"#### HTTP{ideas}", ""]
    if "server" in http:
        lines += [f"{http['server']}; {http['wrk']}.", ""]
    lines.append(format_http_table(http))
    return "\n".join(lines)


def write_doc(block):
    text = DOC_PATH.read_text() if DOC_PATH.exists() else "# Benchmarks\n"
    replacement = f"{START}\n{block}\n{END}"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: replacement, text)
    else:
        if "## Latest run" not in text:
            text = text.rstrip() + "\n\n## Latest run\n"
        text = text.rstrip() + f"\n\n{replacement}\n"
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(text)


class Command(BaseCommand):
    help = (
        "Misst die Seiten des Portals neben ihren Untergrenzen bei 1.000, 10.000 und 100.000 "
        "Ideen und unter HTTP-Last (gunicorn, wrk) auf einer eigenen Benchmark-Datenbank; "
        "schreibt bench-results.json und docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default=",".join(str(size) for size in DEFAULT_SIZES),
            help="Größen, z. B. 1000 oder 1000,10000 (Standard: 1000,10000,100000)",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=DEFAULT_REQUESTS,
            help=f"Gemessene Anfragen je Seite (Standard {DEFAULT_REQUESTS})",
        )
        parser.add_argument(
            "--csv-seconds",
            type=float,
            default=120,
            help="Zeitbudget für den CSV-Download je Größe (mindestens 5 Anfragen)",
        )
        parser.add_argument(
            "--sqlite", action="store_true", help="SQLite-Datei .bench.sqlite3 statt PostgreSQL"
        )
        parser.add_argument("--no-http", action="store_true", help="Ohne HTTP-Last (gunicorn, wrk)")
        parser.add_argument("--reuse", action="store_true", help="Benchmark-Datenbank nicht leeren")
        parser.add_argument("--no-doc", action="store_true", help="docs/benchmarks.md nicht ändern")
        parser.add_argument(
            "--output", default=str(RESULTS_PATH), help="JSON-Datei (Standard bench-results.json)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Benchmark-Datenbank auch leeren, wenn sie andere Konten enthält",
        )
        parser.add_argument("--child", action="store_true", help="(intern) messender Prozess")

    def sizes(self, options):
        try:
            sizes = sorted({int(part) for part in options["sizes"].split(",") if part.strip()})
        except ValueError as error:
            raise CommandError("--sizes: comma-separated numbers, e.g. 1000,10000") from error
        if not sizes or sizes[0] < 100:
            raise CommandError("--sizes: at least 100 ideas per size.")
        return sizes

    def handle(self, *args, **options):
        if options["requests"] < 1:
            raise CommandError("--requests must be positive.")
        if options["child"]:
            return self.measure(options)
        return self.launch(options)

    def launch(self, options):
        url = default_bench_url(options)
        config = dj_database_url.parse(url)
        if same_database(config, settings.DATABASES["default"]):
            raise CommandError(
                "BENCH_DATABASE_URL points at the configured database; use a separate one."
            )
        redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
        key = engine_key(url)
        if not options["reuse"]:
            if key == "sqlite":
                _reset_sqlite(config, options["force"])
            else:
                _reset_postgres(config, options["force"])
            _reset_redis(redis_url)
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_benchmarks"]
        command += ["--child", "--requests", str(options["requests"])]
        command += ["--sizes", ",".join(str(s) for s in self.sizes(options))]
        command += ["--csv-seconds", str(options["csv_seconds"]), "--output", options["output"]]
        for flag in ("no_doc", "force", "no_http"):
            if options[flag]:
                command.append("--" + flag.replace("_", "-"))
        # Shared illustrations and their renditions go to a throw-away media directory.
        media = tempfile.mkdtemp(prefix="mitwirken-bench-media-")
        env = {
            **os.environ,
            **CHILD_ENV,
            # Random for each run; the HTTP server gets the same one (sessions made beforehand).
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "DJANGO_MEDIA_ROOT": media,
        }
        self.stdout.write(
            f"Benchmark database: {config['ENGINE'].rsplit('.', 1)[-1]} {config['NAME']}; "
            f"Redis: {redis_url or 'none'}"
        )
        self.stdout.flush()
        try:
            result = subprocess.run(command, env=env, check=False)  # noqa: S603 - our command
        finally:
            shutil.rmtree(media, ignore_errors=True)
        if result.returncode:
            raise CommandError(f"Benchmark failed (exit code {result.returncode}).")

    def measure(self, options):
        settings.DEBUG = False  # even if the environment said otherwise
        # WhiteNoise warns once per client that STATIC_ROOT does not exist (no collectstatic).
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        runners = [RUNNER_EMAIL, FLOOR_RUNNER_EMAIL]
        if not options["force"] and foreign_accounts().exclude(email__in=runners).exists():
            raise CommandError("The benchmark database holds non-benchmark accounts (use --force).")
        sizes = self.sizes(options)
        database = database_description()
        self.stdout.write(f"{database}; {machine_description()}")
        report = {
            "database": database,
            "machine": machine_description(),
            "when": timezone.localtime().isoformat(timespec="seconds"),
            "software": f"Python {platform.python_version()}, Django {django.get_version()}",
            "redis": bool(os.environ.get("REDIS_URL")),
            "requests": options["requests"],
            "warmup": WARMUP,
            "seeding": {},
            "sizes": {},
            "http": {},
        }
        load_before = os.getloadavg()[0]
        with override_settings(ROOT_URLCONF=BENCH_URLCONF):
            for size in sizes:
                self.stdout.write(f"Seeding up to {size:,} ideas …")
                seeded = seed(size)
                report["seeding"][str(size)] = {
                    key: round(value, 1) if isinstance(value, float) else value
                    for key, value in seeded.items()
                }
                rate = seeded["rows"] / seeded["seconds"] if seeded["seconds"] else 0
                self.stdout.write(
                    f"  {seeded['rows']:,} rows in {seeded['seconds']:.1f} s ({rate:,.0f} rows/s; "
                    f"search index {seeded['index_seconds']:.1f} s)"
                )
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
                self.stdout.write(f"Measuring at {size:,} ideas …")
                results = Measurement(options["requests"], options["csv_seconds"]).run()
                report["sizes"][str(size)] = results
                self.stdout.write(format_size_table(results))
            if options["no_http"]:
                report["http"] = {"skipped": "--no-http"}
            else:
                self.stdout.write(f"HTTP load at {sizes[-1]:,} ideas …")
                report["http"] = bench_http.run(
                    database_url=os.environ.get("DATABASE_URL", ""),
                    redis_url=os.environ.get("REDIS_URL", ""),
                    size=sizes[-1],
                    out=self.stdout.write,
                )
                self.stdout.write(format_http_table(report["http"]))
        report["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        report["data"] = (
            f"{Idea.objects.count():,} ideas, {Support.objects.count():,} supports, "
            f"{Comment.objects.count():,} comments, "
            f"{PilotPage.objects.count():,} pilot pages"
        )
        output = Path(options["output"])
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Written to {output}"))
        if not options["no_doc"]:
            write_doc(format_report(report))
            self.stdout.write(
                self.style.SUCCESS(f"Written to {DOC_PATH.relative_to(settings.BASE_DIR)}")
            )
