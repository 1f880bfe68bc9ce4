"""Form integrations: a KoboToolbox project or ODK Central form whose submissions become reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import IntegrationKind


class FormIntegration(models.Model):
    """One sending server (a Kobo project's REST Service, an ODK Central webhook) with its own secret.

    The secret is shown once when made or renewed; only its SHA-256 is kept (``token_hash``), so a
    copy of the database does not let anyone post submissions. Submissions of an integration tied to
    a registry person or organisation are that person's (organisation's) reports; those of an
    integration tied to neither arrive as unverified intake.

    It belongs to one kabupaten (``area``): that kabupaten's administrators manage it, and its
    submissions land there only (a place in another kabupaten waits as intake of its own kabupaten).
    """

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=10, choices=IntegrationKind.choices)
    token_hash = models.CharField(_("sidik rahasia"), max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("awal rahasia"), max_length=8, editable=False)
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("orang terverifikasi"),
        on_delete=models.PROTECT,
        related_name="form_integrations",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisasi terverifikasi"),
        on_delete=models.PROTECT,
        related_name="form_integrations",
        null=True,
        blank=True,
    )
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("kabupaten"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kabupaten pemilik integrasi: kirimannya hanya masuk ke wilayah ini."),
    )
    # Where attachments are fetched from, and the Authorization header sent there (never elsewhere).
    download_base_url = models.URLField(_("alamat unduh lampiran"), max_length=300, blank=True)
    download_authorization = models.CharField(
        _("header Authorization untuk unduh lampiran"), max_length=500, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    last_submission_at = models.DateTimeField(_("kiriman terakhir"), null=True, blank=True, editable=False)
    # Who made it, renewed its secret or switched it off, and when. Neither the secret's digest nor the
    # attachment server's credential is copied into the history; the time of the last submission
    # (written by every submission) is not a change.
    history = HistoricalRecords(
        excluded_fields=["token_hash", "download_authorization", "last_submission_at", "updated_at"]
    )

    class Meta:
        verbose_name = _("integrasi formulir")
        verbose_name_plural = _("integrasi formulir")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="formintegration_unique_name"),
            models.CheckConstraint(
                condition=Q(download_base_url="")
                | Q(download_base_url__startswith="https://")
                | Q(download_base_url__startswith="http://"),
                name="formintegration_download_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_trusted(self) -> bool:
        return self.person_id is not None or self.organisation_id is not None
