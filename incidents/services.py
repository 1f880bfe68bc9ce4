"""Every write to incidents. Each service validates, saves, writes its timeline event in the same
transaction and then runs the registered hooks (see hooks.py: where escalation starts and stops).

Services that change the incident row take ``expected_version``: the version the user's form was
built from. When someone else saved in between, the change is refused with a StaleIncidentError
that names what changed (optimistic locking; no lost updates). ``None`` skips the check (system
callers that act on the latest state).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.choices import AccessKind
from audit.services import access_record
from core.conf import kabupaten_code
from regions.choices import AdminLevel
from regions.selectors import adminunit_containing_point, electionphase_at
from stakeholders.selectors import person_for_user

from .choices import (
    P_TRACKS,
    TRANSITIONS,
    ConflictStage,
    EventKind,
    EvidenceKind,
    IncidentKind,
    LinkKind,
    ReferralTarget,
    RejectReason,
    Severity,
    Status,
)
from .hooks import incident_hooks_run
from .models import (
    BAWASLU_REPORT_DAYS,
    ConfidentialInformant,
    Evidence,
    FollowUpAction,
    Incident,
    IncidentCategory,
    IncidentEvent,
    IncidentLink,
    IncidentNote,
    Referral,
    incident_number_next,
)

if TYPE_CHECKING:
    from regions.models import AdminUnit, ElectionPhase, PollingStation
    from stakeholders.models import Organisation, Person

# Clock skew between a phone and the server: a few minutes "in the future" is still now.
FUTURE_TOLERANCE = timedelta(minutes=10)

# Fields an official may edit through incident_update, with their timeline labels.
EDITABLE_FIELDS = (
    "title",
    "chronology",
    "category",
    "occurred_at",
    "known_at",
    "area",
    "polling_station",
    "lat",
    "lng",
    "location_description",
    "phase",
    "conflict_stage",
    "source",
    "parties_involved",
    "crowd_size",
    "injured",
    "dead",
    "damage",
    "violation_class",
)


class StaleIncidentError(ValidationError):
    """The incident changed since the user loaded it; the message says who changed what."""


# --- helpers ------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """A JSON-safe form of a field value for the timeline."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return {"id": value.pk, "label": str(value)}
    return str(value)


def _event(
    incident: Incident,
    *,
    kind: str,
    by_user,
    old: dict | None = None,
    new: dict | None = None,
    note: str = "",
) -> IncidentEvent:
    event = IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        actor=by_user,
        old={k: _json_value(v) for k, v in (old or {}).items()},
        new={k: _json_value(v) for k, v in (new or {}).items()},
        note=note[:500],
        version=incident.version,
    )
    incident_hooks_run(incident=incident, event=event)
    return event


def _lock(incident: Incident | int, expected_version: int | None) -> Incident:
    """Lock the incident row and refuse the change if it is stale."""
    pk = incident.pk if isinstance(incident, Incident) else incident
    locked = Incident.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleIncidentError(_stale_message(locked, expected_version), code="stale")
    return locked


def _stale_message(incident: Incident, expected_version: int) -> str:
    events = (
        IncidentEvent.objects.filter(incident=incident, version__gt=expected_version)
        .select_related("actor")
        .order_by("at", "id")
    )
    changes = []
    for event in events:
        who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else _("sistem")
        fields = [f"{label}: {old or '-'} → {new}" for label, old, new in event.changes]
        when = formats.date_format(timezone.localtime(event.at), "H:i")
        detail = "; ".join(fields) if fields else event.get_kind_display()
        changes.append(f"{who} ({when}): {detail}")
    return _(
        "Insiden ini sudah diubah orang lain sejak Anda membukanya (versi %(yours)s, sekarang %(now)s). "
        "Perubahan Anda tidak disimpan. Yang berubah: %(changes)s. Muat ulang halaman lalu ulangi perubahan Anda."
    ) % {
        "yours": expected_version,
        "now": incident.version,
        "changes": " | ".join(changes) or _("(tidak tercatat)"),
    }


def _bump(incident: Incident, by_user, update_fields: list[str]) -> None:
    incident.version += 1
    incident.full_clean()
    incident.save(update_fields=[*update_fields, "version", "updated_at"])


def _refuse_transition(incident: Incident, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(incident.status, ()):
        raise ValidationError(
            _("Status tidak dapat diubah dari “%(from)s” menjadi “%(to)s”.")
            % {"from": Status(incident.status).label, "to": Status(to_status).label},
            code="illegal_transition",
        )


def _legal_deadline(track: str, known_at: datetime) -> datetime | None:
    return known_at + timedelta(days=BAWASLU_REPORT_DAYS) if track in P_TRACKS else None


def incident_validate_place(
    *,
    area: AdminUnit | None,
    polling_station: PollingStation | None = None,
    lat: float | None = None,
    lng: float | None = None,
) -> dict[str, list[str]]:
    """Field errors for the place of a report (area in Kutai Timur, TPS in the area, point in Kutai Timur)."""
    errors: dict[str, list[str]] = {}
    if area is not None:
        if area.level not in (AdminLevel.DESA, AdminLevel.KECAMATAN) or not area.code.startswith(
            kabupaten_code() + "."
        ):
            errors.setdefault("area", []).append(_("Pilih desa/kelurahan atau kecamatan di Kutai Timur."))
        elif polling_station is not None:
            desa_code = polling_station.desa.code
            if area.level == AdminLevel.DESA and desa_code != area.code:
                errors.setdefault("polling_station", []).append(
                    _("TPS ini tidak berada di desa/kelurahan yang dipilih.")
                )
            if area.level == AdminLevel.KECAMATAN and not desa_code.startswith(area.code + "."):
                errors.setdefault("polling_station", []).append(
                    _("TPS ini tidak berada di kecamatan yang dipilih.")
                )
    if (lat is None) != (lng is None):
        errors.setdefault("lat", []).append(_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
    elif lat is not None and lng is not None and not _inside_kutim(lat, lng):
        errors.setdefault("lat", []).append(_("Titik GPS berada di luar wilayah Kabupaten Kutai Timur."))
    return errors


def _inside_kutim(lat: float, lng: float) -> bool:
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return False
    return adminunit_containing_point(lat=lat, lng=lng, level=AdminLevel.KECAMATAN) is not None


def incident_validate_times(
    *, occurred_at: datetime | None, known_at: datetime | None, now: datetime | None = None
) -> dict[str, list[str]]:
    """Field errors for the times of a report: nothing in the future, known not before it happened."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if occurred_at and occurred_at > now + FUTURE_TOLERANCE:
        errors.setdefault("occurred_at", []).append(_("Waktu kejadian tidak boleh di masa depan."))
    if known_at and known_at > now + FUTURE_TOLERANCE:
        errors.setdefault("known_at", []).append(_("Waktu diketahui tidak boleh di masa depan."))
    if occurred_at and known_at and known_at < occurred_at:
        errors.setdefault("known_at", []).append(
            _(
                "Waktu diketahui tidak boleh sebelum waktu kejadian (kejadian tidak bisa terjadi setelah diketahui)."
            )
        )
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- creating and editing -----------------------------------------------------------------------


@transaction.atomic
def incident_create(
    *,
    by_user,
    title: str,
    chronology: str,
    category: IncidentCategory,
    occurred_at: datetime,
    known_at: datetime,
    area: AdminUnit,
    source: str,
    kind: str = IncidentKind.INCIDENT,
    severity: int = Severity.RENDAH,
    polling_station: PollingStation | None = None,
    lat: float | None = None,
    lng: float | None = None,
    location_description: str = "",
    phase: ElectionPhase | None = None,
    conflict_stage: str = ConflictStage.PENCEGAHAN,
    parties_involved: str = "",
    crowd_size: int | None = None,
    injured: int = 0,
    dead: int = 0,
    damage: str = "",
    reporter_person: Person | None = None,
    reported_at: datetime | None = None,
    informant: dict | None = None,
) -> Incident:
    """Record a new early warning or incident (status baru) with its number, phase and legal clock.

    The phase is taken from the election calendar at ``occurred_at`` unless given. With
    ``informant`` (full_name, phone, contact_note, relation) the informant's identity is stored
    apart in ConfidentialInformant. Hook: EventKind.CREATED (start an escalation here).
    """
    reported_at = reported_at or timezone.now()
    _raise(
        {
            **incident_validate_times(occurred_at=occurred_at, known_at=known_at, now=reported_at),
            **incident_validate_place(area=area, polling_station=polling_station, lat=lat, lng=lng),
        }
    )
    if reporter_person is None:
        reporter_person = person_for_user(by_user)
    incident = Incident(
        number=incident_number_next(timezone.localtime(reported_at).year),
        kind=kind,
        title=title.strip(),
        chronology=chronology.strip(),
        category=category,
        track=category.track,
        severity=severity,
        status=Status.BARU,
        occurred_at=occurred_at,
        known_at=known_at,
        reported_at=reported_at,
        area=area,
        area_code=area.code,
        polling_station=polling_station,
        lat=lat,
        lng=lng,
        location_description=location_description.strip(),
        phase=phase or electionphase_at(moment=occurred_at),
        conflict_stage=conflict_stage,
        source=source,
        parties_involved=parties_involved,
        crowd_size=crowd_size,
        injured=injured or 0,
        dead=dead or 0,
        damage=damage,
        reporter=by_user,
        reporter_person=reporter_person,
        bawaslu_deadline=_legal_deadline(category.track, known_at),
        has_confidential_informant=bool(informant and informant.get("full_name")),
    )
    incident.full_clean()
    incident.save()
    if informant and incident.has_confidential_informant:
        secret = ConfidentialInformant(
            incident=incident,
            full_name=informant["full_name"].strip(),
            phone=(informant.get("phone") or "").strip(),
            contact_note=(informant.get("contact_note") or "").strip(),
            relation=(informant.get("relation") or "").strip(),
            created_by=by_user,
        )
        secret.full_clean()
        secret.save()
    _event(
        incident,
        kind=EventKind.CREATED,
        by_user=by_user,
        new={
            "status": incident.status,
            "kind": incident.kind,
            "severity": incident.severity,
            "category": category,
            "area": area,
            # The informant's identity is never written to the timeline.
            "_confidential": incident.has_confidential_informant,
        },
    )
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, expected_version: int | None, by_user, **changes) -> Incident:
    """Edit the recorded facts (not status/severity/assignment); old and new values go to the timeline."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable through incident_update: {sorted(unknown)}")
    incident = _lock(incident, expected_version)
    old, new = {}, {}
    for field, value in changes.items():
        current = getattr(incident, field)
        if current != value:
            old[field], new[field] = current, value
            setattr(incident, field, value)
    if not new:
        return incident
    _raise(
        {
            **incident_validate_times(occurred_at=incident.occurred_at, known_at=incident.known_at),
            **incident_validate_place(
                area=incident.area,
                polling_station=incident.polling_station,
                lat=incident.lat,
                lng=incident.lng,
            ),
        }
    )
    update_fields = list(new)
    if "area" in new:
        incident.area_code = incident.area.code
        update_fields.append("area_code")
    if "category" in new or "known_at" in new:
        incident.track = incident.category.track
        incident.bawaslu_deadline = _legal_deadline(incident.track, incident.known_at)
        update_fields += ["track", "bawaslu_deadline"]
    _bump(incident, by_user, update_fields)
    _event(incident, kind=EventKind.FIELDS, by_user=by_user, old=old, new=new)
    return incident


@transaction.atomic
def incident_promote(
    *, incident: Incident, expected_version: int | None, by_user, note: str = ""
) -> Incident:
    """Turn an early warning into an incident on the same row (number, timeline and evidence kept)."""
    incident = _lock(incident, expected_version)
    if incident.kind != IncidentKind.EARLY_WARNING:
        raise ValidationError(_("Laporan ini sudah berupa insiden."), code="not_warning")
    incident.kind = IncidentKind.INCIDENT
    _bump(incident, by_user, ["kind"])
    _event(
        incident,
        kind=EventKind.PROMOTED,
        by_user=by_user,
        old={"kind": IncidentKind.EARLY_WARNING},
        new={"kind": IncidentKind.INCIDENT},
        note=note,
    )
    return incident


# --- workflow -----------------------------------------------------------------------------------


def _move(
    incident: Incident, to_status: str, by_user, *, kind: str = EventKind.STATUS, note: str = "", **extra
):
    old_status = incident.status
    incident.status = to_status
    for field, value in extra.items():
        setattr(incident, field, value)
    _bump(incident, by_user, ["status", *extra])
    return _event(
        incident,
        kind=kind,
        by_user=by_user,
        old={"status": old_status},
        new={"status": to_status, **{k: v for k, v in extra.items() if not k.endswith("_at")}},
        note=note,
    )


@transaction.atomic
def incident_verify(*, incident: Incident, expected_version: int | None, by_user, note: str = "") -> Incident:
    """baru -> terverifikasi. Hook: EventKind.STATUS with new status terverifikasi."""
    incident = _lock(incident, expected_version)
    _refuse_transition(incident, Status.TERVERIFIKASI)
    _move(incident, Status.TERVERIFIKASI, by_user, note=note, verified_at=timezone.now())
    return incident


@transaction.atomic
def incident_reject(
    *,
    incident: Incident,
    expected_version: int | None,
    by_user,
    reason: str,
    note: str = "",
    duplicate_of: Incident | None = None,
) -> Incident:
    """baru/terverifikasi -> ditolak with a reason (duplicate, hoax, outside remit).

    A duplicate is linked to its main report. Hook: EventKind.STATUS to ditolak (stop escalation).
    """
    if reason not in RejectReason.values:
        raise ValidationError({"reason": [_("Pilih alasan penolakan.")]})
    if reason == RejectReason.DUPLIKAT and duplicate_of is None:
        raise ValidationError({"duplicate_of": [_("Sebutkan nomor laporan utama untuk laporan duplikat.")]})
    incident = _lock(incident, expected_version)
    _refuse_transition(incident, Status.DITOLAK)
    _move(incident, Status.DITOLAK, by_user, note=note, reject_reason=reason, reject_note=note)
    if duplicate_of is not None:
        incident_link(source=incident, target=duplicate_of, kind=LinkKind.DUPLICATE, by_user=by_user)
    return incident


@transaction.atomic
def incident_assign(
    *,
    incident: Incident,
    expected_version: int | None,
    by_user,
    lead_organisation: Organisation,
    responsible_person: Person,
    note: str = "",
) -> Incident:
    """Assign the lead organisation and responsible person; terverifikasi -> ditangani.

    Reassigning an incident already ditangani keeps its status. Hook: EventKind.ASSIGNED.
    """
    incident = _lock(incident, expected_version)
    if incident.status not in (Status.TERVERIFIKASI, Status.DITANGANI):
        raise ValidationError(
            _(
                "Hanya laporan terverifikasi atau sedang ditangani yang dapat ditugaskan (status sekarang: %(status)s)."
            )
            % {"status": incident.get_status_display()},
            code="illegal_transition",
        )
    old = {
        "status": incident.status,
        "lead_organisation": incident.lead_organisation,
        "responsible_person": incident.responsible_person,
    }
    incident.status = Status.DITANGANI
    incident.lead_organisation = lead_organisation
    incident.responsible_person = responsible_person
    _bump(incident, by_user, ["status", "lead_organisation", "responsible_person"])
    _event(
        incident,
        kind=EventKind.ASSIGNED,
        by_user=by_user,
        old=old,
        new={
            "status": incident.status,
            "lead_organisation": lead_organisation,
            "responsible_person": responsible_person,
        },
        note=note,
    )
    return incident


@transaction.atomic
def incident_change_severity(
    *, incident: Incident, expected_version: int | None, by_user, severity: int, note: str = ""
) -> Incident:
    """Change the severity (1-5). Hook: EventKind.SEVERITY (re-plan escalation)."""
    if severity not in Severity.values:
        raise ValidationError({"severity": [_("Tingkat keparahan harus 1 sampai 5.")]})
    incident = _lock(incident, expected_version)
    if incident.severity == severity:
        return incident
    old = incident.severity
    incident.severity = severity
    _bump(incident, by_user, ["severity"])
    _event(
        incident,
        kind=EventKind.SEVERITY,
        by_user=by_user,
        old={"severity": old},
        new={"severity": severity},
        note=note,
    )
    return incident


@transaction.atomic
def incident_resolve(
    *, incident: Incident, expected_version: int | None, by_user, note: str = ""
) -> Incident:
    """ditangani -> selesai (handled). Hook: EventKind.STATUS to selesai (stop escalation)."""
    incident = _lock(incident, expected_version)
    _refuse_transition(incident, Status.SELESAI)
    _move(incident, Status.SELESAI, by_user, note=note, resolved_at=timezone.now())
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, expected_version: int | None, by_user, note: str = "") -> Incident:
    """selesai -> ditutup. Hook: EventKind.STATUS to ditutup (stop escalation)."""
    incident = _lock(incident, expected_version)
    _refuse_transition(incident, Status.DITUTUP)
    _move(incident, Status.DITUTUP, by_user, note=note, closed_at=timezone.now())
    return incident


@transaction.atomic
def incident_reopen(*, incident: Incident, expected_version: int | None, by_user, reason: str) -> Incident:
    """Reopen: ditolak -> baru; selesai/ditutup -> ditangani (or terverifikasi when nobody is assigned).

    Hook: EventKind.REOPENED (restart escalation if wanted).
    """
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Tuliskan alasan membuka kembali.")]})
    incident = _lock(incident, expected_version)
    target: str
    if incident.status == Status.DITOLAK:
        target = Status.BARU
    elif incident.status in (Status.SELESAI, Status.DITUTUP):
        target = Status.DITANGANI if incident.responsible_person_id else Status.TERVERIFIKASI
    else:
        target = incident.status  # refused just below with the usual message
    if incident.status not in (Status.DITOLAK, Status.SELESAI, Status.DITUTUP):
        raise ValidationError(
            _("Hanya laporan yang ditolak, selesai atau ditutup yang dapat dibuka kembali."),
            code="illegal_transition",
        )
    _refuse_transition(incident, target)
    _move(
        incident,
        target,
        by_user,
        kind=EventKind.REOPENED,
        note=reason.strip(),
        reject_reason="",
        reject_note="",
        closed_at=None,
        resolved_at=None,
    )
    return incident


# --- notes, follow-ups, referrals, links --------------------------------------------------------


@transaction.atomic
def note_add(*, incident: Incident, body: str, by_user) -> IncidentNote:
    """Add an internal note; the timeline records that a note was added, not its text."""
    note = IncidentNote(incident=incident, author=by_user, body=(body or "").strip())
    note.full_clean()
    note.save()
    _event(incident, kind=EventKind.NOTE, by_user=by_user, new={"note": note.pk})
    return note


@transaction.atomic
def follow_up_add(
    *, incident: Incident, description: str, owner: Person, due_date: date, by_user
) -> FollowUpAction:
    """Add a follow-up action (tindak lanjut) with an owner and a due date."""
    action = FollowUpAction(
        incident=incident, description=description.strip(), owner=owner, due_date=due_date, created_by=by_user
    )
    action.full_clean()
    action.save()
    _event(
        incident,
        kind=EventKind.FOLLOW_UP,
        by_user=by_user,
        new={"description": action.description, "owner": owner, "due_date": due_date},
    )
    return action


@transaction.atomic
def follow_up_complete(*, action: FollowUpAction, by_user) -> FollowUpAction:
    """Mark a follow-up action done."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at:
        return action
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    _event(
        action.incident,
        kind=EventKind.FOLLOW_UP,
        by_user=by_user,
        old={"description": action.description, "done": False},
        new={"description": action.description, "done": True},
    )
    return action


@transaction.atomic
def referral_add(
    *,
    incident: Incident,
    target: str,
    referred_at: datetime,
    by_user,
    register_number: str = "",
    note: str = "",
) -> Referral:
    """Record a referral; the first referral to Bawaslu stops the legal clock."""
    if referred_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"referred_at": [_("Tanggal rujukan tidak boleh di masa depan.")]})
    referral = Referral(
        incident=incident,
        target=target,
        referred_at=referred_at,
        register_number=register_number.strip(),
        note=note.strip(),
        created_by=by_user,
    )
    referral.full_clean()
    referral.save()
    if target == ReferralTarget.BAWASLU:
        Incident.objects.filter(pk=incident.pk, bawaslu_referred_at__isnull=True).update(
            bawaslu_referred_at=referred_at
        )
    _event(
        incident,
        kind=EventKind.REFERRAL,
        by_user=by_user,
        new={"target": target, "register_number": referral.register_number, "referred_at": referred_at},
    )
    return referral


@transaction.atomic
def incident_link(*, source: Incident, target: Incident, kind: str, by_user) -> IncidentLink:
    """Mark ``source`` as a duplicate of (or related to) ``target``; recorded on both timelines."""
    if source.pk == target.pk:
        raise ValidationError({"target": [_("Laporan tidak dapat ditautkan ke dirinya sendiri.")]})
    if (
        IncidentLink.objects.filter(source=source, target=target).exists()
        or IncidentLink.objects.filter(source=target, target=source).exists()
    ):
        raise ValidationError({"target": [_("Kedua laporan ini sudah ditautkan.")]})
    if kind == LinkKind.DUPLICATE:
        if IncidentLink.objects.filter(source=source, kind=LinkKind.DUPLICATE).exists():
            raise ValidationError(
                {"target": [_("Laporan ini sudah ditandai sebagai duplikat laporan lain.")]}
            )
        if IncidentLink.objects.filter(source=target, kind=LinkKind.DUPLICATE).exists():
            raise ValidationError(
                {"target": [_("Laporan utama itu sendiri adalah duplikat; tautkan ke laporan utamanya.")]}
            )
    link = IncidentLink(source=source, target=target, kind=kind, created_by=by_user)
    link.full_clean()
    link.save()
    for a, b in ((source, target), (target, source)):
        _event(a, kind=EventKind.LINK, by_user=by_user, new={"kind": kind, "incident": b.number})
    return link


# --- evidence -----------------------------------------------------------------------------------

# Detected content type -> (kind). Anything else is refused whatever its name says.
ALLOWED_EVIDENCE = {
    "image/jpeg": EvidenceKind.PHOTO,
    "image/png": EvidenceKind.PHOTO,
    "image/webp": EvidenceKind.PHOTO,
    "image/heic": EvidenceKind.PHOTO,
    "image/gif": EvidenceKind.PHOTO,
    "application/pdf": EvidenceKind.DOCUMENT,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": EvidenceKind.DOCUMENT,
    "application/vnd.oasis.opendocument.text": EvidenceKind.DOCUMENT,
    "audio/mpeg": EvidenceKind.AUDIO,
    "audio/mp4": EvidenceKind.AUDIO,
    "audio/ogg": EvidenceKind.AUDIO,
    "audio/x-wav": EvidenceKind.AUDIO,
    "audio/aac": EvidenceKind.AUDIO,
    "audio/amr": EvidenceKind.AUDIO,
    "video/mp4": EvidenceKind.VIDEO,
    "video/3gpp": EvidenceKind.VIDEO,
    "video/quicktime": EvidenceKind.VIDEO,
    "video/webm": EvidenceKind.VIDEO,
}
# What a file name's extension promises; a mismatch with the content is refused.
EXTENSION_KIND = {
    **dict.fromkeys(("jpg", "jpeg", "png", "webp", "heic", "heif", "gif"), EvidenceKind.PHOTO),
    **dict.fromkeys(("pdf", "doc", "docx", "odt"), EvidenceKind.DOCUMENT),
    **dict.fromkeys(("mp3", "m4a", "ogg", "oga", "opus", "wav", "aac", "amr"), EvidenceKind.AUDIO),
    **dict.fromkeys(("mp4", "3gp", "mov", "webm"), EvidenceKind.VIDEO),
}


def evidence_check(*, name: str, size: int, head: bytes) -> tuple[str, str, str]:
    """(kind, content type, extension) of an upload judged by its content, or a ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"name": name, "size": round(size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    guess = filetype.guess(head)
    if guess is None or guess.mime not in ALLOWED_EVIDENCE:
        raise ValidationError(
            _(
                "Isi berkas %(name)s bukan foto, dokumen PDF/Word, audio atau video yang diterima; berkas ditolak."
            )
            % {"name": name},
            code="bad_content",
        )
    kind = ALLOWED_EVIDENCE[guess.mime]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension and extension in EXTENSION_KIND and EXTENSION_KIND[extension] != kind:
        raise ValidationError(
            _("Isi berkas %(name)s tidak sesuai dengan namanya (isinya %(kind)s); berkas ditolak.")
            % {"name": name, "kind": kind.label.lower()},
            code="bad_content",
        )
    return kind, guess.mime, guess.extension


@transaction.atomic
def evidence_add(*, incident: Incident, uploaded_file, by_user, description: str = "") -> Evidence:
    """Store an evidence file privately after checking its size and content (magic bytes)."""
    name = (uploaded_file.name or "berkas").rsplit("/", 1)[-1][:200]
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    kind, content_type, extension = evidence_check(name=name, size=uploaded_file.size, head=head)
    uploaded_file.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    evidence = Evidence(
        incident=incident,
        original_name=name,
        kind=kind,
        content_type=content_type,
        extension=extension,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        description=description.strip(),
        uploaded_by=by_user,
    )
    evidence.file.save(f"bukti.{extension}", uploaded_file, save=False)
    evidence.full_clean()
    evidence.save()
    _event(
        incident,
        kind=EventKind.EVIDENCE,
        by_user=by_user,
        new={"name": name, "kind": kind, "size": evidence.size},
    )
    return evidence


def evidence_from_bytes(*, incident: Incident, name: str, data: bytes, by_user) -> Evidence:
    """evidence_add for content already in memory (demo data, intake channels)."""
    content = ContentFile(data, name=name)
    return evidence_add(incident=incident, uploaded_file=content, by_user=by_user)


# --- confidential informant ---------------------------------------------------------------------


@transaction.atomic
def informant_reveal(
    *, incident: Incident, by_user, purpose: str = "", request=None
) -> ConfidentialInformant | None:
    """Return the informant's identity and record that this user saw it (an audit AccessRecord).

    Callers check the permission ``incidents.view_confidentialinformant`` first.
    """
    informant = ConfidentialInformant.objects.filter(incident=incident).first()
    if informant is None:
        return None  # removed by the retention rule or a PDP erasure
    access_record(
        kind=AccessKind.INFORMANT,
        by_user=by_user,
        object_type=Incident._meta.label_lower,
        object_id=incident.pk,
        object_repr=incident.number,
        purpose=purpose,
        request=request,
    )
    IncidentEvent.objects.create(
        incident=incident,
        kind=EventKind.INFORMANT,
        actor=by_user,
        new={"viewed": True},
        version=incident.version,
    )
    return informant


@transaction.atomic
def informant_remove(*, informant: ConfidentialInformant, reason: str, by_user=None) -> str:
    """Delete a confidential informant's identity (retention or PDP erasure); the timeline says so.

    The incident keeps ``has_confidential_informant``: that there was one stays a fact.
    Returns the incident number.
    """
    incident = informant.incident
    informant.delete()
    _event(incident, kind=EventKind.INFORMANT, by_user=by_user, new={"removed": reason})
    return incident.number


@transaction.atomic
def evidence_remove(*, evidence: Evidence, reason: str, by_user=None) -> str:
    """Delete an evidence file and its row (retention); the timeline keeps its name. Returns a reference."""
    incident = evidence.incident
    reference = f"{incident.number}/bukti #{evidence.pk}"
    evidence.file.delete(save=False)
    _event(
        incident,
        kind=EventKind.EVIDENCE,
        by_user=by_user,
        new={"removed": reason, "name": evidence.original_name},
    )
    evidence.delete()
    return reference
