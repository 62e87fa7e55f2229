"""``make run``: a short start, and links that follow HOST and PORT.

``make -n`` prints the commands without running them, so these tests read exactly what
``make run`` would execute.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args):
    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_mail_links_follow_the_port_and_host_the_portal_is_served_on():
    commands = dry_run("PORT=8123", "HOST=0.0.0.0")
    runserver = next(line for line in commands.splitlines() if "runserver" in line)
    assert "SITE_URL=http://0.0.0.0:8123" in runserver
    assert runserver.rstrip().endswith("runserver 0.0.0.0:8123")


def test_make_run_migrates_quietly_and_prints_the_demo_logins():
    commands = dry_run()
    migrate = next(line for line in commands.splitlines() if " migrate " in line)
    assert "--verbosity 0" in migrate
    assert "SITE_URL=http://127.0.0.1:8000" in migrate
    assert "admin@example.org" in commands
    assert "mitwirken-demo" in commands
