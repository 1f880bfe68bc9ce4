"""Coordination meetings (rakor): a forum's or an ad-hoc group's meeting, its invitees and their
attendance, its minutes; its decisions are tracked actions (``TrackedAction.meeting``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check

from ..choices import AttendanceMark, MeetingStatus


class Meeting(models.Model):
    """A coordination meeting of a forum (Forkopimda, Forkopimcam, Tim Terpadu, Tiga Pilar) or of an
    ad-hoc group, in an area; ``area_code`` copies ``area.code`` for scoping, as for incidents."""

    title = models.CharField(_("judul rapat"), max_length=250)
    forum = models.ForeignKey(
        "stakeholders.Forum",
        verbose_name=_("forum"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    group_label = models.CharField(_("kelompok (tanpa forum)"), max_length=200, blank=True)
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    starts_at = models.DateTimeField(_("waktu mulai"))
    place = models.CharField(_("tempat"), max_length=250)
    agenda = models.TextField(_("agenda"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DIJADWALKAN
    )
    minutes = models.TextField(_("notulen"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("notulen dicatat"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")
        ordering = ["-starts_at", "-id"]
        constraints = [
            date_range_check("meeting", "starts_at", datetime_field=True),
            models.CheckConstraint(
                condition=Q(forum__isnull=False) | ~Q(group_label=""), name="meeting_forum_or_group"
            ),
        ]
        indexes = [
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="meeting_area_prefix_idx"
            ),
            models.Index(fields=["starts_at"], name="meeting_starts_idx"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting_detail", args=[self.pk])

    @property
    def group_name(self) -> str:
        return self.forum.name if self.forum_id else self.group_label


class MeetingInvitee(models.Model):
    """A person from the registry invited to a meeting, and whether they attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(
        "stakeholders.Person", verbose_name=_("orang"), on_delete=models.PROTECT, related_name="+"
    )
    role_label = models.CharField(_("jabatan / kursi"), max_length=200, blank=True)
    # The notification that carried the invitation (empty until sent); reach is read from its deliveries.
    invitation_key = models.CharField(max_length=120, blank=True)
    invited_at = models.DateTimeField(_("undangan dikirim"), null=True, blank=True)
    attended = models.BooleanField(_("hadir"), default=False)
    attendance_mark = models.CharField(
        _("dicatat lewat"), max_length=10, choices=AttendanceMark.choices, blank=True
    )
    attendance_at = models.DateTimeField(_("kehadiran dicatat"), null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("undangan rapat")
        verbose_name_plural = _("undangan rapat")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meetinginvitee_once")]

    def __str__(self) -> str:
        return str(self.person)
