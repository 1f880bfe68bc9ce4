"""Chaos test of the escalation engine: real workers killed every few seconds, the broker restarted once.

Creates N fictional incidents through ``incidents.services.incident_create`` (each starts an
escalation under the run's own policy: three steps, one minute apart by default), with real Celery
worker subprocesses and beat on a private Redis, SIGKILLs the worker process group every
``--kill-every`` seconds (starting it again at once), kills Redis (no persistence: every queued
message is lost) and starts it again once, halfway through creating the incidents, then waits for
quiet and prints what was lost, stuck, sent twice or late. The last line is one JSON object.

It writes data (incidents marked ``[UJI ESKALASI <run>]``, fictional recipients, a policy) and
removes it at the end unless ``--keep`` is given. Worker, beat and Redis logs stay in
``var/escalation-runs/<run>/``.
"""

from __future__ import annotations

import json
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from core.benchharness import percentile, wait_until

from ._escalation_rig import EscalationRig


def _steps(value: str) -> list[int]:
    try:
        steps = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise CommandError("--steps: daftar angka dipisah koma, mis. 2,1,1") from exc
    if not steps or any(n < 1 for n in steps):
        raise CommandError("--steps: setiap langkah perlu paling sedikit satu penerima")
    return steps


class Chaos(threading.Thread):
    """Every ``interval`` seconds: SIGKILL every worker's process group and start it again; once: Redis."""

    def __init__(self, rig: EscalationRig, *, interval: float, log) -> None:
        super().__init__(name="chaos", daemon=True)
        self.rig = rig
        self.interval = interval
        self.log = log
        self.stop_event = threading.Event()
        self.redis_due = threading.Event()
        self.redis_restarts = 0
        self.beat_restarts = 0

    def run(self) -> None:
        next_kill = time.monotonic() + self.interval
        while not self.stop_event.wait(0.2):
            if self.redis_due.is_set() and not self.redis_restarts:
                self.rig.redis.kill()
                self.log("chaos: Redis dibunuh (SIGKILL, semua pesan antrean hilang)")
                time.sleep(1.0)
                self.rig.redis.start()
                self.redis_restarts += 1
                self.log("chaos: Redis dinyalakan lagi")
            if time.monotonic() >= next_kill:
                for worker in self.rig.workers:
                    worker.restart()
                self.log(f"chaos: grup proses worker dibunuh (SIGKILL) dan dinyalakan lagi ({self.kills})")
                next_kill = time.monotonic() + self.interval
            if self.rig.beat is not None and not self.rig.beat.alive():
                self.rig.beat.start()
                self.beat_restarts += 1

    @property
    def kills(self) -> int:
        return sum(worker.kills for worker in self.rig.workers)


class Command(BaseCommand):
    help = (
        "Chaos test of escalation: N incidents through the real service, real workers SIGKILLed every 10 s, "
        "Redis restarted once; prints missed steps, stuck deliveries, duplicate sends and worst lateness. "
        "Writes fictional data and removes it afterwards (--keep keeps it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=1000, help="incidents to create (default 1000)")
        parser.add_argument(
            "--steps", default="2,1,1", help="recipients per step of the run's policy (default 2,1,1)"
        )
        parser.add_argument("--wait-minutes", type=int, default=1, help="wait after each step (default 1)")
        parser.add_argument("--kill-every", type=float, default=10.0, help="seconds between worker kills")
        parser.add_argument("--calm", action="store_true", help="no kills and no Redis restart (baseline)")
        parser.add_argument("--workers", type=int, default=1, help="worker process groups")
        parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument(
            "--claim-timeout",
            type=float,
            default=30.0,
            help="NOTIFICATIONS_CLAIM_TIMEOUT_S for the workers: when a send cut off by a kill is settled",
        )
        parser.add_argument(
            "--sweep-grace",
            type=float,
            default=30.0,
            help="NOTIFICATIONS_SWEEP_GRACE_S for the workers: when a queued delivery whose message was lost is re-sent",
        )
        parser.add_argument(
            "--audit-interval", type=int, default=5, help="ESCALATION_AUDIT_INTERVAL_S for beat (default 5)"
        )
        parser.add_argument("--quiet-timeout", type=float, default=600.0, help="longest wait for quiet (s)")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the run's incidents and people (its policy is switched off)",
        )
        parser.add_argument(
            "--cleanup", metavar="RUN", help="only remove the data a --keep run left, then stop"
        )

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, **options):
        if options["cleanup"]:
            removed = EscalationRig(run=options["cleanup"]).cleanup()
            self.say(f"Data uji {options['cleanup']} dihapus: {removed}.")
            return
        total = options["incidents"]
        if total < 1:
            raise CommandError("--incidents paling sedikit 1")
        steps = _steps(options["steps"])
        wait_minutes = max(0, options["wait_minutes"])
        rig = EscalationRig(
            workers=max(1, options["workers"]),
            pool=options["pool"],
            concurrency=max(1, options["concurrency"]),
            env={
                "NOTIFICATIONS_CLAIM_TIMEOUT_S": str(options["claim_timeout"]),
                "NOTIFICATIONS_SWEEP_GRACE_S": str(options["sweep_grace"]),
                "ESCALATION_AUDIT_INTERVAL_S": str(max(1, options["audit_interval"])),
            },
        )
        self.say(
            f"Uji chaos eskalasi {rig.run}: {total} insiden, langkah {steps}, tunggu {wait_minutes} menit."
        )
        self.say(f"Log worker, beat dan Redis: {rig.log_dir}")
        chaos = None
        try:
            plan = rig.setup(steps=steps, wait_minutes=wait_minutes)
            foreign = rig.foreign_due()
            if foreign:
                self.say(
                    f"PERHATIAN: {foreign} eskalasi lain masih aktif di basis data ini; auditor uji ini juga akan "
                    "menjalankannya dan pesannya masuk ke gateway palsu (dihitung sebagai unmatched_requests)."
                )
            rig.start()
            self.say(
                f"{len(rig.workers)} worker ({options['pool']} x{options['concurrency']}) dan beat siap."
            )
            chaos = Chaos(rig, interval=options["kill_every"], log=self.say)
            started = time.monotonic()
            if not options["calm"]:
                chaos.start()
            create_errors = self._create(rig, plan, total, chaos)
            created_s = time.monotonic() - started
            first = rig.escalations().select_related("policy").first()
            if first is not None and first.policy_id != plan.policy.pk:
                raise CommandError(
                    f"Insiden uji tertangkap kebijakan lain: {first.policy_snapshot.get('name')}"
                )
            # Keep the chaos going until the last incident's last step has fallen due.
            chaos_until = time.monotonic() + (len(steps) - 1) * wait_minutes * 60 + options["kill_every"]
            while chaos.is_alive() and time.monotonic() < chaos_until and not rig.quiet():
                time.sleep(1)
            if chaos.is_alive():
                chaos.stop_event.set()
                chaos.join()
            for worker in rig.workers:
                if not worker.alive():
                    worker.start()
            chaos_s = time.monotonic() - started
            self.say(
                "Chaos selesai; menunggu tenang (tidak ada eskalasi aktif, tidak ada pengiriman tertunda)."
            )
            quiet = self._wait_quiet(rig, options["quiet_timeout"])
            quiet_s = time.monotonic() - started
            figures = self._figures(rig, total, steps, create_errors, chaos)
            figures.update(
                {
                    "quiet": quiet,
                    "create_s": round(created_s, 1),
                    "chaos_s": round(chaos_s, 1),
                    "elapsed_s": round(quiet_s, 1),
                    "calm": options["calm"],
                    "run": rig.run,
                }
            )
        finally:
            if chaos is not None and chaos.is_alive():
                chaos.stop_event.set()
                chaos.join()
            rig.stop()
            if not options["keep"]:
                removed = rig.cleanup()
                self.say(f"Data uji dihapus: {removed}.")
            else:
                rig.retire_policies()
                self.say(
                    f"Data uji disimpan (--keep): judul diawali {rig.label}; kebijakannya dinonaktifkan. "
                    f"Hapus dengan: manage.py chaos_escalation --cleanup {rig.run}"
                )
        self._report(figures)

    def _create(self, rig: EscalationRig, plan, total: int, chaos: Chaos) -> int:
        errors = 0
        for n in range(total):
            try:
                rig.create_incident(plan)
            except Exception as exc:  # the broker may be down for a moment: the incident is committed anyway
                errors += 1
                if errors <= 5:
                    self.say(f"  insiden {n + 1}: {exc.__class__.__name__}: {str(exc)[:120]}")
            if n + 1 == max(1, total // 2):
                chaos.redis_due.set()
            if (n + 1) % 100 == 0:
                self.say(f"  {n + 1}/{total} insiden dibuat")
        return errors

    def _wait_quiet(self, rig: EscalationRig, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        last = 0.0
        while time.monotonic() < deadline:
            if wait_until(rig.quiet, timeout=5, interval=1.0):
                return True
            if time.monotonic() - last > 15:
                last = time.monotonic()
                self.say(
                    f"  menunggu: {rig.active_escalations()} eskalasi aktif, "
                    f"{rig.pending_deliveries()} pengiriman tertunda"
                )
        return rig.quiet()

    def _figures(self, rig: EscalationRig, total: int, steps: list[int], create_errors: int, chaos) -> dict:
        from django.db.models import Count

        from escalation.choices import EscalationStatus
        from notifications.choices import PENDING_STATUSES

        expected = len(steps)
        incidents = rig.incidents().count()
        escalations = list(rig.escalations().values("id", "incident_id", "status", "run_count"))
        with_escalation = {row["incident_id"] for row in escalations}
        missed = expected * (incidents - len(with_escalation))
        for row in escalations:
            missed += max(0, expected - row["run_count"])
        runs = rig.step_runs()
        lateness = list(runs.values_list("lateness_s", flat=True))
        repeated = (
            runs.values("escalation_id", "step_index", "repeat")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        statuses = dict(
            rig.deliveries().values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        channels = dict(
            rig.deliveries()
            .exclude(channel__in=["in_app"])
            .values_list("channel")
            .annotate(n=Count("id"))
            .values_list("channel", "n")
        )
        duplicate_sends, duplicates, unmatched, two_channels = rig.duplicate_sends()
        for key, times in duplicates:
            self.say(f"  KIRIM GANDA: {key} diterima gateway {times} kali")
        return {
            "incidents": incidents,
            "incidents_requested": total,
            "create_errors": create_errors,
            "escalations": len(escalations),
            "escalations_exhausted": sum(1 for r in escalations if r["status"] == EscalationStatus.EXHAUSTED),
            "steps_expected": expected * incidents,
            "steps_run": len(lateness),
            "steps_missed": missed,
            "steps_run_twice": repeated,
            "deliveries": sum(statuses.values()),
            "deliveries_by_status": statuses,
            "external_by_channel": channels,
            "deliveries_stuck": sum(statuses.get(s, 0) for s in PENDING_STATUSES),
            "gateway_requests": len(rig.gateway.snapshot()),
            "duplicate_sends": duplicate_sends,
            "unmatched_requests": unmatched,
            "alerts_on_two_channels": two_channels,
            "worst_lateness_s": round(max(lateness, default=0.0), 1),
            "lateness_p99_s": round(percentile(lateness, 0.99), 1),
            "worker_kills": chaos.kills if chaos is not None else 0,
            "redis_restarts": chaos.redis_restarts if chaos is not None else 0,
            "beat_restarts": chaos.beat_restarts if chaos is not None else 0,
        }

    def _report(self, figures: dict) -> None:
        self.say(
            f"{figures['incidents']} insiden, {figures['steps_run']}/{figures['steps_expected']} langkah dijalankan; "
            f"langkah terlewat {figures['steps_missed']}, pengiriman macet {figures['deliveries_stuck']}, "
            f"kirim ganda {figures['duplicate_sends']}, keterlambatan terburuk {figures['worst_lateness_s']} s "
            f"({figures['worker_kills']} kali worker dibunuh, Redis dimulai ulang {figures['redis_restarts']} kali)."
        )
        self.stdout.write(json.dumps(figures, default=str))
