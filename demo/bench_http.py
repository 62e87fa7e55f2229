"""HTTP load for ``run_benchmarks``: gunicorn with production settings, wrk on loopback.

gunicorn (``deploy/gunicorn.conf.py``, 2 workers, ``demo.bench_wsgi``: the portal plus the
floors) runs on the benchmark database and Redis with ``DEBUG`` off, a random secret key and
hashed static files (``collectstatic`` into a temporary directory); only ``DJANGO_SECURE=0``, so
that plain HTTP on loopback is answered. wrk (Debian) loads it for ten seconds per row at
concurrency 4 and 32 (``wrk -t2 -cN -d10s --latency``), with a Lua script where a row needs many
URLs or requests. Support POSTs cycle through (session cookie, CSRF token, idea) triples made
beforehand: bench accounts are signed in by writing sessions with Django's ``SessionStore``
(what ``Client.force_login`` does), never through the login form; each wrk thread takes its own
share of the triples, so no support is sent twice. Afterwards the workers' memory is read from
``/proc/<pid>/smaps_rollup``: resident (Rss) and unshared (Private_Clean + Private_Dirty).

The last row sends the anonymous list through nginx with ``deploy/nginx/mitwirken.conf`` as
``deploy/smoke_test.py`` renders it (its ``render_site_conf``, imported, not copied): TLS with a
throw-away certificate and the micro-cache on. Without wrk or nginx a part is skipped with its
reason in the results.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse

from ideas.models import Idea, Support
from participation.accounts.models import User

from .ideas import THRESHOLD
from .management.commands.seed_bench_data import BENCH_DOMAIN

REPO = Path(settings.BASE_DIR)
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
SMOKE_TEST = REPO / "deploy" / "smoke_test.py"
DURATION = "10s"
WARMUP = "2s"  # per row, before the measured runs: both workers have rendered the page
TIMEOUT = "30s"  # gunicorn's timeout
CONCURRENCY = (4, 32)
WORKERS = 2
SUPPORT_TRIPLES = 3000  # per wrk run; a run at ~100 req/s sends ~1,000


def _smoke_module():
    spec = importlib.util.spec_from_file_location("mitwirken_deploy_smoke_test", SMOKE_TEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- wrk ----------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None


def parse_wrk(output):
    """req/s, p50 and p99 (ms), requests and errors (non-2xx/3xx plus socket errors)."""
    result = {"requests_per_s": None, "p50_ms": None, "p99_ms": None, "requests": 0, "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["requests_per_s"] = round(float(match.group(1)), 1)
    for share, key in (("50", "p50_ms"), ("99", "p99_ms")):
        if match := re.search(rf"^\s+{share}%\s+(\S+)", output, re.MULTILINE):
            result[key] = _ms(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    result["errors"] = errors
    if match := re.search(r"Socket errors: .*", output):
        result["socket_errors"] = match.group(0).split(": ", 1)[1]
    return result


def _lua_string(value):
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


PATHS_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {%(headers)s})
end
"""

SUPPORT_SCRIPT = """
local triples = {%(triples)s}
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
  thread:set("step", %(threads)d)
end
function init(args)
  index = offset
end
request = function()
  local t = triples[(index %% #triples) + 1]
  index = index + step
  return wrk.format("POST", t[3], {
    ["Cookie"] = t[1],
    ["X-CSRFToken"] = t[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrfmiddlewaretoken=" .. t[2])
end
"""


def run_wrk(url, concurrency, script_text=None, headers=(), tmp=None, duration=DURATION):
    # wrk's own timeout is 2 s: a slow answer would count as a socket error, not as latency.
    command = [shutil.which("wrk") or "wrk", "-t2", f"-c{concurrency}", f"-d{duration}"]
    command += ["--latency", "--timeout", TIMEOUT]
    for header in headers:
        command += ["-H", header]
    if script_text:
        script = Path(tmp) / f"wrk-{secrets.token_hex(4)}.lua"
        script.write_text(script_text)
        command += ["-s", str(script)]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    result = parse_wrk(done.stdout)
    if done.returncode:
        result["wrk_error"] = done.stderr.strip()[-300:]
    return result


# --- signed-in bench accounts --------------------------------------------------------------


def signed_in_cookies(users):
    """``{user_pk: (cookie header, csrf secret)}``: a session per account, written directly."""
    engine = import_module(settings.SESSION_ENGINE)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    cookies = {}
    for user in users:
        store = engine.SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        secret = _get_new_csrf_string()
        header = (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={secret}"
        )
        cookies[user.pk] = (header, secret)
    return cookies


def support_triples(count, skip_pairs=frozenset()):
    """(user, idea) pairs nobody has used: collecting public ideas, each kept below its
    threshold, spread over the bench accounts (no account near its support rate limit)."""
    users = list(
        User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}", email__startswith="bench-")
        .order_by("pk")
        .only("pk", "password", "email")
    )
    ideas = list(
        Idea.objects.public()
        .filter(status=Idea.Status.PUBLISHED, support_count__lt=THRESHOLD - 5)
        .order_by("pk")
        .values_list("pk", "support_count")
    )
    room = {pk: THRESHOLD - 2 - supports for pk, supports in ideas}
    taken = set(
        Support.objects.filter(idea_id__in=list(room)).values_list("user_id", "idea_id")
    ) | set(skip_pairs)
    pairs, u = [], 0
    for idea_pk, _supports in ideas * 50:  # round after round over the ideas
        if len(pairs) >= count:
            break
        if room[idea_pk] <= 0:
            continue
        for _attempt in range(len(users)):
            user = users[u % len(users)]
            u += 1
            if (user.pk, idea_pk) not in taken:
                taken.add((user.pk, idea_pk))
                pairs.append((user, idea_pk))
                room[idea_pk] -= 1
                break
    return pairs


# --- processes ----------------------------------------------------------------------------


class Server:
    """gunicorn (and nginx) started here and stopped here, by process group."""

    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.running = []

    def start(self, name, command, env):
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop)
        process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((name, process, log))
        return process

    def stop(self):
        for _name, process, log in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.close()
        self.running = []

    def log_tail(self, name, lines=30):
        path = self.tmp / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def wait_until_up(url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def worker_memory(master_pid):
    """Resident and unshared (private) memory of each gunicorn worker, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        pids = [int(pid) for pid in children.read_text().split()]
    except OSError:
        return {"skipped": "no /proc children list"}
    workers = []
    for pid in pids:
        try:
            fields = {}
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    fields[parts[0][:-1]] = int(parts[1])
        except OSError:
            continue
        unshared = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        workers.append(
            {"pid": pid, "rss_mb": round(fields.get("Rss", 0) / 1024, 1),
             "unshared_mb": round(unshared / 1024, 1)}
        )  # fmt: skip
    if not workers:
        return {"skipped": "no worker found"}
    return {
        "workers": workers,
        "rss_mb": round(sum(w["rss_mb"] for w in workers) / len(workers), 1),
        "unshared_mb": round(sum(w["unshared_mb"] for w in workers) / len(workers), 1),
    }


def server_env(database_url, redis_url, static_root, media_root, port):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GUNICORN_", "RATE_LIMIT_"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            # The measuring process's random key: the sessions it writes must be valid here.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SECURE": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "ELASTICSEARCH_URL": "",
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(WORKERS),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


# --- the run ------------------------------------------------------------------------------


def run(*, database_url, redis_url, size, out):
    """The HTTP part of the results (``"http"`` in bench-results.json)."""
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    if not redis_url:
        out("  note: no Redis (BENCH_REDIS_URL empty): sessions and cache on the database")
    smoke = _smoke_module()
    tmp = Path(tempfile.mkdtemp(prefix="mitwirken-bench-http-"))
    static_root, media_root = tmp / "static", Path(settings.MEDIA_ROOT)
    port = smoke.free_port()
    env = server_env(database_url, redis_url, static_root, media_root, port)
    base = f"http://127.0.0.1:{port}"
    result = {
        "ideas": size,
        "server": f"gunicorn ({GUNICORN_CONF.relative_to(REPO)}), {WORKERS} sync workers, "
        "production settings (DEBUG off, hashed static files), DJANGO_SECURE=0",
        "redis": bool(redis_url),
        "wrk": f"wrk -t2 -c{{4,32}} -d{DURATION} --latency, loopback",
        "pages": {},
    }
    out("  collectstatic …")
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO, env=env, check=True, capture_output=True,
    )  # fmt: skip
    server = Server(tmp)
    try:
        gunicorn = server.start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "demo.bench_wsgi"],
            env,
        )
        if not wait_until_up(f"{base}/healthz/", gunicorn):
            return {"skipped": "gunicorn did not start: " + server.log_tail("gunicorn")}
        _load_pages(result, base, tmp, out)
        result["memory"] = worker_memory(gunicorn.pid)
        result["proxy"] = _through_nginx(smoke, tmp, port, static_root, media_root, server, out)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def _detail_paths(count=500):
    ideas = Idea.objects.public().order_by("?").only("pk", "slug")[:count]
    return [idea.get_absolute_url() for idea in ideas]


def _load_pages(result, base, tmp, out):
    list_url = reverse("ideas:list")
    detail_paths = _detail_paths()
    floor_detail = [f"/_bench/detail/{p.split('/')[2]}/" for p in detail_paths]
    rows = [
        ("home", base + "/", None),
        ("list_floor", base + "/_bench/list/", None),
        ("idea_list", base + list_url, None),
        ("detail_floor", base + "/", _paths_script(floor_detail)),
        ("idea_detail", base + "/", _paths_script(detail_paths)),
    ]
    for key, url, script in rows:
        result["pages"][key] = {}
        run_wrk(url, CONCURRENCY[0], script, tmp=tmp, duration=WARMUP)
        for concurrency in CONCURRENCY:
            out(f"  wrk {key} -c{concurrency} …")
            result["pages"][key][f"c{concurrency}"] = run_wrk(url, concurrency, script, tmp=tmp)
    # Support POSTs: new triples for each run, many accounts, no pair twice.
    result["pages"]["support_post"] = {}
    used = set()
    for concurrency in CONCURRENCY:
        pairs = support_triples(SUPPORT_TRIPLES, used)
        used |= {(user.pk, idea_pk) for user, idea_pk in pairs}
        cookies = signed_in_cookies({user.pk: user for user, _idea in pairs}.values())
        triples = [
            (*cookies[user.pk], reverse("ideas:support", kwargs={"pk": idea_pk}))
            for user, idea_pk in pairs
        ]
        before = Support.objects.count()
        out(f"  wrk support_post -c{concurrency} ({len(triples):,} prepared supports) …")
        row = run_wrk(base + "/", concurrency, _support_script(triples), tmp=tmp)
        row["accounts"] = len(cookies)
        row["supports_stored"] = Support.objects.count() - before
        # A redirect that stored nothing (a refused session or a repeat) is an error too.
        row["errors"] += max(0, row["requests"] - row["supports_stored"])
        result["pages"]["support_post"][f"c{concurrency}"] = row


def _paths_script(paths):
    return PATHS_SCRIPT % {"paths": ", ".join(_lua_string(p) for p in paths), "headers": ""}


def _support_script(triples):
    body = ", ".join(
        "{" + ", ".join(_lua_string(value) for value in triple) + "}" for triple in triples
    )
    return SUPPORT_SCRIPT % {"triples": body, "threads": 2}


def _through_nginx(smoke, tmp, port, static_root, media_root, server, out):
    nginx_bin = shutil.which("nginx")
    if not nginx_bin:
        return {"skipped": "nginx is not installed"}
    if not shutil.which("openssl"):
        return {"skipped": "openssl is not installed (throw-away certificate)"}
    ports = {"gunicorn": port, "http": smoke.free_port(), "https": smoke.free_port()}
    try:
        cert, key = smoke.self_signed_certificate(tmp)
        conf = smoke.render_site_conf(tmp, ports, cert, key, static_root, media_root)
    except (smoke.SmokeFailure, subprocess.CalledProcessError) as error:
        return {"skipped": f"nginx configuration: {error}"}
    check = subprocess.run(  # noqa: S603
        [nginx_bin, "-t", "-p", str(tmp), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode:
        return {"skipped": f"nginx -t refused the configuration: {check.stderr.strip()[-300:]}"}
    nginx = server.start(
        "nginx",
        [nginx_bin, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
        os.environ.copy(),
    )
    url = f"https://127.0.0.1:{ports['https']}{reverse('ideas:list')}"
    deadline = time.monotonic() + 20
    while nginx.poll() is None and time.monotonic() < deadline:
        if (tmp / "nginx.pid").exists():
            break
        time.sleep(0.2)
    if nginx.poll() is not None:
        return {"skipped": "nginx did not start: " + server.log_tail("nginx")}
    cache_status = _probe(url)
    out("  wrk idea_list through nginx -c32 …")
    row = run_wrk(url, 32, headers=["Host: localhost"], tmp=tmp)
    return {
        "via": "nginx (deploy/nginx/mitwirken.conf as deploy/smoke_test.py renders it), TLS",
        "cache_status": cache_status,
        "idea_list": {"c32": row},
    }


def _probe(url):
    """X-Cache-Status of a second request: whether nginx's micro-cache answers the list."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    status = None
    for _ in range(2):
        request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30, context=context) as response:  # noqa: S310
                status = response.headers.get("X-Cache-Status")
        except OSError as error:
            return f"error: {error}"
    return status or "none"
