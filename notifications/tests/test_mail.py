import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMessage, get_connection

from notifications.models import OutboxEmail

BASE_DIR = Path(__file__).resolve().parents[2]


def _email_backend(**env: str) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "EMAIL_")) and k != "EMAIL_BACKEND"
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
        cwd=BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "pilkada_mitigasi.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_embedded_run_without_an_smtp_host_keeps_email_in_the_outbox():
    assert _email_backend(DJANGO_ENV="development") == "notifications.mail.OutboxBackend"


def test_a_configured_smtp_host_is_used_for_real():
    backend = _email_backend(DJANGO_ENV="development", EMAIL_HOST="mail.kutaitimurkab.go.id")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


def test_production_never_uses_the_outbox():
    backend = _email_backend(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="uji-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        DJANGO_ALLOWED_HOSTS="pilkada.example",
    )
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.django_db
def test_the_outbox_backend_stores_each_email_with_its_recipients():
    connection = get_connection("notifications.mail.OutboxBackend")
    sent = connection.send_messages(
        [
            EmailMessage("Uji", "Isi https://contoh.invalid/a", "dari@contoh.invalid", ["a@contoh.invalid"]),
            EmailMessage("Uji 2", "Isi", "dari@contoh.invalid", ["b@contoh.invalid", "c@contoh.invalid"]),
        ]
    )
    assert sent == 2
    assert list(OutboxEmail.objects.order_by("id").values_list("to", flat=True)) == [
        "a@contoh.invalid",
        "b@contoh.invalid, c@contoh.invalid",
    ]
    assert OutboxEmail.objects.filter(message_id__startswith="<").count() == 2
