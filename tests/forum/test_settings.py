import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'options': s.DATABASES['default'].get('OPTIONS', {}), "
    "'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG, "
    "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'secure_cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]}))"
)


def run_with_env(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "forum.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_with_env(PROBE)

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_settings_embedded_defaults_need_no_services():
    result = run_with_env(PROBE, DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "options": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "eager": True,
        "broker": "memory://localhost/",
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
        "ssl_redirect": False,
        "hsts": 0,
        "secure_cookies": [False, False],
    }


def test_settings_production_environment_uses_postgres_redis_and_https():
    result = run_with_env(
        PROBE,
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="forum.example.org",
        DATABASE_URL="postgres://forum:pw@db.internal:5432/forum",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert (probe["eager"], probe["broker"]) == (False, "redis://cache.internal:6379/0")
    assert (probe["debug"], probe["ssl_redirect"], probe["hsts"]) == (False, True, 31536000)
    assert probe["secure_cookies"] == [True, True]


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SECRET_KEY": "k3y-" + "q8Zr!x" * 10,
            "DJANGO_ALLOWED_HOSTS": "forum.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_passes_with_production_environment():
    result = check_deploy(FORUM_SITE_URL="https://forum.example.org")

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite pragmas",
)
@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_keys")
        foreign_keys = cursor.fetchone()[0]

    assert (journal, foreign_keys) == ("wal", 1)


@pytest.mark.parametrize(
    ("site_url", "check_id"),
    [
        ("", "forum.W001"),  # unset: links and UIDs would name 127.0.0.1
        ("http://localhost:8000", "forum.W001"),
        ("https://127.0.0.1", "forum.W001"),
        ("http://forum.example.org", "forum.W002"),
    ],
)
def test_check_deploy_requires_the_public_site_url(site_url, check_id):
    result = check_deploy(FORUM_SITE_URL=site_url)

    assert result.returncode == 1
    assert [line.split(")")[0] for line in result.stderr.splitlines() if "(forum." in line] == [
        f"?: ({check_id}"
    ]
