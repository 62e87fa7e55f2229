"""Benchmarks: idea list, idea detail and support at 1k / 10k (/ 100k) ideas.

    make bench                                  # SQLite file .bench.sqlite3, 1k and 10k ideas
    BENCH_DATABASE_URL=postgres://…/mitwirken_bench make bench
    manage.py run_benchmarks --full             # also 100k ideas (a few minutes of seeding)

The command never touches the configured database. It starts itself again in a subprocess
with ``DATABASE_URL`` pointing at the benchmark database (``BENCH_DATABASE_URL``, or a SQLite
file ``.bench.sqlite3`` next to ``manage.py``), with production-like settings (DEBUG off,
templates cached) except HTTPS redirects, hashed static files and mail delivery. The database
is emptied first (the SQLite file deleted, the PostgreSQL database dropped and created again;
it must hold nothing but benchmark data), migrated, and seeded incrementally.

Each scenario runs in-process through ``django.test.Client``: 3 warm-up requests, then
``--requests`` timed ones (default 40). Reported: median and 95th percentile of the whole
request (URL routing, middleware, view, SQL, template), the median time spent in SQL, and the
number of SQL queries of one request. The results go to the terminal and to the section
"Latest run" of ``docs/benchmarks.md`` (one block per database engine).
"""

from __future__ import annotations

import os
import platform
import re
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
from urllib.parse import urlsplit

import dj_database_url
import django
import psycopg
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from ideas.models import Idea, Support, Topic
from participation.accounts.models import User

from .seed_bench_data import BENCH_DOMAIN, foreign_accounts, seed

DEFAULT_SIZES = (1_000, 10_000)
FULL_SIZES = (1_000, 10_000, 100_000)
WARMUP = 3
RUNNER_EMAIL = f"runner@{BENCH_DOMAIN}"
DOC_PATH = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"

# Environment of the measuring subprocess: production-like, but no HTTPS redirect (the test
# client speaks HTTP), no manifest static storage (no collectstatic needed), mails in memory,
# support rate limit out of the way (one account supports ~50 ideas a minute here).
CHILD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE": "0",
    "DJANGO_MANIFEST_STATIC": "0",
    "DJANGO_TASKS_BACKEND": "immediate",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
    "RATE_LIMIT_SUPPORT": "1000000/60",
    "REDIS_URL": "",
    "ELASTICSEARCH_URL": "",
}

SCENARIOS = [
    ("list_new", "List, newest first (page 1)"),
    ("list_supported", "List, most supported (page 1)"),
    ("list_topic", "List, filtered by topic"),
    ("detail_anonymous", "Detail, anonymous"),
    ("detail_user", "Detail, logged in"),
    ("support", "Support POST (new each time)"),
]

START = "<!-- latest-run:{key} -->"
END = "<!-- /latest-run:{key} -->"


def default_bench_url():
    return f"sqlite:///{Path(settings.BASE_DIR) / '.bench.sqlite3'}"


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


def runner_account():

    user, created = User.objects.get_or_create(
        email=RUNNER_EMAIL, defaults={"display_name": "Bench Runner", "notify": User.Notify.NONE}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


class Measurement:
    def __init__(self, requests):

        self.requests = requests
        self.anonymous = Client()
        self.user = runner_account()
        self.logged_in = Client()
        self.logged_in.force_login(self.user)

    def _run(self, scenario, send, expected_status, targets):
        """``send(target)`` issues one request. Warm-up, timed runs, then one counted run."""
        for target in targets[:WARMUP]:
            self._check(scenario, send(target), expected_status)
        timed_targets = targets[WARMUP : WARMUP + self.requests]
        totals, sql_times = [], []
        for target in timed_targets:
            with sql_timer() as timer:
                started = time.perf_counter()
                response = send(target)
                elapsed = time.perf_counter() - started
            self._check(scenario, response, expected_status)
            totals.append(elapsed * 1000)
            sql_times.append(timer.seconds * 1000)
        with CaptureQueriesContext(connection) as queries:
            self._check(scenario, send(targets[-1]), expected_status)
        return {
            "scenario": scenario,
            "n": len(totals),
            "median": statistics.median(totals),
            "p95": percentile(totals, 0.95),
            "sql_median": statistics.median(sql_times),
            "queries": len(queries),
        }

    @staticmethod
    def _check(scenario, response, expected_status):
        if response.status_code != expected_status:
            raise CommandError(
                f"{scenario}: HTTP {response.status_code}, expected {expected_status}: "
                f"{response.content[:300]!r}"
            )

    def run(self):
        total = self.requests + WARMUP + 1
        list_url = reverse("ideas:list")
        topic = Topic.objects.order_by("order", "pk").first()
        results = [
            self._run("list_new", self.anonymous.get, 200, [list_url] * total),
            self._run(
                "list_supported",
                self.anonymous.get,
                200,
                [f"{list_url}?sortierung=unterstuetzt"] * total,
            ),
            self._run(
                "list_topic", self.anonymous.get, 200, [f"{list_url}?thema={topic.slug}"] * total
            ),
        ]
        # Detail pages: different public ideas with supports, so no request is a repeat.
        detail_urls = [
            idea.get_absolute_url()
            for idea in Idea.objects.public()
            .filter(support_count__gt=0)
            .order_by("?")
            .only("pk", "slug")[:total]
        ]
        if len(detail_urls) < total:
            raise CommandError("Not enough public ideas for the detail benchmark.")
        results.append(self._run("detail_anonymous", self.anonymous.get, 200, detail_urls))
        results.append(self._run("detail_user", self.logged_in.get, 200, detail_urls))
        # Support: a new support each time, on collecting ideas well below the threshold (so
        # no request crosses it and sends mail), which the runner has not supported yet.
        candidates = list(
            Idea.objects.filter(status=Idea.Status.PUBLISHED, hidden=False, support_count__lt=40)
            .exclude(author=self.user)
            .exclude(supports__user=self.user)
            .order_by("?")
            .values_list("pk", flat=True)[:total]
        )
        if len(candidates) < total:
            raise CommandError("Not enough collecting ideas for the support benchmark.")
        before = Support.objects.filter(user=self.user).count()
        results.append(
            self._run(
                "support",
                lambda pk: self.logged_in.post(reverse("ideas:support", kwargs={"pk": pk})),
                302,
                candidates,
            )
        )
        added = Support.objects.filter(user=self.user).count() - before
        if added != total:
            raise CommandError(f"support: {added} supports stored for {total} requests.")
        return results


def format_table(sizes, results):
    """A Markdown table: one row per scenario, one column group per size."""
    header = "| Request | " + " | ".join(f"{size:,} ideas" for size in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    lines = [header, rule]
    for key, label in SCENARIOS:
        cells = []
        for size in sizes:
            r = results[size][key]
            cells.append(
                f"{r['median']:.1f} ms · p95 {r['p95']:.1f} · SQL {r['sql_median']:.1f} · "
                f"{r['queries']} q"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_doc(key, block):
    start, end = START.format(key=key), END.format(key=key)
    text = DOC_PATH.read_text() if DOC_PATH.exists() else "# Benchmarks\n"
    replacement = f"{start}\n{block}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
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
        "Misst Ideenliste, Ideenseite und Unterstützen bei 1.000 und 10.000 Ideen (mit --full "
        "auch 100.000) auf einer eigenen Benchmark-Datenbank und schreibt docs/benchmarks.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Auch 100.000 Ideen messen")
        parser.add_argument(
            "--sizes", help="Eigene Größen, z. B. 1000,5000 (statt 1000,10000)", default=""
        )
        parser.add_argument(
            "--requests", type=int, default=40, help="Gemessene Anfragen je Szenario (≥ 30)"
        )
        parser.add_argument("--reuse", action="store_true", help="Benchmark-Datenbank nicht leeren")
        parser.add_argument("--no-doc", action="store_true", help="docs/benchmarks.md nicht ändern")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Benchmark-Datenbank auch leeren, wenn sie andere Konten enthält",
        )
        parser.add_argument("--child", action="store_true", help="(intern) messender Prozess")

    def sizes(self, options):
        if options["sizes"]:
            try:
                sizes = sorted({int(part) for part in options["sizes"].split(",") if part.strip()})
            except ValueError as error:
                raise CommandError("--sizes: comma-separated numbers, e.g. 1000,10000") from error
            if not sizes or sizes[0] < 100:
                raise CommandError("--sizes: at least 100 ideas per size.")
            return sizes
        return list(FULL_SIZES if options["full"] else DEFAULT_SIZES)

    def handle(self, *args, **options):
        if options["requests"] < 1:
            raise CommandError("--requests must be positive.")
        if options["child"]:
            return self.measure(options)
        return self.launch(options)

    def launch(self, options):
        url = os.environ.get("BENCH_DATABASE_URL") or default_bench_url()
        config = dj_database_url.parse(url)
        if same_database(config, settings.DATABASES["default"]):
            raise CommandError(
                "BENCH_DATABASE_URL points at the configured database; use a separate one."
            )
        key = engine_key(url)
        if not options["reuse"]:
            if key == "sqlite":
                _reset_sqlite(config, options["force"])
            else:
                _reset_postgres(config, options["force"])
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_benchmarks"]
        command += ["--child", "--requests", str(options["requests"])]
        command += ["--sizes", ",".join(str(s) for s in self.sizes(options))]
        for flag in ("no_doc", "force"):
            if options[flag]:
                command.append("--" + flag.replace("_", "-"))
        # Shared illustrations and their renditions go to a throw-away media directory.
        media = tempfile.mkdtemp(prefix="mitwirken-bench-media-")
        env = {**os.environ, **CHILD_ENV, "DATABASE_URL": url, "DJANGO_MEDIA_ROOT": media}
        self.stdout.write(
            f"Benchmark database: {config['ENGINE'].rsplit('.', 1)[-1]} {config['NAME']}"
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
        key = "sqlite" if connection.vendor == "sqlite" else "postgresql"
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if not options["force"] and foreign_accounts().exclude(email=RUNNER_EMAIL).exists():
            raise CommandError("The benchmark database holds non-benchmark accounts (use --force).")
        sizes = self.sizes(options)
        database = database_description()
        self.stdout.write(f"{database}; {machine_description()}")
        results, seeding = {}, {}
        load_before = os.getloadavg()[0]
        for size in sizes:
            self.stdout.write(f"Seeding up to {size:,} ideas …")
            seeded = seed(size)
            seeding[size] = seeded
            rate = seeded["rows"] / seeded["seconds"] if seeded["seconds"] else 0
            self.stdout.write(
                f"  {seeded['rows']:,} rows in {seeded['seconds']:.1f} s ({rate:,.0f} rows/s)"
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            self.stdout.write(f"Measuring at {size:,} ideas …")
            results[size] = {r["scenario"]: r for r in Measurement(options["requests"]).run()}
        load = (load_before, os.getloadavg()[0])
        table = format_table(sizes, results)
        self.stdout.write("\n" + table + "\n")
        if not options["no_doc"]:
            write_doc(
                key,
                self.report(database, sizes, results, seeding, options["requests"], table, load),
            )
            self.stdout.write(
                self.style.SUCCESS(f"Written to {DOC_PATH.relative_to(settings.BASE_DIR)}")
            )

    @staticmethod
    def report(database, sizes, results, seeding, requests, table, load):

        now = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
        seeded = ", ".join(
            f"{s['rows'] / s['seconds']:,.0f} rows/s up to {size:,}"
            for size, s in seeding.items()
            if s["seconds"] and s["rows"]
        )
        peer = []
        for size, peer_ms in ((1_000, 370), (10_000, 2_500)):
            if size in results:
                mine = results[size]["list_new"]["median"]
                peer.append(f"list at {size:,} ideas {mine:.1f} ms vs {peer_ms:,} ms")
        biggest = sizes[-1]
        detail = results[biggest]["detail_anonymous"]["median"]
        peer.append(f"detail at {biggest:,} ideas {detail:.1f} ms vs 85–98 ms")
        support = results[biggest]["support"]["median"]
        peer.append(f"support POST {support:.1f} ms vs rating POST 43–50 ms")
        lines = [
            f"### {database}",
            "",
            f"- Date: {now}",
            f"- Machine: {machine_description()}; load average {load[0]:.1f} at the start, "
            f"{load[1]:.1f} at the end (other jobs share the CPUs)",
            f"- Software: Python {platform.python_version()}, Django {django.get_version()}",
            f"- Data at the end: {Idea.objects.count():,} ideas, "
            f"{Support.objects.count():,} supports; seeding {seeded}",
            f"- Per request type: {WARMUP} warm-up and {requests} timed requests, in-process "
            "(`django.test.Client`), DEBUG off",
            "",
            "Cells: median · p95 · median SQL time (ms) · SQL queries per request.",
            "",
            table,
            "",
            "Against adhocracy+ (FIELD-NOTES, same kind of machine): " + "; ".join(peer) + ".",
        ]
        return "\n".join(lines)
