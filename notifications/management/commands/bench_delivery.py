"""Sustained deliveries per second through a real worker subprocess and a local fake Telegram gateway."""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.core.management.base import BaseCommand

from core.benchharness import database_url, history_paused, percentile
from notifications.choices import Channel, DeliveryStatus
from notifications.models import Delivery, Message
from notifications.services import notification_send
from stakeholders.bench import recipients_bench_load, recipients_bench_remove
from stakeholders.selectors import person_list


class FakeGateway(ThreadingHTTPServer):
    """Answers every POST like Telegram's sendMessage and counts sends per chat id."""

    daemon_threads = True

    def __init__(self):
        self.sends: Counter[str] = Counter()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _GatewayHandler)


class _GatewayHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        with self.server.lock:
            self.server.sends[str(body.get("chat_id"))] += 1
            number = sum(self.server.sends.values())
        payload = json.dumps({"ok": True, "result": {"message_id": number}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        return


class Command(BaseCommand):
    help = (
        "Measure sustained deliveries per second: a real Celery worker subprocess sends to a local "
        "fake gateway. Prints figures and ends with one JSON line. Removes its data afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deliveries", type=int, default=2000, help="external deliveries to send")
        parser.add_argument("--per-message", type=int, default=100, help="recipients per message")
        parser.add_argument("--concurrency", type=int, default=8, help="worker processes or threads")
        parser.add_argument("--pool", default="threads", choices=["prefork", "threads"])
        parser.add_argument("--timeout", type=float, default=300.0, help="give up after this many seconds")

    def handle(self, *args, **options):
        total, per_message = options["deliveries"], max(1, options["per_message"])
        run = uuid.uuid4().hex[:8]
        queue = f"bench-delivery-{run}"
        gateway = FakeGateway()
        threading.Thread(target=gateway.serve_forever, daemon=True).start()
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "NOTIFICATIONS_QUEUE": queue,
            "TELEGRAM_API_BASE": f"http://127.0.0.1:{gateway.server_address[1]}",
            "TELEGRAM_BOT_TOKEN": "bench",
            "NOTIFICATIONS_HTTP_TIMEOUT_S": "5",
        }
        worker = subprocess.Popen(  # noqa: S603 - fixed argument list
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pilkada_mitigasi",
                "worker",
                "-Q",
                queue,
                "--pool",
                options["pool"],
                "--concurrency",
                str(options["concurrency"]),
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
                "-n",
                f"{queue}@%h",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        original_queue = settings.NOTIFICATIONS_QUEUE
        settings.NOTIFICATIONS_QUEUE = queue
        people: list[int] = []
        try:
            people = self._people(total, run)
            time.sleep(3)  # let the worker connect before the clock starts
            started = time.monotonic()
            for offset in range(0, total, per_message):
                recipients = list(person_list(ids=people[offset : offset + per_message]))
                notification_send(
                    text="Uji kecepatan pengiriman",
                    recipients=recipients,
                    idempotency_key=f"bench:{run}:{offset}",
                )
            submitted = time.monotonic() - started
            pending = Delivery.objects.filter(
                message__idempotency_key__startswith=f"bench:{run}:", channel=Channel.TELEGRAM
            )
            deadline = started + options["timeout"]
            while time.monotonic() < deadline:
                if not pending.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]).exists():
                    break
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            counts = Counter(pending.values_list("status", flat=True))
            latencies = [
                (sent - created).total_seconds()
                for created, sent in pending.filter(sent_at__isnull=False).values_list(
                    "created_at", "sent_at"
                )
            ]
        finally:
            settings.NOTIFICATIONS_QUEUE = original_queue
            self._stop(worker)
            gateway.shutdown()
            self._cleanup(run, people)
        sent = counts.get(DeliveryStatus.SENT, 0)
        duplicates = sum(count - 1 for count in gateway.sends.values() if count > 1)
        figures = {
            "deliveries": total,
            "sent": sent,
            "failed": counts.get(DeliveryStatus.FAILED, 0),
            "not_final": counts.get(DeliveryStatus.QUEUED, 0) + counts.get(DeliveryStatus.SENDING, 0),
            "gateway_requests": sum(gateway.sends.values()),
            "duplicate_sends": duplicates,
            "submit_s": round(submitted, 2),
            "elapsed_s": round(elapsed, 2),
            "deliveries_per_s": round(sent / elapsed, 1) if elapsed else 0.0,
            "latency_p50_ms": round(percentile(latencies, 0.5) * 1000),
            "latency_p99_ms": round(percentile(latencies, 0.99) * 1000),
            "latency_mean_ms": round(statistics.fmean(latencies) * 1000) if latencies else 0,
            "worker": f"{options['pool']} x{options['concurrency']}",
        }
        self.stdout.write(
            f"{sent}/{total} pengiriman terkirim dalam {elapsed:.1f} s: {figures['deliveries_per_s']} per detik; "
            f"latensi p50 {figures['latency_p50_ms']} ms, p99 {figures['latency_p99_ms']} ms; "
            f"kirim ganda {duplicates}."
        )
        self.stdout.write(json.dumps(figures))

    def _people(self, total: int, run: str) -> list[int]:
        return recipients_bench_load(total=total, run=run)

    def _stop(self, worker: subprocess.Popen) -> None:
        try:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)

    def _cleanup(self, run: str, people: list[int]) -> None:
        messages = Message.objects.filter(idempotency_key__startswith=f"bench:{run}:")
        with history_paused():  # the bench's own people leave no deletion record behind
            Delivery.objects.filter(message__in=messages).delete()
            messages.delete()
            recipients_bench_remove(person_ids=people)
