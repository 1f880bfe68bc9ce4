"""An incident's timeline (machine-written events with old and new values) and internal notes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EventKind
from .incident import Incident


class IncidentEvent(models.Model):
    """One entry of an incident's timeline: who did what when, with old and new values.

    Written by every service in the same transaction as the change it records.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    old = models.JSONField(_("nilai lama"), default=dict, blank=True)
    new = models.JSONField(_("nilai baru"), default=dict, blank=True)
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    # The incident's version after this change (optimistic locking explains a refusal from these).
    version = models.PositiveIntegerField(_("versi"), default=0)

    class Meta:
        verbose_name = _("peristiwa linimasa")
        verbose_name_plural = _("linimasa insiden")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["incident", "at"], name="incidentevent_incident_idx"),
            # The situation report reads one day of the whole timeline.
            models.Index(fields=["at"], name="incidentevent_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def changes(self) -> list[tuple[str, str | None, str]]:
        """(field label, old value label or None, new value label); private keys (``_...``) are left out."""
        return [
            (
                incident_field_label(key),
                incident_value_label(key, self.old[key]) if key in self.old else None,
                incident_value_label(key, value),
            )
            for key, value in self.new.items()
            if not key.startswith("_")
        ]

    @property
    def alarm(self) -> bool:
        """True when the writer flagged the event as bad news (``_alarm``, e.g. an alert that reached
        nobody at some seat): the timeline shows it in red."""
        return bool(self.new.get("_alarm"))


def incident_field_label(name: str) -> str:
    """The Indonesian label of an Incident field for the timeline ("severity" -> "tingkat keparahan")."""
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # timeline keys that are not fields keep their name
        return name


def incident_value_label(name: str, value) -> str:
    """A timeline value as a person reads it: a choice's label, a related row's label, '-' for empty."""
    if isinstance(value, dict):
        return str(value.get("label", value.get("id", "")))
    if value in (None, ""):
        return "-"
    try:
        choices = dict(Incident._meta.get_field(name).flatchoices)
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))


class IncidentNote(models.Model):
    """An internal note by an official, separate from the machine timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("catatan internal")
        verbose_name_plural = _("catatan internal")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
