"""The unverified-intake queue and channel reports: receive, accept, merge, reject.

A report from a sender the registry vouches for (a verified contact of a person) is a normal report of
that person, made through ``incidents.services.incident_create`` like any other. Everything else
arrives here as an ``UnverifiedIntake`` for the area's operators; it never starts an escalation. Only
``intake_accept`` makes a report of it, through the same incident service, where the normal rules
start an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conf import kabupaten_code
from core.files import safe_file_name
from incidents.choices import IncidentKind, Severity, Source
from incidents.selectors import category_get
from incidents.services import evidence_check, evidence_from_bytes, incident_create, note_add
from regions.selectors import adminunit_find

from ..choices import IntakeChannel, IntakeStatus
from ..models import IntakeAttachment, UnverifiedIntake

if TYPE_CHECKING:
    from incidents.models import Incident, IncidentCategory
    from regions.models import AdminUnit
    from stakeholders.models import Person

# The account that files channel reports of registry people who have no account of their own.
CHANNEL_USERNAME = "kanal-masuk"


@dataclass(frozen=True)
class Attachment:
    """A file that came with a report: its name as sent and its bytes."""

    name: str
    data: bytes
    content_type: str = ""


@dataclass(frozen=True)
class IntakeResult:
    """What an inbound report became: a normal report (``incident``) or an unverified intake."""

    incident: Incident | None = None
    intake: UnverifiedIntake | None = None
    created: bool = True


def channel_user():
    """The inactive account that files the reports of registry people without an account (created once)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=CHANNEL_USERNAME,
        defaults={"is_active": False, "first_name": "Kanal", "last_name": "masuk"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _title_of(text: str) -> str:
    line = " ".join(text.split())
    return (line[:117] + "...") if len(line) > 120 else line


def _attachments_store(
    attachments: list[Attachment], *, intake: UnverifiedIntake | None = None, message=None
) -> None:
    """Keep the files of an inbound report, each checked by its content as evidence is (the same types
    and size limit), so that accepting the report never fails on a file."""
    for attachment in attachments:
        name = attachment.name or "lampiran"
        try:
            _kind, content_type, extension = evidence_check(
                name=name, size=len(attachment.data), head=attachment.data[:8192]
            )
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
        row = IntakeAttachment(
            intake=intake,
            message=message,
            original_name=name[:255],
            content_type=content_type[:100],
            size=len(attachment.data),
        )
        name = safe_file_name(name, extension, fallback="lampiran")
        row.file.save(name, ContentFile(attachment.data), save=False)
        row.full_clean()
        row.save()


@transaction.atomic
def intake_receive(
    *,
    channel: str,
    external_id: str,
    text: str,
    sender: str = "",
    sender_name: str = "",
    contact: str = "",
    person: Person | None = None,
    title: str = "",
    area: AdminUnit | None = None,
    severity: int | None = None,
    category: IncidentCategory | None = None,
    kind: str = "",
    occurred_at: datetime | None = None,
    lat: float | None = None,
    lng: float | None = None,
    payload: dict | None = None,
    attachments: list[Attachment] | None = None,
    message=None,
) -> IntakeResult:
    """Put a report from an unverified source into its area's queue (kabupaten-wide when the place is
    unknown). The same (channel, external_id) again returns the first intake, ``created=False``:
    a provider's or a form's repeated delivery adds nothing. Starts no escalation."""
    if channel not in IntakeChannel.values:
        raise ValueError(f"unknown intake channel {channel!r}")
    if not external_id:
        raise ValueError("an intake needs the source's id (external_id) to be idempotent")
    existing = UnverifiedIntake.objects.filter(channel=channel, external_id=external_id).first()
    if existing is not None:
        return IntakeResult(intake=existing, created=False)
    text = (text or "").strip()
    if not text and not attachments:
        raise ValidationError({"text": _("Laporan kosong: tulis apa yang terjadi.")})
    intake = UnverifiedIntake(
        channel=channel,
        external_id=external_id[:200],
        sender=sender[:100],
        sender_name=sender_name.strip()[:200],
        contact=contact.strip()[:200],
        person=person,
        text=text or _("(tanpa teks, lihat lampiran)"),
        title=(title.strip() or _title_of(text))[:200],
        area=area,
        area_code=area.code if area is not None else kabupaten_code(),
        severity=severity,
        category=category,
        kind=kind,
        occurred_at=occurred_at,
        lat=lat,
        lng=lng,
        payload=payload or {},
    )
    intake.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:
        # A concurrent delivery of the same source id committed first.
        return IntakeResult(
            intake=UnverifiedIntake.objects.get(channel=channel, external_id=external_id), created=False
        )
    _attachments_store(attachments or [], intake=intake)
    if message is not None:
        type(message).objects.filter(pk=message.pk).update(intake=intake)
    return IntakeResult(intake=intake)


@transaction.atomic
def channel_report_create(
    *,
    person: Person,
    text: str,
    area: AdminUnit,
    severity: int,
    occurred_at: datetime | None = None,
    title: str = "",
    category: IncidentCategory | None = None,
    kind: str = "",
    lat: float | None = None,
    lng: float | None = None,
    attachments: list[Attachment] | None = None,
    channel_label: str = "",
) -> Incident:
    """A normal report of a registry person who wrote from a verified contact (an early warning at
    severity 1, an incident above); escalation follows the normal rules. Filed as the person's account,
    or the channel account when the person has none."""
    user = person.user if person.user is not None and person.user.is_active else channel_user()
    now = timezone.now()
    occurred_at = occurred_at or now
    incident = incident_create(
        by_user=user,
        title=(title.strip() or _title_of(text))[:200],
        chronology=text + (f"\n\n({channel_label})" if channel_label else ""),
        category=category or category_get(code="LAINNYA"),
        occurred_at=occurred_at,
        known_at=max(occurred_at, now) if occurred_at <= now else occurred_at,
        area=area,
        source=Source.PETUGAS_LAPANGAN,
        kind=kind
        or (IncidentKind.EARLY_WARNING if severity <= Severity.INFORMASI else IncidentKind.INCIDENT),
        severity=severity,
        lat=lat,
        lng=lng,
        reporter_person=person,
    )
    for attachment in attachments or []:
        evidence_from_bytes(
            incident=incident, name=attachment.name or "lampiran", data=attachment.data, by_user=user
        )
    return incident


def _lock_pending(intake: UnverifiedIntake) -> UnverifiedIntake:
    locked = UnverifiedIntake.objects.select_for_update().get(pk=intake.pk)
    if locked.status != IntakeStatus.PENDING:
        raise ValidationError(
            _("Laporan ini sudah diputuskan (%(status)s) oleh %(who)s.")
            % {"status": locked.get_status_display(), "who": locked.decided_by or "-"},
            code="decided",
        )
    return locked


def _original_note(intake: UnverifiedIntake) -> str:
    sender = " ".join(part for part in (intake.sender_name, intake.sender or intake.contact) if part) or "-"
    return _("Pesan asli (%(channel)s, dari %(sender)s, %(when)s):\n%(text)s") % {
        "channel": intake.get_channel_display(),
        "sender": sender,
        "when": timezone.localtime(intake.created_at).strftime("%d-%m-%Y %H:%M"),
        "text": intake.text,
    }


def _attachments_to_evidence(intake: UnverifiedIntake, incident: Incident, by_user) -> None:
    for attachment in intake.attachments.all():
        with attachment.file.open("rb") as handle:
            data = handle.read()
        evidence_from_bytes(incident=incident, name=attachment.original_name, data=data, by_user=by_user)


def _decide(intake: UnverifiedIntake, *, status: str, by_user, incident=None, reason: str = "") -> None:
    intake.status = status
    intake.decided_by = by_user
    intake.decided_at = timezone.now()
    intake.incident = incident
    intake.reason = reason
    intake.full_clean(validate_unique=False)
    intake.save(update_fields=["status", "decided_by", "decided_at", "incident", "reason"])


@transaction.atomic
def intake_accept(
    *,
    intake: UnverifiedIntake,
    by_user,
    kind: str,
    category: IncidentCategory,
    severity: int,
    area: AdminUnit,
    title: str = "",
    chronology: str = "",
    occurred_at: datetime | None = None,
    known_at: datetime | None = None,
    source: str = Source.MASYARAKAT,
) -> Incident:
    """An operator accepts an intake: it becomes an early warning or incident through the incident
    service (escalation by the normal rules), keeping the original message and the attachments."""
    intake = _lock_pending(intake)
    occurred_at = occurred_at or intake.occurred_at or intake.created_at
    incident = incident_create(
        by_user=by_user,
        title=(title.strip() or intake.title or _title_of(intake.text))[:200],
        chronology=(chronology.strip() or intake.text) + "\n\n" + _original_note(intake),
        category=category,
        occurred_at=occurred_at,
        known_at=known_at or max(occurred_at, intake.created_at),
        area=area,
        source=source,
        kind=kind,
        severity=severity,
        lat=intake.lat,
        lng=intake.lng,
        reporter_person=intake.person,
    )
    _attachments_to_evidence(intake, incident, by_user)
    _decide(intake, status=IntakeStatus.ACCEPTED, by_user=by_user, incident=incident)
    return incident


@transaction.atomic
def intake_merge(*, intake: UnverifiedIntake, incident: Incident, by_user, note: str = "") -> Incident:
    """An operator adds an intake to an existing report: the original message becomes a note on it, the
    attachments its evidence. The report's escalation is not touched."""
    intake = _lock_pending(intake)
    body = _original_note(intake)
    if note.strip():
        body = note.strip() + "\n\n" + body
    note_add(incident=incident, body=body, by_user=by_user)
    _attachments_to_evidence(intake, incident, by_user)
    _decide(intake, status=IntakeStatus.MERGED, by_user=by_user, incident=incident)
    return incident


@transaction.atomic
def intake_reject(*, intake: UnverifiedIntake, reason: str, by_user) -> UnverifiedIntake:
    """An operator rejects an intake (spam, not a conflict, not in the kabupaten), with the reason; the
    sender is told on their channel."""
    from .feedback import feedback_intake_rejected

    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tulis alasan penolakan.")})
    intake = _lock_pending(intake)
    _decide(intake, status=IntakeStatus.REJECTED, by_user=by_user, reason=reason.strip())
    feedback_intake_rejected(intake=intake)
    return intake


def area_or_none(code: str) -> AdminUnit | None:
    """The area of a code, or None (a helper for callers holding a code from a form or a submission)."""
    return adminunit_find(code=code) if code else None
