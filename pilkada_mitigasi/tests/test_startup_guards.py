"""Production refuses placeholder secrets and a wildcard host; without DJANGO_ENV the app stays on loopback."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
A_REAL_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2


def run(*argv: str, timeout: int = 60, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        list(argv),
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run(sys.executable, "manage.py", *args, **env)


def production(**overrides: str) -> dict:
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": A_REAL_KEY,
        "DJANGO_ALLOWED_HOSTS": "pilkada.example",
        **overrides,
    }


def example_secret_key() -> str:
    text = (BASE_DIR / "deploy" / "pilkada-mitigasi.env.example").read_text()
    return re.search(r"^DJANGO_SECRET_KEY=(.*)$", text, re.MULTILINE).group(1)


@pytest.mark.parametrize("hosts", ["*", "pilkada.example,*", " * "])
def test_production_refuses_a_wildcard_allowed_host(hosts):
    result = manage("check", **production(DJANGO_ALLOWED_HOSTS=hosts))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Konfigurasi salah: DJANGO_ALLOWED_HOSTS must list the site's host names; "
        "'*' accepts any Host header and is refused when DJANGO_ENV=production."
    ]


def test_production_refuses_the_example_files_placeholder_secret_key():
    result = manage("check", **production(DJANGO_SECRET_KEY=example_secret_key()))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: Konfigurasi salah: DJANGO_SECRET_KEY is a placeholder")


@pytest.mark.parametrize(
    "key",
    [
        "insecure-dev-key-only-for-a-laptop-never-in-production",
        "too-short-but-random-7f3a",
        "a" * 60,
        "django-insecure-" + "abcdefghijklmnopqrstuvwxyz0123456789",
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = manage("check", **production(DJANGO_SECRET_KEY=key))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Konfigurasi salah: DJANGO_SECRET_KEY")


def test_production_accepts_a_real_key_and_named_hosts():
    result = manage("check", **production())
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("address", ["0.0.0.0:8765", "192.0.2.10:8765", "[::]:8765"])
def test_runserver_without_django_env_refuses_a_public_address(address):
    result = manage("runserver", address, "--noreload")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: Tanpa DJANGO_ENV aplikasi hanya mendengarkan di loopback")


def test_runserver_without_django_env_names_the_variable_to_set():
    result = manage("runserver", "0.0.0.0:8765", "--noreload")
    assert result.stderr.strip() == (
        "Error: Tanpa DJANGO_ENV aplikasi hanya mendengarkan di loopback (127.0.0.1 atau ::1), "
        "bukan 0.0.0.0. Setel DJANGO_ENV secara eksplisit (production atau development) untuk "
        "mendengarkan di alamat lain."
    )


def test_gunicorn_without_django_env_refuses_a_public_address():
    result = run(
        str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
        "pilkada_mitigasi.wsgi",
        "--bind",
        "0.0.0.0:8766",
        "--workers",
        "1",
        timeout=30,
    )
    assert result.returncode != 0
    assert "Tanpa DJANGO_ENV aplikasi hanya mendengarkan di loopback" in result.stderr


@pytest.mark.parametrize(
    ("argv", "environ", "refused"),
    [
        (["manage.py", "runserver"], {}, False),
        (["manage.py", "runserver", "8000"], {}, False),
        (["manage.py", "runserver", "127.0.0.1:8000", "--noreload"], {}, False),
        (["manage.py", "runserver", "localhost:8000"], {}, False),
        (["manage.py", "runserver", "[::1]:8000"], {}, False),
        (["manage.py", "runserver", "-6"], {}, False),
        (["manage.py", "runserver", "0.0.0.0:8000"], {}, True),
        (["manage.py", "runserver", "0:8000"], {}, True),
        (["manage.py", "runserver", "--noreload", "10.0.0.5:8000"], {}, True),
        (["manage.py", "runserver", "0.0.0.0:8000"], {"DJANGO_ENV": "development"}, False),
        (["manage.py", "runserver", "0.0.0.0:8000"], {"DJANGO_ENV": "production"}, False),
        (["manage.py", "check"], {}, False),
    ],
)
def test_the_loopback_rule_for_runserver(argv, environ, refused):
    from pilkada_mitigasi.startup import runserver_refusal

    assert (runserver_refusal(argv, environ) is not None) is refused


def test_seed_demo_refuses_to_run_in_production():
    result = manage("seed_demo", **production())
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: seed_demo membuat akun demo dengan kata sandi yang diumumkan; "
        "perintah ini ditolak saat DJANGO_ENV=production."
    ]
    assert "Login demo" not in result.stdout


def test_seed_demo_in_production_creates_no_account(db, settings):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="ditolak saat DJANGO_ENV=production"):
        call_command("seed_demo", "--quiet-logins")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_production_refuses_a_replica_url_that_is_not_postgresql():
    result = manage("check", **production(DATABASE_REPLICA_URL="mysql://u:p@db-replica/pilkada"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Konfigurasi salah: DATABASE_REPLICA_URL must point at PostgreSQL (postgresql://...)."
    ]


def test_a_sentinel_url_naming_a_plain_redis_server_is_refused_at_start():
    result = manage("check", **production(REDIS_URL="sentinel://s1:26379/0;redis://s2:6379/0"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Konfigurasi salah: REDIS_URL: not a sentinel://host:port address: 'redis://s2:6379/0'."
    ]
