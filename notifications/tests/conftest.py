"""Fixtures of the notifications tests: a real local SMTP server and provider settings pointing at local servers."""

import socket

import pytest
from aiosmtpd.controller import Controller

from core.testing import wait_until  # noqa: F401  (the tests of this app import it from here)


class RecordingSmtpHandler:
    """An SMTP server's handler that keeps every accepted mail and refuses chosen recipients."""

    def __init__(self):
        self.envelopes = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost (aiosmtpd); Django's SMTP backend is pointed at it."""
    handler = RecordingSmtpHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    yield handler
    controller.stop()


@pytest.fixture
def providers(settings, httpserver):
    """Telegram, WhatsApp and the SMS gateway all pointed at the local HTTP server; fast retries."""
    base = httpserver.url_for("").rstrip("/")
    settings.TELEGRAM_API_BASE = base
    settings.TELEGRAM_BOT_TOKEN = "123:ABC"
    settings.WHATSAPP_API_BASE = base
    settings.WHATSAPP_PHONE_NUMBER_ID = "1055"
    settings.WHATSAPP_TOKEN = "wa-token"
    settings.WHATSAPP_TEMPLATE_NAME = ""
    settings.SMS_GATEWAY_URL = f"{base}/sms/send"
    settings.SMS_GATEWAY_METHOD = "POST"
    settings.SMS_GATEWAY_PARAMS = "to={to}&text={text}&key={key}"
    settings.SMS_GATEWAY_KEY = "rahasia"
    settings.SMS_GATEWAY_AUTH_HEADER = "X-Api-Key: kunci-sms"
    settings.SMS_GATEWAY_ID_JSON_PATH = "data.0.id"
    settings.NOTIFICATIONS_HTTP_TIMEOUT_S = 0.5
    settings.NOTIFICATIONS_RETRY_BASE_S = 0.05
    settings.NOTIFICATIONS_RETRY_MAX_S = 0.2
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    return httpserver
