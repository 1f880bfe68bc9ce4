"""Services of background jobs: enqueue, claim, progress with a heartbeat, finish, fail, recover.

The life of a job (a row of a ``core.models.BackgroundJob`` subclass):

1. A service creates the row and calls ``job_enqueue`` (the task is sent after commit).
2. The task calls ``job_run(Model, job_id, run)``: ``job_claim`` takes the row (queued -> running,
   a new ``claim_token``) or returns None when the row is not queued (a redelivered or duplicate
   message), so running a task twice does the work once.
3. While ``run(job)`` works, a heartbeat thread writes ``heartbeat_at`` and the progress that
   ``job_progress`` recorded in memory, every ``BACKGROUND_JOB_HEARTBEAT_S``, on its own database
   connection: the progress shows even while ``run`` is inside a long transaction. (Called inside
   a transaction itself, e.g. by the demo, ``job_run`` runs without the thread.)
4. ``run`` ends with ``job_finish(job, **fields)`` (``job_run`` does it if ``run`` did not); an
   exception ends it with ``job_fail`` and a reason in Bahasa Indonesia the user reads.
5. If the worker dies, the heartbeat stops. ``jobs_recover`` (beat) queues a running job whose
   heartbeat is older than ``BACKGROUND_JOB_STALE_S`` again, up to ``BACKGROUND_JOB_MAX_ATTEMPTS``
   claims, then fails it; a queued job whose message was lost is sent again after
   ``BACKGROUND_JOB_QUEUED_GRACE_S``.

A claim lost to the recovery (the worker was only slow) is noticed by the heartbeat; the next
``job_progress`` raises ``JobClaimLost`` and ``job_finish`` refuses, so two workers never both
finish one job.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import JobStatus
from .conf import queue_default
from .models import BackgroundJob
from .tasks import enqueue_on_commit

# A concrete job model: what goes in comes out, typed as itself.
J = TypeVar("J", bound=BackgroundJob)

logger = logging.getLogger(__name__)


class JobClaimLost(Exception):
    """This worker no longer holds the job: the recovery gave it to another, or it was finished."""


def _setting(name: str, default):
    return getattr(settings, name, default)


def job_models() -> list[type[BackgroundJob]]:
    """Every concrete job model of the installed apps."""
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


def worker_name() -> str:
    """Who runs this job: the Celery node name when in a task, and the process id."""
    from celery import current_task

    hostname = getattr(getattr(current_task, "request", None), "hostname", None) or socket.gethostname()
    return f"{hostname} pid {os.getpid()}"[:200]


def job_enqueue(job: J, *, queue: str | None = None) -> J:
    """Mark the job queued now and send its task once the current transaction commits."""
    now = timezone.now()
    type(job)._default_manager.filter(pk=job.pk).update(queued_at=now)
    job.queued_at = now
    enqueue_on_commit(job.job_task_name(), job.pk, queue=queue or queue_default())
    return job


def job_reset(job: BackgroundJob) -> BackgroundJob:
    """Make a job queued afresh for another step of it (attempts count from zero again); the caller saves."""
    job.status = JobStatus.QUEUED
    job.attempts = job.done = job.total = 0
    job.error = job.message = job.worker = ""
    job.claim_token = job.started_at = job.heartbeat_at = job.finished_at = None
    return job


@transaction.atomic
def job_claim(*, model: type[J], job_id: int, worker: str = "") -> J | None:
    """Take a queued job for this worker (running, a new claim token); None if it is not queued."""
    job = model._default_manager.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return None
    now = timezone.now()
    job.status = JobStatus.RUNNING
    job.claim_token = uuid.uuid4()
    job.worker = (worker or worker_name())[:200]
    job.attempts += 1
    job.started_at = job.heartbeat_at = now
    job.finished_at = None
    job.error = ""
    job.save(
        update_fields=[
            "status",
            "claim_token",
            "worker",
            "attempts",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "error",
        ]
    )
    return job


def job_progress(
    job: BackgroundJob, *, done: int | None = None, total: int | None = None, message: str | None = None
) -> None:
    """Record progress in memory (cheap: call it every row); the heartbeat writes it to the row.

    Raises ``JobClaimLost`` once the heartbeat found that this worker no longer holds the job.
    """
    if getattr(job, "_claim_lost", False):
        raise JobClaimLost(f"{job._meta.label} {job.pk}")
    if done is not None:
        job.done = done
    if total is not None:
        job.total = total
    if message is not None:
        job.message = message


def job_beat(job: BackgroundJob) -> None:
    """Write the heartbeat and the progress now; ``JobClaimLost`` if the claim is gone."""
    written = (
        type(job)
        ._default_manager.filter(pk=job.pk, status=JobStatus.RUNNING, claim_token=job.claim_token)
        .update(heartbeat_at=timezone.now(), done=job.done, total=job.total, message=job.message)
    )
    if not written:
        job._claim_lost = True
        raise JobClaimLost(f"{job._meta.label} {job.pk}")


class JobHeartbeat:
    """A thread that calls ``job_beat`` every ``BACKGROUND_JOB_HEARTBEAT_S`` while the block runs."""

    def __init__(self, job: BackgroundJob, interval: float | None = None):
        self.job = job
        self.interval = float(interval or _setting("BACKGROUND_JOB_HEARTBEAT_S", 5.0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{job._meta.label}-{job.pk}")
        self._thread.daemon = True

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    job_beat(self.job)
                except JobClaimLost:
                    if self.job.status == JobStatus.RUNNING:  # not merely finished meanwhile
                        logger.warning("%s %s: claim lost; this run stops", self.job._meta.label, self.job.pk)
                    return
                except Exception:  # a database blip: the next beat tries again
                    logger.exception("heartbeat of %s %s failed", self.job._meta.label, self.job.pk)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> JobHeartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 10)


def _locked_own(job: BackgroundJob) -> BackgroundJob | None:
    """The job's row, locked, if this run may still write its outcome (its claim, or no claim at all)."""
    locked = type(job)._default_manager.select_for_update().get(pk=job.pk)
    if job.claim_token is not None and (
        locked.claim_token != job.claim_token or locked.status != JobStatus.RUNNING
    ):
        return None
    return locked


@transaction.atomic
def job_finish(job: BackgroundJob, *, message: str | None = None, **fields) -> BackgroundJob:
    """Mark the job done with its own result ``fields``; ``JobClaimLost`` if another worker holds it."""
    if _locked_own(job) is None:
        job._claim_lost = True
        raise JobClaimLost(f"{job._meta.label} {job.pk}")
    now = timezone.now()
    job.status = JobStatus.DONE
    job.finished_at = job.heartbeat_at = now
    job.done = max(job.done, job.total)
    if message is not None:
        job.message = message
    for name, value in fields.items():
        setattr(job, name, value)
    job.claim_token = None
    job.full_clean(exclude=["created_by"])
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "heartbeat_at",
            "done",
            "total",
            "message",
            "claim_token",
            *fields,
        ]
    )
    return job


@transaction.atomic
def job_fail(job: BackgroundJob, *, error: str, **fields) -> BackgroundJob:
    """Mark the job failed with a reason the user reads; does nothing if another worker holds it."""
    if _locked_own(job) is None:
        return job
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    job.error = str(error)[:2000]
    job.claim_token = None
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "finished_at", "error", "claim_token", "done", "total", *fields])
    return job


def job_run(model: type[J], job_id: int, run: Callable[[J], object], *, worker: str = "") -> str:
    """Claim the job, run ``run(job)`` with a heartbeat, and record how it ended. Safe to call twice.

    Returns "skipped" (not queued), "done", "failed" or "lost" (another worker took it over).
    """
    job = job_claim(model=model, job_id=job_id, worker=worker)
    if job is None:
        return "skipped"
    # Run inside a caller's transaction (a demo, a test), the claim is not visible to another
    # connection: no heartbeat then; the outcome is written when the caller commits.
    heartbeat = contextlib.nullcontext() if connection.in_atomic_block else JobHeartbeat(job)
    with heartbeat:
        try:
            run(job)
            if job.status == JobStatus.RUNNING:
                job_finish(job)
        except JobClaimLost:
            logger.warning("%s %s was taken over by another worker", model._meta.label, job_id)
            return "lost"
        except ValidationError as exc:  # the input itself is refused: the message is for the user
            job_fail(job, error=" ".join(exc.messages))
            return "failed"
        except SoftTimeLimitExceeded:
            logger.warning("%s %s ran out of time", model._meta.label, job_id)
            job_fail(
                job,
                error=_("Proses melewati batas waktu dan dihentikan. Persempit permintaan lalu coba lagi."),
            )
            return "failed"
        except Exception as exc:
            logger.exception("%s %s failed", model._meta.label, job_id)
            job_fail(
                job,
                error=_("Proses gagal karena galat tak terduga (%(error)s). Coba lagi atau hubungi admin.")
                % {"error": exc.__class__.__name__},
            )
            return "failed"
    return "done"


def _stale_q(cutoff: datetime) -> Q:
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )


def jobs_recover(*, now: datetime | None = None) -> dict[str, int]:
    """Queue again every running job whose worker died, or fail it after too many attempts (beat).

    Also sends again the task of a job queued so long ago that its message was probably lost.
    """
    now = now or timezone.now()
    stale_after = timedelta(seconds=float(_setting("BACKGROUND_JOB_STALE_S", 60.0)))
    queued_grace = timedelta(seconds=float(_setting("BACKGROUND_JOB_QUEUED_GRACE_S", 600.0)))
    max_attempts = int(_setting("BACKGROUND_JOB_MAX_ATTEMPTS", 3))
    batch = int(_setting("BACKGROUND_JOB_RECOVER_BATCH", 200))
    result = {"requeued": 0, "failed": 0, "resent": 0}
    for model in job_models():
        with transaction.atomic():
            stale = list(
                model._default_manager.select_for_update(skip_locked=True).filter(
                    _stale_q(now - stale_after)
                )[:batch]
            )
            for job in stale:
                job.claim_token = None
                job.worker = ""
                job.heartbeat_at = None
                if job.attempts >= max_attempts:
                    job.status = JobStatus.FAILED
                    job.finished_at = now
                    job.error = _(
                        "Proses dihentikan: pekerja latar belakang berhenti %(n)s kali sebelum selesai. "
                        "Silakan minta ulang."
                    ) % {"n": job.attempts}
                    result["failed"] += 1
                else:
                    job.status = JobStatus.QUEUED
                    job.queued_at = now
                    job.message = _(
                        "Pekerja sebelumnya berhenti; diproses ulang (percobaan %(next)s dari %(max)s)."
                    ) % {"next": job.attempts + 1, "max": max_attempts}
                    enqueue_on_commit(job.job_task_name(), job.pk, queue=queue_default())
                    result["requeued"] += 1
                job.save(
                    update_fields=[
                        "status",
                        "claim_token",
                        "worker",
                        "heartbeat_at",
                        "finished_at",
                        "error",
                        "queued_at",
                        "message",
                    ]
                )
            lost = list(
                model._default_manager.select_for_update(skip_locked=True)
                .annotate(last_queued=Coalesce("queued_at", "created_at"))
                .filter(status=JobStatus.QUEUED, last_queued__lt=now - queued_grace)[:batch]
            )
            for job in lost:
                model._default_manager.filter(pk=job.pk).update(queued_at=now)
                enqueue_on_commit(job.job_task_name(), job.pk, queue=queue_default())
                result["resent"] += 1
    return result
