"""A partner's receiver: a real HTTP server (http.server, in a thread) that checks our signature as a
partner would (docs/webhooks.md), and the users of every access role from the incidents tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from incidents.tests.conftest import (  # noqa: F401 - fixtures
    categories,
    kab_admin,
    operator,
    private_media,
    reporter,
    viewer,
)

TOLERANCE_S = 300


def signature_valid(*, secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """The receiver's check, as docs/webhooks.md shows it: the HMAC of "<t>.<body>" and a fresh t."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        received = parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > TOLERANCE_S:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received)


class Receiver:
    """What the partner's server saw: accepted events, refused calls; scripted answers come first."""

    def __init__(self) -> None:
        self.secret = ""
        self.script: list[tuple[int, dict[str, str]]] = []
        self.accepted: list[dict] = []
        self.rejected: list[dict] = []
        self.calls = 0
        self.lock = threading.Lock()
        self.url = ""

    def handle(self, headers, body: bytes) -> tuple[int, dict[str, str]]:
        with self.lock:
            self.calls += 1
            if self.script:
                return self.script.pop(0)
            record = {"headers": dict(headers), "body": body}
            if not signature_valid(
                secret=self.secret, header=headers.get("X-Pilkada-Signature", ""), body=body
            ):
                self.rejected.append(record)
                return 401, {}
            record["json"] = json.loads(body)
            self.accepted.append(record)
            return 200, {}


@pytest.fixture
def receiver(settings):
    """A partner's webhook receiver on 127.0.0.1 (a free port); fast retries for the delivery machinery."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, extra = state.handle(self.headers, body)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # the test's output stays clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/pilkada/webhook"
    settings.NOTIFICATIONS_HTTP_TIMEOUT_S = 2.0
    settings.NOTIFICATIONS_RETRY_BASE_S = 0.05
    settings.NOTIFICATIONS_RETRY_MAX_S = 0.2
    yield state
    server.shutdown()
    server.server_close()
