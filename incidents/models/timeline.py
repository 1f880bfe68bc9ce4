"""An incident's timeline (machine-written events with old and new values) and internal notes."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..choices import EventKind, EvidenceKind, IncidentKind, LinkKind, ReferralTarget
from .incident import Incident

# Timeline keys that are not Incident fields (or mean something else in that kind of event), by event
# kind: their label, and the choices their values come from. A key missing here falls back to the
# Incident field of that name.
_EVENT_KEYS: dict[str, dict[str, tuple]] = {
    EventKind.EVIDENCE: {
        "name": (_("nama berkas"), None),
        "kind": (_("jenis bukti"), EvidenceKind),
        "size": (_("ukuran"), "size"),
        "removed": (_("dihapus, alasan"), None),
    },
    EventKind.FOLLOW_UP: {
        "description": (_("uraian"), None),
        "owner": (_("pelaksana"), None),
        "due_date": (_("tenggat"), None),
        "done": (_("selesai"), None),
    },
    EventKind.REFERRAL: {
        "target": (_("dirujuk ke"), ReferralTarget),
        "register_number": (_("nomor register"), None),
        "referred_at": (_("waktu rujukan"), None),
    },
    EventKind.LINK: {
        "kind": (_("jenis tautan"), LinkKind),
        "incident": (_("laporan"), None),
    },
    EventKind.INFORMANT: {
        "viewed": (_("identitas dibuka"), None),
        "removed": (_("identitas dihapus, alasan"), None),
    },
    EventKind.PROMOTED: {"kind": (_("jenis laporan"), IncidentKind)},
}
# Keys whose value says nothing to a reader (the note's id: the note itself is on the page).
_HIDDEN_KEYS = {EventKind.NOTE: {"note"}}


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
        """(field label, old value label or None, new value label) as a person reads them: labels, not keys,
        choice labels, WITA dates; private keys (``_...``) and ids are left out."""
        keys = _EVENT_KEYS.get(self.kind, {})
        hidden = _HIDDEN_KEYS.get(self.kind, set())
        changes = []
        for key, value in self.new.items():
            if key.startswith("_") or key in hidden:
                continue
            if key in keys:
                label, choices = keys[key]
                old = _value_label(self.old[key], choices) if key in self.old else None
                changes.append((str(label), old, _value_label(value, choices)))
            else:
                old = incident_value_label(key, self.old[key]) if key in self.old else None
                changes.append((incident_field_label(key), old, incident_value_label(key, value)))
        return changes

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
    """A timeline value as a person reads it: a choice's label, a related row's label, '-' for empty,
    a date or time in Indonesian (WITA)."""
    try:
        choices = dict(Incident._meta.get_field(name).flatchoices)
    except FieldDoesNotExist:
        choices = {}
    if isinstance(value, str | int) and not isinstance(value, bool) and value in choices:
        return str(choices[value])
    return _value_label(value, None)


def _value_label(value, choices) -> str:
    """A stored timeline value in words: choice label, related row's label, yes/no, WITA date and time."""
    if isinstance(value, dict):
        return str(value.get("label", value.get("id", "")))
    if value in (None, ""):
        return "-"
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    if choices == "size" and isinstance(value, int):
        return filesizeformat(value)
    if isinstance(choices, type) and value in choices.values:
        return str(choices(value).label)
    if isinstance(value, str):
        return _date_text(value)
    return str(value)


def _date_text(value: str) -> str:
    """An ISO date ("2024-10-14") or time ("2024-10-14T09:00+08:00") as Indonesians write it, in WITA;
    any other text as it is."""
    if len(value) == 10:
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    if len(value) >= 16 and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
        local = timezone.localtime(moment, timezone.get_default_timezone())
        return f"{date_format(local, 'j F Y')} {local:%H.%M} WITA"
    return value


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
