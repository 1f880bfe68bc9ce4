"""The test rig shared by chaos_escalation and bench_escalation: fictional data plus real processes.

Data (all fictional, marked ``[UJI ESKALASI <run>]`` and removed by ``cleanup`` unless kept):
a reporting account, recipients with a verified Telegram chat id and a phone number (SMS, the
fallback channel), and a policy of their own with priority 0 restricted to one desa, whose steps
notify named recipients (target "orang") and wait ``wait_minutes`` each.

Processes: a private Redis (the broker of this run only), Celery worker subprocesses consuming
``critical,default`` in their own process group, a ``celery beat`` subprocess (the escalation
auditor and the delivery sweep; its schedule kept in a file, not in the database), and a fake
Telegram/SMS gateway thread that records every request. Incidents are created in this process
through ``incidents.services.incident_create``, so the escalation starts exactly as for a user.
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from core.benchharness import (
    ManagedProcess,
    PrivateRedis,
    RecordingGateway,
    celery_worker_argv,
    database_url,
    history_paused,
    use_broker,
    wait_until,
    worker_answers,
)

MARK = "[UJI ESKALASI"
# Each run's fictional chat ids and phone numbers live in their own block, so runs never collide.
_CHAT_ID_BASE = 7_700_000_000
_PHONE_PREFIX = "+62899"
_EXTERNAL = ("telegram", "sms")


def run_label(run: str) -> str:
    return f"{MARK} {run}]"


@dataclass
class StepPlan:
    """One step of the rig's policy: how many fictional recipients it notifies."""

    recipients: int


@dataclass
class RigPolicy:
    policy: object
    area: object
    steps: list[list[object]] = field(default_factory=list)


class EscalationRig:
    """Fictional data, a private broker, real worker and beat subprocesses and a fake gateway for one run."""

    def __init__(
        self,
        *,
        run: str | None = None,
        workers: int = 1,
        pool: str = "prefork",
        concurrency: int = 4,
        beat: bool = True,
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        gateway_rate: float = 0.0,
    ) -> None:
        self.run = run or uuid.uuid4().hex[:8]
        self.label = run_label(self.run)
        self.log_dir = log_dir or Path(settings.BASE_DIR) / "var" / "escalation-runs" / self.run
        self.workers_n = workers
        self.pool = pool
        self.concurrency = concurrency
        self.with_beat = beat
        self.extra_env = env or {}
        self.redis = PrivateRedis(self.log_dir / "redis")
        self.gateway = RecordingGateway(rate=gateway_rate)
        self.gateway_rate = gateway_rate
        self.paused_rules: list[int] = []
        self.workers: list[ManagedProcess] = []
        self.beat: ManagedProcess | None = None
        self.user = None
        self.category = None
        self.people: list = []
        self.policies: list[RigPolicy] = []
        self._stack = ExitStack()
        self._numbers = itertools.count(1)

    # --- processes ---------------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        import os

        return {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis.url,
            **self.gateway.settings_env(),
            # The provider limit the workers keep: the gateway's when it enforces one, else none (the
            # engine's own speed is measured).
            "TELEGRAM_RATE_PER_S": str(self.gateway_rate),
            "TELEGRAM_RATE_PER_CHAT_PER_S": "1" if self.gateway_rate else "0",
            "SMS_GATEWAY_RATE_PER_S": str(self.gateway_rate),
            **self.extra_env,
        }

    def worker_name(self, index: int) -> str:
        return f"esc-{self.run}-{index}"

    def start(self, *, ready_timeout: float = 60.0) -> None:
        """Start Redis, the gateway, the workers and beat; return once every worker answers a ping."""
        self.redis.start()
        self._stack.callback(self.redis.stop)
        self.gateway.start()
        self._stack.callback(self.gateway.stop)
        self._stack.enter_context(use_broker(self.redis.url))
        env = self.env()
        for index in range(self.workers_n):
            worker = ManagedProcess(
                celery_worker_argv(
                    queues="critical,default",
                    concurrency=self.concurrency,
                    pool=self.pool,
                    name=self.worker_name(index),
                ),
                env=env,
                cwd=Path(settings.BASE_DIR),
                log_path=self.log_dir / f"worker-{index}.log",
            )
            worker.start()
            self._stack.callback(worker.stop)
            self.workers.append(worker)
        if self.with_beat:
            import sys

            self.beat = ManagedProcess(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "pilkada_mitigasi",
                    "beat",
                    "--scheduler",
                    "celery.beat:PersistentScheduler",
                    "--schedule",
                    str(self.log_dir / "beat-schedule"),
                    "--loglevel",
                    "INFO",
                ],
                env=env,
                cwd=Path(settings.BASE_DIR),
                log_path=self.log_dir / "beat.log",
            )
            self.beat.start()
            self._stack.callback(self.beat.stop)
        self.wait_workers_ready(timeout=ready_timeout)

    def foreign_due(self) -> int:
        """Active escalations of other incidents: this run's auditor and workers would send their alerts too."""
        from escalation.choices import EscalationStatus
        from escalation.models import Escalation

        return (
            Escalation.objects.filter(status=EscalationStatus.ACTIVE)
            .exclude(incident__title__startswith=self.label)
            .count()
        )

    def wait_workers_ready(self, *, timeout: float = 60.0) -> bool:
        names = [self.worker_name(i) for i in range(len(self.workers))]
        return wait_until(lambda: all(worker_answers(n) for n in names), timeout=timeout, interval=0.5)

    def stop(self) -> None:
        started = bool(self.workers)
        self._stack.close()
        if started:
            self.gateway.dump(self.log_dir / "gateway-requests.jsonl")
        else:
            self.gateway.server_close()

    # --- data --------------------------------------------------------------------------------------

    def setup(self, *, steps: list[int], wait_minutes: int, area_index: int = 0) -> RigPolicy:
        """Create (once) the account and category, then recipients and one policy on its own desa (no history)."""
        with history_paused():
            return self._setup(steps=steps, wait_minutes=wait_minutes, area_index=area_index)

    def _setup(self, *, steps: list[int], wait_minutes: int, area_index: int) -> RigPolicy:
        from escalation.choices import TargetKind
        from escalation.models import EscalationPolicy, EscalationPolicyStep, EscalationStepTarget
        from incidents.categories import category_defaults_ensure
        from incidents.selectors import category_list
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list

        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "Tidak dijalankan di produksi: beat dan worker uji ini menjalankan auditor eskalasi dan penyapu "
                "pengiriman untuk SELURUH basis data, sehingga peringatan sungguhan akan terkirim ke gateway palsu."
            )
        desa = list(adminunit_list(level=AdminLevel.DESA, with_parent=False)[:8])
        if len(desa) <= area_index:
            raise CommandError(
                "Belum ada data wilayah desa. Jalankan dulu: python manage.py migrate && "
                "python manage.py load_regions (atau make run)."
            )
        if self.user is None:
            User = get_user_model()
            self.user, _ = User.objects.get_or_create(
                username=f"uji.eskalasi.{self.run}",
                defaults={"first_name": "Uji eskalasi (fiktif)", "is_active": False},
            )
            category_defaults_ensure()
            self.category = category_list().first()
        area = desa[area_index]
        self._pause_grouping()
        with transaction.atomic():
            people = self._people(sum(steps))
            policy = EscalationPolicy.objects.create(
                name=f"{self.label} kebijakan {len(self.policies) + 1}",
                description="Kebijakan uji fiktif; dihapus setelah uji.",
                priority=0,
                min_severity=1,
                repeat_last_step=False,
            )
            policy.areas.set([area])
            plan = RigPolicy(policy=policy, area=area)
            offset = 0
            for order, count in enumerate(steps, start=1):
                step = EscalationPolicyStep.objects.create(
                    policy=policy, order=order, wait_minutes=wait_minutes
                )
                chosen = people[offset : offset + count]
                offset += count
                EscalationStepTarget.objects.bulk_create(
                    [EscalationStepTarget(step=step, kind=TargetKind.PERSON, person=p) for p in chosen]
                )
                plan.steps.append(chosen)
        self.policies.append(plan)
        return plan

    def _pause_grouping(self) -> None:
        """Every rig incident is one more report in the same desa and category: the alert grouping rules
        would fold them into one group. They are switched off for the run and back on in ``cleanup``."""
        from escalation.models import AlertGroupRule

        if self.paused_rules:
            return
        active = AlertGroupRule.objects.filter(is_active=True)
        self.paused_rules = list(active.values_list("id", flat=True))
        active.update(is_active=False)

    def _people(self, count: int) -> list:
        from stakeholders.bench import people_bench_load
        from stakeholders.choices import ContactKind

        start = len(self.people)
        block = int(self.run, 16) % 90_000 if re.fullmatch(r"[0-9a-f]+", self.run) else 0
        created = people_bench_load(
            rows=[
                (
                    f"{self.label} Penerima {n + 1}",
                    [
                        (ContactKind.TELEGRAM, str(_CHAT_ID_BASE + block * 1000 + n)),
                        (ContactKind.PHONE, f"{_PHONE_PREFIX}{block:05d}{n:03d}"),
                    ],
                )
                for n in range(start, start + count)
            ]
        )
        self.people += created
        return created

    def create_incident(self, plan: RigPolicy, *, severity: int = 3) -> tuple[object, float]:
        """One incident through the real service; returns it and the wall-clock time of its commit."""
        from incidents.choices import Source
        from incidents.services import incident_create

        n = next(self._numbers)
        now = timezone.now()
        stamp: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs first when the commit is done (before the step is enqueued).
            transaction.on_commit(lambda: stamp.append(time.time()))
            incident = incident_create(
                by_user=self.user,
                title=f"{self.label} insiden {n}",
                chronology="Insiden fiktif untuk uji keandalan eskalasi. Abaikan.",
                category=self.category,
                occurred_at=now - timedelta(minutes=5),
                known_at=now - timedelta(minutes=1),
                area=plan.area,
                source=Source.PETUGAS_LAPANGAN,
                severity=severity,
            )
        return incident, (stamp[0] if stamp else time.time())

    # --- reading the outcome ------------------------------------------------------------------------

    def incidents(self):
        from incidents.selectors import incident_list_titled

        return incident_list_titled(prefix=self.label)

    def escalations(self):
        from escalation.models import Escalation

        return Escalation.objects.filter(incident__title__startswith=self.label)

    def step_runs(self):
        from escalation.models import EscalationStepRun

        return EscalationStepRun.objects.filter(escalation__incident__title__startswith=self.label)

    def deliveries(self):
        from notifications.selectors import delivery_list_for_people
        from stakeholders.bench import people_bench_list

        return delivery_list_for_people(people=people_bench_list(name_prefix=self.label))

    def pending_deliveries(self) -> int:
        from notifications.choices import PENDING_STATUSES

        return self.deliveries().filter(status__in=PENDING_STATUSES).count()

    def active_escalations(self) -> int:
        from escalation.choices import EscalationStatus

        return self.escalations().filter(status=EscalationStatus.ACTIVE).count()

    def quiet(self) -> bool:
        """Nothing left to do: no escalation still active and no delivery queued or being sent."""
        return self.active_escalations() == 0 and self.pending_deliveries() == 0

    def sent_identity(self) -> dict[tuple[str, str, str], str]:
        """What the gateway receives for each external delivery of this run -> that delivery's key."""
        from notifications.channels.sms import sms_text
        from notifications.channels.telegram import telegram_text

        identity: dict[tuple[str, str, str], str] = {}
        rows = self.deliveries().filter(channel__in=_EXTERNAL).select_related("message")
        for delivery in rows.iterator(chunk_size=2000):
            if delivery.channel == "telegram":
                key = ("telegram", delivery.address, telegram_text(delivery.message))
            else:
                number = delivery.address if delivery.address.startswith("+") else f"+{delivery.address}"
                key = ("sms", number, sms_text(delivery.message))
            identity[key] = delivery.idempotency_key
        return identity

    def duplicate_sends(self) -> tuple[int, list[tuple[str, int]], int, int]:
        """(extra sends beyond one per idempotency key, [(key, times)], requests matching no delivery,
        alerts a person got on two channels: a send cut off by a kill, settled as unknown, then the fallback)."""
        identity = self.sent_identity()
        counts: Counter[str] = Counter()
        unmatched = 0
        for request in self.gateway.snapshot():
            key = identity.get((request.channel, request.address, request.text))
            if key is None:
                unmatched += 1
            else:
                counts[key] += 1
        duplicates = sorted((key, n) for key, n in counts.items() if n > 1)
        # A delivery key is "<message key>|<person id>|<channel>": the same alert on another channel.
        per_alert = Counter(key.rsplit("|", 1)[0] for key in counts)
        two_channels = sum(1 for n in per_alert.values() if n > 1)
        return sum(n - 1 for _, n in duplicates), duplicates, unmatched, two_channels

    # --- cleaning up --------------------------------------------------------------------------------

    def retire_policies(self) -> int:
        """Switch the run's policies off, so that kept data never catches a later incident."""
        from escalation.models import EscalationPolicy

        return EscalationPolicy.objects.filter(name__startswith=self.label, is_active=True).update(
            is_active=False
        )

    def cleanup(self) -> dict[str, int]:
        """Delete every row this run wrote (incidents and their escalations, messages, people, policies)."""
        with history_paused():
            return self._cleanup()

    def _cleanup(self) -> dict[str, int]:
        from escalation.models import AlertGroupRule, EscalationPolicy
        from incidents.bench import incidents_bench_remove
        from notifications.bench import messages_bench_remove
        from stakeholders.bench import people_bench_list, people_bench_remove

        counts: dict[str, int] = {}
        with transaction.atomic():
            for removed in (
                messages_bench_remove(people=people_bench_list(name_prefix=self.label)),
                incidents_bench_remove(title_prefix=self.label),
                EscalationPolicy.objects.filter(name__startswith=self.label).delete()[1],
                people_bench_remove(name_prefix=self.label),
                get_user_model().objects.filter(username=f"uji.eskalasi.{self.run}").delete()[1],
            ):
                for label, n in removed.items():
                    counts[label] = counts.get(label, 0) + n
            if self.paused_rules:
                AlertGroupRule.objects.filter(pk__in=self.paused_rules).update(is_active=True)
                self.paused_rules = []
        return counts
