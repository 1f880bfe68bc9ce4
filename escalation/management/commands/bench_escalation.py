"""Escalation performance: commit-to-first-message latency, timed-step lateness and deliveries per second.

With real Celery worker subprocesses and beat on a private Redis and a local fake Telegram gateway:

1. Latency: ``--incidents`` fictional incidents are created through ``incident_create`` at
   ``--rate`` per second; for each, the time from its commit to the first alert the gateway
   accepts (p50, p99). Each escalation's second step is due ``--wait-minutes`` later: its lateness
   against the due time (p99) is read from the step runs.
2. Throughput: ``--burst`` incidents committed in one transaction, each alerting the same
   ``--burst-recipients`` people; sustained deliveries per second = alerts the gateway accepted /
   (last acceptance - that commit). Each alert is a step run's message plus its delivery task.

With ``--gateway-rate N`` the gateway enforces a provider limit of N sends per second (429 with
``retry_after`` beyond it, as Telegram) and the workers keep the same limit through the shared token
bucket: the JSON then says how many requests were refused (``rejected_429``), the throughput
(``deliveries_per_s``) and whether any alert was sent twice (``duplicate_sends``). The workers also
keep Telegram's limit of one message per second to one chat, so the burst cannot go faster than
``--burst-recipients`` per second: ``limit_per_s`` is the lower of the two, and ``limit_used_pct``
the share of it the burst reached (the defaults, 20 incidents to 100 people, measure the gateway's).

Writes fictional data and removes it afterwards. The last line is one JSON object.
"""

from __future__ import annotations

import itertools
import json
import re
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.benchharness import percentile, wait_until

from ._escalation_rig import EscalationRig

_NUMBER = re.compile(r"ESKALASI (\S+):")


class Command(BaseCommand):
    help = (
        "Measure escalation latency (commit to first message at a fake gateway), timed-step lateness and "
        "sustained deliveries per second with real worker subprocesses. Ends with one JSON line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100, help="incidents for the latency phase")
        parser.add_argument(
            "--rate", type=float, default=5.0, help="incidents per second in the latency phase"
        )
        parser.add_argument("--recipients", type=int, default=2, help="recipients of the first step")
        parser.add_argument("--wait-minutes", type=int, default=1, help="wait before the timed second step")
        parser.add_argument("--burst", type=int, default=20, help="incidents created at once for throughput")
        parser.add_argument(
            "--burst-recipients", type=int, default=100, help="recipients of every burst incident"
        )
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument(
            "--timeout", type=float, default=600.0, help="give up a phase after this many seconds"
        )
        parser.add_argument(
            "--gateway-rate",
            type=float,
            default=0.0,
            help="the gateway accepts this many sends per second and answers 429 beyond (0: no limit)",
        )

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, **options):
        if options["incidents"] < 1 or options["burst"] < 0 or options["rate"] <= 0:
            raise CommandError("--incidents >= 1, --burst >= 0, --rate > 0")
        wait_minutes = max(0, options["wait_minutes"])
        rig = EscalationRig(
            workers=max(1, options["workers"]),
            pool=options["pool"],
            concurrency=max(1, options["concurrency"]),
            gateway_rate=max(0.0, options["gateway_rate"]),
        )
        try:
            latency_plan = rig.setup(steps=[max(1, options["recipients"]), 1], wait_minutes=wait_minutes)
            burst_plan = None
            if options["burst"]:
                burst_plan = rig.setup(
                    steps=[max(1, options["burst_recipients"])], wait_minutes=0, area_index=1
                )
            rig.start()
            self.say(f"Bench eskalasi {rig.run}: worker {options['pool']} x{options['concurrency']} siap.")
            latency = self._latency(rig, latency_plan, options, wait_minutes)
            throughput = self._throughput(rig, burst_plan, options) if burst_plan else {}
            duplicates = rig.duplicate_sends()[0]
        finally:
            rig.stop()
            removed = rig.cleanup()
        attempts = max(rig.gateway.attempts, 1)
        # One message per second to one chat (the rig's TELEGRAM_RATE_PER_CHAT_PER_S under a limit).
        limit = min(rig.gateway_rate, float(max(1, options["burst_recipients"]))) if rig.gateway_rate else 0.0
        figures = {
            **latency,
            **throughput,
            "gateway_rate": rig.gateway_rate,
            "limit_per_s": limit,
            "limit_used_pct": round(100 * throughput.get("deliveries_per_s", 0) / limit, 1)
            if limit
            else None,
            "gateway_requests": rig.gateway.attempts,
            "rejected_429": rig.gateway.rejected,
            "rejected_429_pct": round(100 * rig.gateway.rejected / attempts, 2),
            "duplicate_sends": duplicates,
            "worker": f"{options['workers']} x {options['pool']} x{options['concurrency']}",
            "cleaned": removed,
        }
        self.say(
            f"Pesan pertama p50 {figures['first_delivery_p50_ms']} ms, p99 {figures['first_delivery_p99_ms']} ms; "
            f"keterlambatan langkah berjangka p99 {figures['step_lateness_p99_s']} s; "
            f"{figures.get('deliveries_per_s', 0)} pengiriman per detik"
            + (
                f" (batas gateway {figures['gateway_rate']}/s, batas berlaku {figures['limit_per_s']}/s, "
                f"terpakai {figures['limit_used_pct']} %, {figures['rejected_429']} dijawab 429, "
                f"{figures['duplicate_sends']} terkirim ganda)."
                if figures["gateway_rate"]
                else "."
            )
        )
        self.stdout.write(json.dumps(figures, default=str))

    def _first_arrivals(self, rig: EscalationRig) -> dict[str, float]:
        first: dict[str, float] = {}
        for request in rig.gateway.snapshot():
            match = _NUMBER.search(request.text)
            if match and (match.group(1) not in first or request.at < first[match.group(1)]):
                first[match.group(1)] = request.at
        return first

    def _latency(self, rig: EscalationRig, plan, options, wait_minutes: int) -> dict:
        total, interval = options["incidents"], 1.0 / options["rate"]
        commits: dict[str, float] = {}
        ids = []
        started = time.monotonic()
        for n in range(total):
            incident, committed = rig.create_incident(plan)
            commits[incident.number] = committed
            ids.append(incident.pk)
            pause = started + (n + 1) * interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self.say(f"  {total} insiden dibuat dalam {time.monotonic() - started:.1f} s")
        expected_runs = 2 * total
        runs = rig.step_runs().filter(escalation__incident_id__in=ids)
        done = wait_until(
            lambda: runs.count() >= expected_runs and rig.pending_deliveries() == 0,
            timeout=wait_minutes * 60 + options["timeout"],
            interval=1.0,
        )
        if not done:
            self.say(f"  batas waktu: {runs.count()}/{expected_runs} langkah dijalankan")
        first = self._first_arrivals(rig)
        latencies = [(first[number] - at) * 1000 for number, at in commits.items() if number in first]
        timed = list(runs.filter(step_index__gt=0).values_list("lateness_s", flat=True))
        immediate = list(runs.filter(step_index=0).values_list("lateness_s", flat=True))
        return {
            "incidents": total,
            "first_delivery_n": len(latencies),
            "first_delivery_p50_ms": round(percentile(latencies, 0.5)),
            "first_delivery_p99_ms": round(percentile(latencies, 0.99)),
            "first_delivery_max_ms": round(max(latencies, default=0.0)),
            "timed_steps": len(timed),
            "step_lateness_p50_s": round(percentile(timed, 0.5), 2),
            "step_lateness_p99_s": round(percentile(timed, 0.99), 2),
            "step_lateness_max_s": round(max(timed, default=0.0), 2),
            "first_step_lateness_p99_s": round(percentile(immediate, 0.99), 2),
        }

    def _throughput(self, rig: EscalationRig, plan, options) -> dict:
        before = len(rig.gateway.snapshot())
        count, per = options["burst"], max(1, options["burst_recipients"])
        expected = count * per
        started = time.monotonic()
        # One transaction: every step task is enqueued at the same commit, so the clock measures the
        # workers and the gateway, not how fast this one process can create incidents.
        stamp: list[float] = []
        with transaction.atomic():
            transaction.on_commit(lambda: stamp.append(time.time()))  # first: runs before the enqueues
            for _ in range(count):
                rig.create_incident(plan)
        submit_s = time.monotonic() - started
        first_commit = stamp[0]
        wait_until(lambda: len(rig.gateway.snapshot()) - before >= expected, timeout=options["timeout"])
        accepted = rig.gateway.snapshot()[before:]
        last = max((r.at for r in accepted), default=first_commit)
        elapsed = max(last - first_commit, 1e-6)
        gaps = [b.at - a.at for a, b in itertools.pairwise(accepted)]
        return {
            "burst_incidents": count,
            "burst_deliveries": expected,
            "burst_accepted": len(accepted),
            "burst_submit_s": round(submit_s, 2),
            "burst_elapsed_s": round(elapsed, 2),
            "deliveries_per_s": round(len(accepted) / elapsed, 1),
            "burst_gap_mean_ms": round(statistics.fmean(gaps) * 1000, 2) if gaps else 0.0,
        }
