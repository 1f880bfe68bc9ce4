"""Chaos test of intake: N inbound messages posted over HTTP across the channels while the worker is
SIGKILLed every 10 s; then waits for quiet and prints what was stored, made, lost and duplicated.

The web app is served from this process on a free local port (Django's threaded WSGI server, the real
middleware and views); the Celery worker runs as a subprocess group on a private Redis and is killed
(SIGKILL) and started again every ``--kill-every`` seconds; this process runs the intake sweep every
few seconds as beat would. Answers to senders go to a fake provider (Telegram, WhatsApp, SMS).

The mix (fictional senders in a block of their own): structured SMS reports from unknown numbers and
from registry people (early warnings, level 1, so no escalation reaches anyone), SMS with a wrong
format, WhatsApp free text, WhatsApp calls with a forged signature and with an unreadable body,
whole Telegram /lapor conversations (seven updates each, posted in order per chat), and a repeated
delivery of every tenth message (same provider id). The last line is one JSON object:
``messages`` (distinct messages posted), ``deliveries`` (HTTP posts, repeats included), ``stored``
(messages found in the intake log), ``reports_created``, ``unverified``, ``lost`` (not stored, or
never processed) and ``duplicates`` (reports or intakes beyond one per message); both must be 0.

It writes fictional data and removes it afterwards unless ``--keep`` is given.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.benchharness import (
    ManagedProcess,
    PrivateRedis,
    RecordingGateway,
    celery_worker_argv,
    database_url,
    free_port,
    use_broker,
    wait_until,
    worker_answers,
)

SMS_SECRET = "chaos-sms"  # noqa: S105 - a fictional run's own secret
TELEGRAM_SECRET = "chaos-telegram"  # noqa: S105
WHATSAPP_SECRET = "chaos-whatsapp"  # noqa: S105
TELEGRAM_STEPS = 7


class WebServer:
    """The project's WSGI app on 127.0.0.1 in a thread of this process."""

    def __init__(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                return

        self.port = free_port()
        self.server = ThreadedWSGIServer(("127.0.0.1", self.port), QuietHandler, allow_reuse_address=True)
        self.server.daemon_threads = True
        self.server.set_app(WSGIHandler())
        self.thread = threading.Thread(target=self.server.serve_forever, name="chaos-web", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Killer(threading.Thread):
    """Every ``interval`` seconds of a worker's life: SIGKILL its process group and start it again.

    The interval counts from the moment the new worker answers a ping: on a loaded machine a worker
    may take longer than the interval to start, and killing it before it works would test nothing.
    """

    def __init__(self, worker: ManagedProcess, name: str, interval: float, log) -> None:
        super().__init__(name="chaos-killer", daemon=True)
        self.worker, self.name, self.interval, self.log = worker, name, interval, log
        self.stop_event = threading.Event()
        # Set to kill at once rather than at the end of the interval (see ``kill_now``).
        self.now_event = threading.Event()

    def kill_now(self) -> None:
        """Kill the worker without waiting for the interval: a run that ends before the first interval
        (an idle machine works through a small run in seconds) still has its worker killed once."""
        self.now_event.set()

    def _pause(self) -> bool:
        """Wait out the interval, or less when ``kill_now`` asks; True when the run is stopping."""
        deadline = time.monotonic() + self.interval
        while time.monotonic() < deadline and not self.now_event.is_set():
            if self.stop_event.wait(min(0.2, max(deadline - time.monotonic(), 0))):
                return True
        self.now_event.clear()
        return self.stop_event.is_set()

    def _up(self) -> bool:
        try:
            return self.stop_event.is_set() or worker_answers(self.name)
        except Exception:  # the broker restarting: not up yet
            return False

    def run(self) -> None:
        while not self.stop_event.is_set():
            # A worker that died by itself (its database refused a connection at start) is started again.
            if not wait_until(self._up, timeout=60, interval=0.5) and not self.worker.alive():
                self.worker.start()
                continue
            if self._pause():
                return
            self.worker.restart()
            self.log(f"chaos: worker dibunuh (SIGKILL) dan dinyalakan lagi ({self.worker.kills})")


class Sweeper(threading.Thread):
    """What beat does for intake: the sweep, every ``interval`` seconds."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="chaos-sweep", daemon=True)
        self.interval = interval
        self.stop_event = threading.Event()

    def run(self) -> None:
        from django.db import connection

        from intake.services import intake_sweep

        while not self.stop_event.wait(self.interval):
            try:
                intake_sweep()
            except Exception:  # noqa: S110 - a sweep that fails (broker restarting) runs again next time
                pass
            finally:
                connection.close()


class Command(BaseCommand):
    help = (
        "Chaos test of intake: N inbound messages posted over HTTP (SMS, WhatsApp, Telegram; valid, wrong, "
        "forged, unreadable, repeated) while the worker is SIGKILLed every 10 s; one JSON line at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--messages", type=int, default=1000, help="distinct messages to post (default 1000)"
        )
        parser.add_argument("--kill-every", type=float, default=10.0, help="seconds between worker kills")
        parser.add_argument("--calm", action="store_true", help="no kills (baseline)")
        parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
        parser.add_argument("--posters", type=int, default=4, help="threads posting at once")
        parser.add_argument("--timeout", type=float, default=900.0, help="longest wait for quiet, seconds")
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--keep", action="store_true", help="keep the run's data")

    def handle(self, *args, **opts):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "Tidak dijalankan di produksi: uji ini menulis data fiktif dan mematikan worker."
            )
        if opts["messages"] < 10:
            raise CommandError("--messages: paling sedikit 10")
        self.rng = random.Random(opts["seed"])  # noqa: S311 - test data, not security
        self.run_id = str(random.SystemRandom().randrange(100000, 999999))
        self.log_dir = Path(settings.BASE_DIR) / "var" / "intake-runs" / self.run_id
        self.label = f"[UJI MASUK {self.run_id}]"
        started = time.monotonic()
        with ExitStack() as stack:
            result = self._run(stack, opts)
        result["seconds"] = round(time.monotonic() - started, 1)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        (self.log_dir / "result.json").write_text(json.dumps(result) + "\n")
        self.stdout.write(json.dumps(result))
        if result["lost"] or result["duplicates"]:
            raise CommandError("ada pesan yang hilang atau laporan ganda")

    def log(self, text: str) -> None:
        self.stderr.write(text)

    # --- the run ------------------------------------------------------------------------------------

    def _run(self, stack: ExitStack, opts) -> dict:
        from intake.bench import intake_bench_remove

        redis = PrivateRedis(self.log_dir / "redis")
        redis.start()
        stack.callback(redis.stop)
        gateway = RecordingGateway()
        gateway.start()
        stack.callback(gateway.stop)
        stack.enter_context(use_broker(redis.url))
        overrides = {
            "INTAKE_SMS_SECRET": SMS_SECRET,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
            "INTAKE_SWEEP_GRACE_S": 5.0,
            **gateway.settings_env(),
            "WHATSAPP_API_BASE": gateway.base_url,
            "WHATSAPP_PHONE_NUMBER_ID": "1055",
            "WHATSAPP_TOKEN": "fake",
            "NOTIFICATIONS_HTTP_TIMEOUT_S": 5.0,
        }
        previous = {name: getattr(settings, name, None) for name in overrides}
        for name, value in overrides.items():
            setattr(settings, name, value)
        stack.callback(lambda: [setattr(settings, n, v) for n, v in previous.items()])
        env = {
            **__import__("os").environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis.url,
            **{name: str(value) for name, value in overrides.items()},
        }
        name = f"masuk-{self.run_id}"
        worker = ManagedProcess(
            celery_worker_argv(
                queues="critical,default", concurrency=opts["concurrency"], pool="prefork", name=name
            ),
            env=env,
            cwd=Path(settings.BASE_DIR),
            log_path=self.log_dir / "worker.log",
        )
        worker.start()
        stack.callback(worker.stop)
        if not wait_until(lambda: worker_answers(name), timeout=90, interval=0.5):
            raise CommandError("worker tidak menjawab dalam 90 detik")
        web = WebServer()
        web.start()
        stack.callback(web.stop)
        sweeper = Sweeper(3.0)
        sweeper.start()
        stack.callback(sweeper.stop_event.set)
        killer = None
        if not opts["calm"]:
            killer = Killer(worker, name, opts["kill_every"], self.log)
            killer.start()
            stack.callback(killer.stop_event.set)

        plan = self._plan(opts["messages"])
        if not opts["keep"]:
            stack.callback(self._cleanup, plan)
        self.log(f"chaos: {len(plan['posts'])} panggilan ({opts['messages']} pesan) ke {web.url}")
        deliveries = self._post(web.url, plan, posters=opts["posters"])
        if killer is not None and not worker.kills:
            # Everything was posted before the first interval ran out: kill once now, with the work in flight.
            killer.kill_now()
            wait_until(lambda: worker.kills >= 1, timeout=60, interval=0.2)
        self.log(f"chaos: semua terkirim; menunggu tenang (paling lama {opts['timeout']:.0f} s)")
        wait_until(lambda: self._quiet(plan), timeout=opts["timeout"], interval=1.0)
        if killer is not None:
            killer.stop_event.set()
        result = self._count(plan)
        result["deliveries"] = deliveries
        result["worker_kills"] = worker.kills
        del intake_bench_remove
        return result

    # --- what to post -------------------------------------------------------------------------------

    def _plan(self, n: int) -> dict:
        from incidents.categories import category_defaults_ensure
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list
        from stakeholders.bench import people_bench_load
        from stakeholders.choices import ContactKind

        category_defaults_ensure()
        desa = list(
            adminunit_list(level=AdminLevel.DESA, with_parent=False)
            .filter(code__startswith=settings.KABUPATEN_CODE + ".")
            .values_list("code", flat=True)
        )
        if not desa:
            raise CommandError("Belum ada data wilayah. Jalankan dulu: python manage.py migrate && make run.")
        block = f"+62899{self.run_id[-4:]}"
        known = [f"{block}{i:04d}" for i in range(max(1, n // 50))]
        people_bench_load(
            rows=[
                (f"{self.label} Pelapor {i}", [(ContactKind.PHONE, number)]) for i, number in enumerate(known)
            ]
        )
        posts: list[list[tuple[str, dict]]] = []  # groups posted in order (a Telegram chat's updates)
        expect = {"reports": 0, "intakes": 0, "processed": 0}
        senders: set[str] = set(known)
        n_left, i = n, 0
        while n_left > 0:
            i += 1
            kind = self.rng.random()
            ident = f"{self.run_id}-{i}"
            unknown = f"{block}{5000 + i % 4000:04d}"
            code = self.rng.choice(desa)
            if kind < 0.08 and n_left >= TELEGRAM_STEPS:
                chat = str(int(self.run_id) * 10_000 + i)
                senders.add(chat)
                group = [self._telegram(chat, i, step, code) for step in range(TELEGRAM_STEPS)]
                posts.append(group)
                n_left -= TELEGRAM_STEPS
                expect["intakes"] += 1
                expect["processed"] += TELEGRAM_STEPS
                continue
            n_left -= 1
            if kind < 0.40:
                call = (
                    "sms",
                    {"from": unknown, "text": f"LAPOR {code} 3 {self.label} keributan {i}", "id": ident},
                )
                expect["intakes"] += 1
            elif kind < 0.55:
                sender = self.rng.choice(known)
                call = (
                    "sms",
                    {"from": sender, "text": f"lapor {code} 1 {self.label} potensi konflik {i}", "id": ident},
                )
                expect["reports"] += 1
            elif kind < 0.65:
                call = (
                    "sms",
                    {"from": unknown, "text": f"LAPOR {code} {self.label} tanpa tingkat {i}", "id": ident},
                )
            elif kind < 0.88:
                call = ("wa", self._whatsapp(ident, unknown, f"{self.label} ada massa berkumpul {i}"))
                expect["intakes"] += 1
            elif kind < 0.94:
                call = ("wa-forged", self._whatsapp(ident, unknown, f"{self.label} palsu {i}"))
                expect["processed"] -= 1
            else:
                call = ("wa-broken", {"raw": f'{{"entry": [{{"run": "{self.run_id}", "n": {i}'})
                expect["processed"] -= 1
            senders.add(unknown)
            expect["processed"] += 1
            group = [call]
            if call[0] in ("sms", "wa") and self.rng.random() < 0.10:
                group.append(call)  # the provider delivers the same message again
            posts.append(group)
        self.rng.shuffle(posts)
        return {"posts": posts, "messages": n, "expect": expect, "senders": sorted(senders)}

    def _whatsapp(self, ident: str, sender: str, text: str) -> dict:
        wa = sender.lstrip("+")
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "WABA",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "contacts": [{"profile": {"name": "Warga uji"}, "wa_id": wa}],
                                "messages": [
                                    {"from": wa, "id": ident, "type": "text", "text": {"body": text}}
                                ],
                            },
                        }
                    ],
                }
            ],
        }

    def _telegram(self, chat: str, i: int, step: int, code: str) -> tuple[str, dict]:
        update_id = int(chat) * 10 + step
        message = {"chat": {"id": int(chat)}, "from": {"id": int(chat), "first_name": "Uji"}}
        if step == 0:
            return "tg", {"update_id": update_id, "message": {**message, "text": "/lapor"}}
        if step == 1:
            return "tg", {
                "update_id": update_id,
                "message": {**message, "text": f"{self.label} pengerahan massa {i}"},
            }
        data = [f"kec:{code.rsplit('.', 1)[0]}", f"desa:{code}", "tingkat:2", "foto:lewati", "kirim:ya"][
            step - 2
        ]
        return "tg", {
            "update_id": update_id,
            "callback_query": {
                "id": f"cb{update_id}",
                "from": {"id": int(chat)},
                "message": {"chat": {"id": int(chat)}},
                "data": data,
            },
        }

    # --- posting --------------------------------------------------------------------------------------

    def _post(self, base: str, plan: dict, *, posters: int) -> int:
        session_local = threading.local()
        count = [0]
        lock = threading.Lock()

        def session() -> requests.Session:
            if not hasattr(session_local, "s"):
                session_local.s = requests.Session()
            return session_local.s

        def post_one(kind: str, payload: dict) -> None:
            s = session()
            for _attempt in range(10):
                try:
                    if kind == "sms":
                        response = s.post(
                            f"{base}/laporan-masuk/webhook/sms/",
                            data=payload,
                            headers={"X-Intake-Secret": SMS_SECRET},
                            timeout=30,
                        )
                    elif kind == "tg":
                        response = s.post(
                            f"{base}/laporan-masuk/webhook/telegram/",
                            json=payload,
                            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
                            timeout=30,
                        )
                    else:
                        body = (
                            payload["raw"].encode() if kind == "wa-broken" else json.dumps(payload).encode()
                        )
                        secret = "bukan-rahasia" if kind == "wa-forged" else WHATSAPP_SECRET
                        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                        response = s.post(
                            f"{base}/notifikasi/webhook/whatsapp/",
                            data=body,
                            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
                            timeout=30,
                        )
                    if response.status_code < 500:
                        break
                except requests.RequestException:
                    pass
                time.sleep(1.0)  # a provider delivers again a call that got no answer or a 5xx
            with lock:
                count[0] += 1

        def post_group(group: list[tuple[str, dict]]) -> None:
            for kind, payload in group:
                post_one(kind, payload)

        with ThreadPoolExecutor(max_workers=posters) as pool:
            list(pool.map(post_group, plan["posts"]))
        return count[0]

    # --- reading the outcome --------------------------------------------------------------------------

    def _rows(self, plan: dict) -> dict:
        from intake.bench import intake_bench_rows

        return intake_bench_rows(run=self.run_id, senders=plan["senders"])

    def _quiet(self, plan: dict) -> bool:
        from django.db import connection

        from intake.choices import CallOutcome, MessageOutcome, ReplyStatus

        try:
            rows = self._rows(plan)
            return not (
                rows["calls"].filter(outcome=CallOutcome.RECEIVED).exists()
                or rows["messages"].filter(outcome=MessageOutcome.PENDING).exists()
                or rows["replies"].filter(status__in=[ReplyStatus.QUEUED, ReplyStatus.SENDING]).exists()
            )
        finally:
            connection.close()

    def _count(self, plan: dict) -> dict:
        from django.db.models import Count

        from incidents.selectors import incident_list_titled
        from intake.choices import CallOutcome, MessageOutcome

        rows = self._rows(plan)
        calls = rows["calls"]
        # Each distinct posted message is in the log when a call carrying it was stored.
        stored_ids: set[str] = set()
        for body in calls.values_list("body", flat=True):
            stored_ids.update(self._idents_in(body))
        posted_ids = {self._ident(kind, payload) for group in plan["posts"] for kind, payload in group}
        messages = rows["messages"]
        waiting = (
            messages.filter(outcome=MessageOutcome.PENDING).count()
            + calls.filter(outcome=CallOutcome.RECEIVED).count()
        )
        reports = incident_list_titled(prefix=self.label).count()
        intakes = rows["intakes"].count()
        by_outcome = dict(messages.values_list("outcome").annotate(n=Count("id")))
        over = max(0, reports - plan["expect"]["reports"]) + max(0, intakes - plan["expect"]["intakes"])
        duplicate_messages = (
            messages.values("channel", "external_id").annotate(n=Count("id")).filter(n__gt=1).count()
        )
        limited = by_outcome.get(MessageOutcome.RATE_LIMITED, 0)
        missing_reports = max(0, plan["expect"]["reports"] + plan["expect"]["intakes"] - reports - intakes)
        return {
            "messages": plan["messages"],
            "stored": len(posted_ids & stored_ids),
            "reports_created": reports,
            "unverified": intakes,
            "wrong_format": by_outcome.get(MessageOutcome.INVALID, 0),
            "rate_limited": limited,
            "forged": calls.filter(outcome=CallOutcome.FORGED).count(),
            "unreadable": calls.filter(outcome=CallOutcome.MALFORMED).count(),
            "errors": by_outcome.get(MessageOutcome.ERROR, 0),
            "lost": len(posted_ids - stored_ids) + waiting + (missing_reports if not limited else 0),
            "duplicates": over + duplicate_messages,
        }

    def _ident(self, kind: str, payload: dict) -> str:
        if kind == "sms":
            return payload["id"]
        if kind == "tg":
            return str(payload["update_id"])
        if kind == "wa-broken":
            return payload["raw"]
        return payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]

    def _idents_in(self, body: str) -> set[str]:
        from urllib.parse import parse_qs

        found: set[str] = set()
        if body.startswith("{"):
            try:
                data = json.loads(body)
            except ValueError:
                return {body}
            if "update_id" in data:
                return {str(data["update_id"])}
            for entry in data.get("entry", []):
                for change in entry.get("changes", []):
                    for message in change.get("value", {}).get("messages", []):
                        found.add(str(message.get("id")))
            return found
        fields = parse_qs(body)
        return {fields["id"][-1]} if "id" in fields else set()

    def _cleanup(self, plan: dict) -> None:
        from incidents.bench import incidents_bench_remove
        from intake.bench import intake_bench_remove
        from stakeholders.bench import people_bench_remove

        intake_bench_remove(run=self.run_id, senders=plan["senders"])
        incidents_bench_remove(title_prefix=self.label)
        people_bench_remove(name_prefix=self.label)
