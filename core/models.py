"""The one background-job model: every long task (export, report, import, certificates) is a row of it.

``BackgroundJob`` is abstract: each app's job model inherits it and adds its own fields (parameters,
result files, counts). The row is the source of truth; the Celery message only says "run job N".
A worker claims the row (queued -> running, with a fresh ``claim_token``), writes ``heartbeat_at``
while it works, and finishes or fails it. A worker that dies leaves a running row whose heartbeat
goes stale; the beat task ``core.tasks.background_jobs_recover`` queues it again (a bounded number
of times) or fails it with a reason the user reads. See ``core.jobs`` for the services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import ACTIVE_JOB_STATUSES, JobStatus


class BackgroundJob(models.Model):
    """A unit of background work with progress, a claim by one worker at a time and recovery."""

    # Set (not stored) when another worker has taken the job over; core.jobs stops writing then.
    _claim_lost: bool = False

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("selesai diproses"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    # What the job is doing now (or did), for the user; failures go to ``error``.
    message = models.TextField(_("pesan"), blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diminta pada"), default=timezone.now)
    # When the job was last put on the queue (a message lost with the broker is sent again after a while).
    queued_at = models.DateTimeField(_("masuk antrean"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tanda hidup terakhir"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    worker = models.CharField(_("pekerja"), max_length=200, blank=True)
    claim_token = models.UUIDField(_("token klaim"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)

    # The Celery task (by name) that runs a job of this model; see ``job_task_name``.
    job_task: str = ""
    # A template rendered under the progress bar once the job has finished (download link, summary).
    progress_result_template: str = ""
    # Reload the whole page when the job finishes (the page shows more than the bar: e.g. rejected rows).
    progress_refresh_page: bool = False

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["status", "heartbeat_at"],
                condition=Q(status__in=list(ACTIVE_JOB_STATUSES)),
                name="%(class)s_active",
            )
        ]

    def job_task_name(self) -> str:
        """The task that runs this job now (a job made of steps may answer per step)."""
        return self.job_task

    def get_progress_url(self) -> str:
        """The URL answering the progress partial (polled by htmx while the job is active)."""
        raise NotImplementedError

    @property
    def job_label(self) -> str:
        return str(capfirst(self._meta.verbose_name))

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0


class ImportMapping(models.Model):
    """The column mapping a clerk chose for one header shape of one import, used for the next such file."""

    spec = models.CharField(_("impor"), max_length=60)
    signature = models.CharField(_("bentuk kepala kolom"), max_length=64)
    header = models.JSONField(_("kepala kolom"), default=list)
    # {"<header position>": "<column key>" | ""}; "" = the column is ignored.
    mapping = models.JSONField(_("pemetaan"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kolom impor")
        verbose_name_plural = _("pemetaan kolom impor")
        constraints = [
            models.UniqueConstraint(fields=["spec", "signature"], name="importmapping_unique_shape")
        ]

    def __str__(self) -> str:
        return f"{self.spec} {self.signature[:8]}"
