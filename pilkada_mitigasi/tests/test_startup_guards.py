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
