"""The settings fail loudly, in one line, naming the variable at fault."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        "DJANGO_ALLOWED_HOSTS": "pilkada.example",
    }
    del env[missing]
    result = manage("check", **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: Konfigurasi salah: {missing} must be set when DJANGO_ENV=production."
    ]


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        DJANGO_ALLOWED_HOSTS="pilkada.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_malformed_database_url_is_named_in_one_line():
    result = manage("check", DATABASE_URL="mysql://root@localhost/pilkada")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: Konfigurasi salah: DATABASE_URL must point at PostgreSQL")
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_named_in_one_line():
    result = manage("migrate", "--check", DATABASE_URL="postgresql://postgres@127.0.0.1:1/pilkada")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: Tidak dapat terhubung ke PostgreSQL (DATABASE_URL)")


def test_an_unreachable_redis_is_named_in_one_line():
    result = manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.get('x')",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: Tidak dapat terhubung ke Redis (REDIS_URL / REDIS_CACHE_URL)")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"REDIS_URL": "redis://127.0.0.1:6379", "REDIS_CACHE_URL": "redis://127.0.0.1:6379/0"},
            "REDIS_CACHE_URL must name another Redis database than REDIS_URL (the broker)",
        ),
        ({"REDIS_URL": "redis://127.0.0.1:6379/15"}, "REDIS_URL uses Redis database 15"),
    ],
)
def test_a_cache_in_the_brokers_redis_database_is_refused_in_one_line(env, message):
    result = manage("check", **env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"Error: Konfigurasi salah: {message}")
    assert "Traceback" not in result.stderr


def test_settings_default_to_indonesian_and_wita(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Makassar"
    assert settings.USE_TZ is True
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_celery_is_configured_for_at_least_once_delivery(settings):
    from pilkada_mitigasi.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


@pytest.mark.parametrize("value", ["6 pagi", "25:00"])
def test_a_malformed_morning_report_time_is_named_in_one_line(value):
    result = manage("check", SITREP_MORNING_ENABLED="1", SITREP_MORNING_TIME=value)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: Konfigurasi salah: SITREP_MORNING_TIME must be HH:MM (WITA), not {value!r}."
    ]


def test_a_malformed_kabupaten_code_is_named_in_one_line():
    result = manage("check", KABUPATEN_CODE="Kutai Timur")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: Konfigurasi salah: KABUPATEN_CODE must be")
    assert "Traceback" not in result.stderr


def test_the_served_kabupaten_must_include_the_first_one():
    result = manage("check", KABUPATEN_CODE="64.08", KABUPATEN_CODES="64.74")
    assert result.returncode == 1
    assert "KABUPATEN_CODES must include KABUPATEN_CODE (64.08)" in result.stderr


def test_the_two_queues_must_have_two_names():
    result = manage("check", CELERY_QUEUE_CRITICAL="semua", CELERY_QUEUE_DEFAULT="semua")
    assert result.returncode == 1
    assert "CELERY_QUEUE_CRITICAL and CELERY_QUEUE_DEFAULT must be two different queues" in result.stderr


def test_the_morning_report_area_defaults_to_the_kabupaten_code():
    result = subprocess.run(
        [sys.executable, "-c", "from pilkada_mitigasi import settings as s; print(s.SITREP_MORNING_AREA)"],
        cwd=BASE_DIR,
        env={**os.environ, "KABUPATEN_CODE": "64.09"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "64.09", result.stderr


def test_a_link_signed_with_the_previous_secret_key_still_opens_during_rotation():
    """Rotation (docs/operations.md): the old key in DJANGO_SECRET_KEY_FALLBACKS keeps signatures valid."""
    old, new = "lama-" + "k" * 30 + "0123456789abcdefgh", "baru-" + "q" * 30 + "9876543210zyxwvuts"
    sign = "from django.core import signing; print(signing.TimestampSigner().sign('eskalasi-1'))"
    signed = manage(
        "shell", "--no-imports", "-c", sign, DJANGO_ENV="test", DJANGO_SECRET_KEY=old
    ).stdout.strip()
    check = f"from django.core import signing; print(signing.TimestampSigner().unsign({signed!r}))"
    rotated = manage(
        "shell",
        "--no-imports",
        "-c",
        check,
        DJANGO_ENV="test",
        DJANGO_SECRET_KEY=new,
        DJANGO_SECRET_KEY_FALLBACKS=old,
    )
    assert rotated.stdout.strip() == "eskalasi-1", rotated.stderr
    without = manage("shell", "--no-imports", "-c", check, DJANGO_ENV="test", DJANGO_SECRET_KEY=new)
    assert "BadSignature" in without.stderr


@pytest.mark.django_db
def test_the_apps_database_sessions_run_without_jit():
    """A short query over an index is not worth compiling: the sessions turn PostgreSQL's JIT off."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_database_jit_true_keeps_the_servers_choice():
    code = "from django.conf import settings; print(repr(settings.DATABASES['default']['OPTIONS'].get('options')))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pilkada_mitigasi.settings", "DATABASE_JIT": "true"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
