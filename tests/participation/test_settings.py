"""Settings: production defaults pass Django's deploy check; the env helpers parse as documented."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from participation import settings as project_settings

REPO = Path(__file__).resolve().parents[2]

# Variables that tests or a developer's shell may have set; the deploy check must see none.
PROJECT_PREFIXES = ("DJANGO_", "DATABASE_", "REDIS_", "RATE_LIMIT_", "EMAIL_", "IDEA", "AWS_")
PROJECT_VARIABLES = {
    "SITE_URL",
    "RESEARCHER_EMAIL_DOMAINS",
    "RESEARCHER_ROLE_DAYS",
    "RESERVED_DISPLAY_NAMES",
    "COMMENT_REPORTS_TO_HIDE",
    "DEFAULT_FROM_EMAIL",
    "SERVER_EMAIL",
    "EDITOR_EMAILS",
    "NOTIFICATION_WINDOW_MINUTES",
    "PENDING_IMAGES_PER_ACCOUNT",
    "FEEDBACK_RETENTION_DAYS",
    "TASK_RESULT_RETENTION_DAYS",
    "UNVERIFIED_ACCOUNT_DAYS",
    "ELASTICSEARCH_URL",
}


def production_env(tmp_path, **overrides):
    """A production environment as in .ci/run: DEBUG off, DJANGO_SECURE unset (HTTPS on)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(PROJECT_PREFIXES) and name not in PROJECT_VARIABLES
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "mitwirken.example.org",
            "SITE_URL": "https://mitwirken.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        }
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = deploy_check(production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output


def test_deploy_check_fails_with_the_default_development_key(tmp_path):
    result = deploy_check(production_env(tmp_path, DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_deploy_check_fails_when_https_hardening_is_switched_off(tmp_path):
    result = deploy_check(production_env(tmp_path, DJANGO_SECURE="0"))

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W008" in output  # SECURE_SSL_REDIRECT
    assert "security.W004" in output  # SECURE_HSTS_SECONDS


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", " on "])
def test_env_bool_reads_true_values(monkeypatch, value):
    monkeypatch.setenv("MITWIRKEN_TEST_FLAG", value)

    assert project_settings.env_bool("MITWIRKEN_TEST_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "nonsense"])
def test_env_bool_reads_everything_else_as_false(monkeypatch, value):
    monkeypatch.setenv("MITWIRKEN_TEST_FLAG", value)

    assert project_settings.env_bool("MITWIRKEN_TEST_FLAG", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_falls_back_to_the_default_when_unset_or_empty(monkeypatch, default):
    monkeypatch.delenv("MITWIRKEN_TEST_FLAG", raising=False)
    assert project_settings.env_bool("MITWIRKEN_TEST_FLAG", default) is default

    monkeypatch.setenv("MITWIRKEN_TEST_FLAG", "")
    assert project_settings.env_bool("MITWIRKEN_TEST_FLAG", default) is default


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("MITWIRKEN_TEST_LIST", " a.example.org, b.example.org,, ,c ")

    assert project_settings.env_list("MITWIRKEN_TEST_LIST") == [
        "a.example.org",
        "b.example.org",
        "c",
    ]


def test_env_list_uses_the_default_when_unset_and_is_empty_without_one(monkeypatch):
    monkeypatch.delenv("MITWIRKEN_TEST_LIST", raising=False)

    assert project_settings.env_list("MITWIRKEN_TEST_LIST", "x,y") == ["x", "y"]
    assert project_settings.env_list("MITWIRKEN_TEST_LIST") == []


def test_env_int_parses_numbers_and_falls_back_when_empty(monkeypatch):
    monkeypatch.setenv("MITWIRKEN_TEST_NUMBER", "42")
    assert project_settings.env_int("MITWIRKEN_TEST_NUMBER", 5) == 42

    monkeypatch.setenv("MITWIRKEN_TEST_NUMBER", "")
    assert project_settings.env_int("MITWIRKEN_TEST_NUMBER", 5) == 5


def variables_read_in_settings():
    source = (REPO / "participation" / "settings.py").read_text()
    return sorted(set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source)))


def test_settings_read_the_documented_variables():
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= set(variables_read_in_settings())


@pytest.mark.parametrize("document", [".env.example", "docs/configuration.md"])
def test_every_variable_read_in_settings_is_documented(document):
    text = (REPO / document).read_text()

    missing = [name for name in variables_read_in_settings() if not re.search(rf"\b{name}\b", text)]

    assert missing == [], f"{document} does not mention {missing}"


@pytest.mark.parametrize(("value", "days"), [(None, 365), ("30", 30), ("0", 0)])
def test_the_researcher_role_period_comes_from_the_environment(value, days):
    env = {name: v for name, v in os.environ.items() if name != "RESEARCHER_ROLE_DAYS"}
    if value is not None:
        env["RESEARCHER_ROLE_DAYS"] = value
    script = "from participation import settings; print(settings.RESEARCHER_ROLE_DAYS)"

    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )

    assert result.stdout.strip() == str(days), result.stderr


def shell(env, code):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_uploads_go_to_the_s3_bucket_when_one_is_named(tmp_path):
    # No S3 server can run here: this checks what the settings choose, not an upload.
    env = production_env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="mitwirken-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.file_overwrite)"
    )

    assert shell(env, code) == "S3Storage mitwirken-media https://s3.example.org None False"
    assert deploy_check(env).returncode == 0


def test_uploads_stay_on_the_local_disk_without_a_bucket(tmp_path):
    code = (
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    )

    assert shell(production_env(tmp_path), code) == "FileSystemStorage"


@pytest.mark.parametrize(("pooled", "disabled"), [(None, "False"), ("1", "True")])
def test_behind_a_transaction_pooler_server_side_cursors_are_off(tmp_path, pooled, disabled):
    env = production_env(
        tmp_path,
        DATABASE_URL="postgres://mitwirken:secret@127.0.0.1:6432/mitwirken",
        DATABASE_POOLED=pooled,
    )
    code = "from django.db import connection; print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])"

    assert shell(env, code) == disabled
