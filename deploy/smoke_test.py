"""Deployment smoke test: the portal as production runs it, end to end over real sockets.

nginx (deploy/nginx/mitwirken.conf, TLS with a throw-away certificate) → gunicorn
(deploy/gunicorn.conf.py, production settings, PostgreSQL, Redis) plus one task worker
(`manage.py db_worker`) and a real SMTP server (aiosmtpd) that the mail backend talks to.
It waits for /healthz/, fetches the home page and an idea page through nginx, checks that an
anonymous page sets no cookie and is served from nginx's micro-cache, signs in as the demo resident through the
login form, supports the idea one support short of its threshold, and waits until the worker
has sent the editors' mail about it. Everything it starts is stopped again; the database it
creates is dropped.

    .venv/bin/python deploy/smoke_test.py --database-url postgres://u:p@127.0.0.1:5432/postgres \
        --redis-url redis://127.0.0.1:6379/3

Exit status 0 when every step passed; otherwise the failing step, and the logs of the
processes, are printed.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE_CONF = REPO / "deploy" / "nginx" / "mitwirken.conf"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
PYTHON = sys.executable
DB_NAME = "mitwirken_smoke"
RESIDENT = ("bewohnerin@example.org", "mitwirken-demo")
EDITOR_ADDRESS = "redaktion-smoke@example.org"


class SmokeFailure(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(message):
    print(f"--- {message}", flush=True)


# --- Services -----------------------------------------------------------------------------


def recreate_database(admin_url):
    """Create an empty database DB_NAME with the role of admin_url (which needs CREATEDB)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database(admin_url):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def database_url(admin_url, name):
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


class MailSink:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(
            {
                "to": list(envelope.rcpt_tos),
                "text": envelope.content.decode("utf-8", "replace"),
            }
        )
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def self_signed_certificate(directory):
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def render_site_conf(tmp, ports, cert, key, static_root, media_root):
    """deploy/nginx/mitwirken.conf with only its "adapt" values replaced."""
    text = SITE_CONF.read_text()
    replacements = {
        "/var/cache/nginx/mitwirken": str(tmp / "nginx-cache"),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports['gunicorn']};",
        "    listen 80;\n": f"    listen 127.0.0.1:{ports['http']};\n",
        "    listen [::]:80;\n": "",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{ports['https']} ssl http2;\n",
        "    listen [::]:443 ssl http2;\n": "",
        "server_name mitwirken.example.org;": "server_name localhost;",
        "/etc/letsencrypt/live/mitwirken.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/mitwirken.example.org/privkey.pem": str(key),
        "/srv/mitwirken/staticfiles/": f"{static_root}/",
        "/srv/mitwirken/media/": f"{media_root}/",
    }
    for old, new in replacements.items():
        if old not in text:
            raise SmokeFailure(f"{SITE_CONF} no longer contains {old!r}: update the smoke test")
        text = text.replace(old, new)
    site = tmp / "site.conf"
    site.write_text(text)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        f"""{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include {site};
}}
"""
    )
    return main


class Processes:
    def __init__(self, tmp):
        self.tmp = tmp
        self.running = []

    def start(self, name, command, env):
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed in stop_all)
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((name, process, log))
        return process

    def check_alive(self):
        for name, process, _log in self.running:
            if process.poll() is not None:
                raise SmokeFailure(f"{name} exited with {process.returncode}")

    def stop_all(self):
        for name, process, log in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            log.close()
            print(f"    stopped {name} (exit {process.returncode})")

    def dump_logs(self):
        for path in sorted(self.tmp.glob("*.log")):
            print(f"===== {path.name} (last 60 lines)")
            print("\n".join(path.read_text(errors="replace").splitlines()[-60:]))


# --- HTTP ---------------------------------------------------------------------------------


class Client:
    """A browser-like client: cookies, Referer/Origin on POST, TLS checked against the cert."""

    def __init__(self, base, cafile):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=str(cafile))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect(),
        )

    def request(self, path, data=None, referer=None):
        url = path if path.startswith("http") else self.base + path
        headers = {"User-Agent": "mitwirken-smoke-test", "Accept-Language": "de"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Origin"] = self.base
            headers["Referer"] = referer or url
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode("utf-8", "replace")
        return response.status, response.headers, text

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SmokeFailure("no CSRF token in the form")
    return match.group(1)


def expect(condition, message):
    if not condition:
        raise SmokeFailure(message)


def wait_for(predicate, seconds, what, processes):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes.check_alive()
        try:
            if predicate():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise SmokeFailure(f"timed out after {seconds}s waiting for {what}")


# --- The run ------------------------------------------------------------------------------


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:])
        raise SmokeFailure(f"manage.py {' '.join(args)} failed ({result.returncode})")
    return result.stdout if capture else None


TARGET_QUERY = """
import json
from django.urls import reverse
from ideas.models import Idea, ParticipationSettings
threshold = ParticipationSettings.load().effective_threshold()
idea = Idea.objects.public().filter(support_count=threshold - 1).order_by("pk").first()
print(json.dumps({
    "title": idea.title, "path": idea.get_absolute_url(), "support_count": idea.support_count,
    "support_path": reverse("ideas:support", args=[idea.pk]), "login_path": reverse("account_login"),
}))
"""


def run(args, tmp, stack):
    ports = {"gunicorn": free_port(), "http": free_port(), "https": free_port()}
    base = f"https://localhost:{ports['https']}"
    static_root, media_root = tmp / "static", tmp / "media"
    sink = stack.enter_context(MailSink())

    step(f"database {DB_NAME}")
    recreate_database(args.database_url)
    stack.callback(drop_database, args.database_url)

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "GUNICORN_"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "SITE_URL": base,
            "DATABASE_URL": database_url(args.database_url, DB_NAME),
            "REDIS_URL": args.redis_url,
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
            "DJANGO_TASKS_BACKEND": "database",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "0",
            "EDITOR_EMAILS": EDITOR_ADDRESS,
            "NOTIFICATION_WINDOW_MINUTES": "0",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_BIND": f"127.0.0.1:{ports['gunicorn']}",
            "GUNICORN_WORKERS": "2",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )

    step("check --deploy, migrate, collectstatic, demo content (production settings)")
    manage(env, "check", "--deploy", "--fail-level", "WARNING")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo_content")
    target = json.loads(manage(env, "shell", "-c", TARGET_QUERY, capture=True).splitlines()[-1])

    step("start gunicorn, the task worker and nginx")
    processes = Processes(tmp)
    stack.callback(processes.stop_all)
    processes.start("gunicorn", [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                                 "participation.wsgi"], env)  # fmt: skip
    processes.start("worker", [PYTHON, "manage.py", "db_worker"], env)
    cert, key = self_signed_certificate(tmp)
    nginx_conf = render_site_conf(tmp, ports, cert, key, static_root, media_root)
    check = subprocess.run(["nginx", "-t", "-p", str(tmp), "-c", str(nginx_conf)],
                           capture_output=True, text=True)  # fmt: skip
    expect(check.returncode == 0, f"nginx -t refused the configuration:\n{check.stderr}")
    processes.start("nginx", ["nginx", "-p", str(tmp), "-c", str(nginx_conf), "-g", "daemon off;"],
                    env)  # fmt: skip
    try:
        _run_requests(base, ports, cert, target, sink, processes)
    except Exception:
        processes.dump_logs()
        raise


def _run_requests(base, ports, cert, target, sink, processes):
    visitor = Client(base, cert)

    step("wait for /healthz/ through nginx")
    wait_for(lambda: visitor.request("/healthz/")[0] == 200, 60, "/healthz/", processes)
    status, headers, body = visitor.request("/healthz/")
    expect(json.loads(body).get("database") == "ok", f"/healthz/ says {body}")

    step("plain HTTP redirects to HTTPS")
    plain = urllib.request.build_opener(NoRedirect())
    try:
        plain.open(f"http://localhost:{ports['http']}/ideen/", timeout=10)
        raise SmokeFailure("plain HTTP answered without a redirect")
    except urllib.error.HTTPError as error:
        expect(error.status == 301, f"plain HTTP answered {error.status}")
        expect(error.headers["Location"].startswith("https://"), "redirect is not to https")

    step("home page and an idea page through nginx")
    status, headers, body = visitor.request("/")
    expect(status == 200, f"home answered {status}")
    expect('lang="de"' in body, "home is not the German page")
    status, headers, body = visitor.request(target["path"])
    expect(status == 200, f"idea page answered {status}")
    expect(target["title"] in body.replace("&quot;", '"').replace("&#x27;", "'"),
           "the idea page does not show the idea's title")  # fmt: skip
    expect(headers.get("Strict-Transport-Security"), "no HSTS header through nginx")
    expect("Set-Cookie" not in headers, "an anonymous idea page set a cookie")
    expect("public" in headers.get("Cache-Control", ""), "an anonymous idea page is not public")
    status, headers, _ = visitor.request(target["path"])
    expect(
        headers.get("X-Cache-Status") == "HIT",
        f"the second anonymous view did not come from nginx's micro-cache "
        f"(X-Cache-Status {headers.get('X-Cache-Status')})",
    )
    css = re.search(r'href="(/static/[^"]+\.css)"', body)
    expect(css, "no stylesheet on the idea page")
    status, headers, _ = visitor.request(css.group(1))
    expect(status == 200 and "immutable" in headers.get("Cache-Control", ""),
           f"static file answered {status} {headers.get('Cache-Control')}")  # fmt: skip

    step("sign in as the demo resident through the login form")
    resident = Client(base, cert)
    status, headers, body = resident.request(target["login_path"])
    expect(status == 200, f"login page answered {status}")
    status, headers, body = resident.request(
        target["login_path"],
        {"csrfmiddlewaretoken": csrf_token(body), "login": RESIDENT[0], "password": RESIDENT[1]},
    )
    expect(status == 302, f"login answered {status}, not a redirect")
    expect(resident.cookie("sessionid"), "no session cookie after signing in")

    step(f"support {target['title']!r} (one support short of the threshold)")
    status, headers, body = resident.request(target["path"])
    expect(status == 200, f"idea page answered {status} to the resident")
    expect(
        headers.get("X-Cache-Status") in (None, "BYPASS"), "a signed-in page came from the cache"
    )
    status, headers, body = resident.request(
        target["support_path"],
        {"csrfmiddlewaretoken": csrf_token(body)},
        referer=base + target["path"],
    )
    expect(status in (200, 302, 303), f"support answered {status}")
    status, headers, body = resident.request(target["path"])
    expect(
        "Sie unterstützen diese Idee." in body,
        "after supporting, the idea page does not say that the resident supports it",
    )

    step("the worker sends the editors' mail about the threshold")

    def editor_mail():
        return [m for m in sink.messages if EDITOR_ADDRESS in m["to"]]

    wait_for(lambda: editor_mail(), 60, f"a mail to {EDITOR_ADDRESS}", processes)
    for message in sink.messages:
        parsed = email.message_from_string(message["text"], policy=email.policy.default)
        print(f"    mail to {', '.join(message['to'])}: {parsed['Subject']}")
    expect(
        any(target["title"] in m["text"] or "Schwelle" in m["text"] for m in editor_mail()),
        "the editors' mail does not name the idea",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SMOKE_DATABASE_URL", "postgres://mitwirken:mitwirken@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL whose role may create databases",
    )  # fmt: skip
    parser.add_argument(
        "--redis-url", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/3")
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    for tool in ("nginx", "openssl"):
        if not shutil.which(tool):
            print(f"smoke test: {tool} is not installed")
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="mitwirken-smoke-"))
    started = time.monotonic()
    try:
        with ExitStack() as stack:
            run(args, tmp, stack)
    except SmokeFailure as failure:
        print(f"SMOKE TEST FAILED: {failure}")
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"Deployment smoke test passed in {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
