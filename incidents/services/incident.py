"""Recording and editing a report: create, edit the recorded facts, promote an early warning;
the checks of its place and times."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conf import in_served_kabupaten, kabupaten_code, kabupaten_codes
from core.idempotency import client_id_lock
from regions.choices import AdminLevel
from regions.selectors import (
    adminunit_containing_point,
    adminunit_has_boundaries,
    election_at,
    election_for_event,
    electionphase_at,
)
from stakeholders.access import KABUPATEN_WIDE_ROLES
from stakeholders.selectors import access_profile, person_for_user

from ..choices import P_TRACKS, ConflictStage, EventKind, IncidentKind, Severity, Status
from ..models import (
    BAWASLU_REPORT_DAYS,
    ConfidentialInformant,
    Incident,
    IncidentCategory,
    incident_number_next,
)
from .base import FUTURE_TOLERANCE, _bump, _event, _lock, _refuse_if_closed
from .evidence import evidence_add

if TYPE_CHECKING:
    from regions.models import AdminUnit, Election, ElectionPhase, PollingStation
    from stakeholders.models import Person

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
    "election",
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


def _legal_deadline(track: str, known_at: datetime) -> datetime | None:
    return known_at + timedelta(days=BAWASLU_REPORT_DAYS) if track in P_TRACKS else None


def incident_validate_election(
    *, election: Election | None, phase: ElectionPhase | None, polling_station: PollingStation | None
) -> dict[str, list[str]]:
    """Field errors when the phase or the TPS belongs to another election than the report."""
    errors: dict[str, list[str]] = {}
    if election is None:
        return errors
    if phase is not None and phase.election_id != election.pk:
        errors["phase"] = [
            _("Tahapan ini milik %(other)s, bukan %(election)s.")
            % {"other": phase.election, "election": election}
        ]
    if polling_station is not None and polling_station.election_id != election.pk:
        errors["polling_station"] = [
            _("TPS ini terdaftar untuk %(other)s, bukan %(election)s.")
            % {"other": polling_station.election, "election": election}
        ]
    return errors


def incident_validate_place(
    *,
    area: AdminUnit | None,
    polling_station: PollingStation | None = None,
    lat: float | None = None,
    lng: float | None = None,
) -> dict[str, list[str]]:
    """Field errors for the place of a report (an area of a served kabupaten, TPS in the area, GPS point
    inside the served kabupaten where their boundaries are known).

    The area is a desa or kecamatan of a kabupaten the installation serves (``KABUPATEN_CODES``), or
    such a kabupaten itself (a report about the whole kabupaten, or whose place is not known); a TPS
    needs its desa or kecamatan.
    """
    errors: dict[str, list[str]] = {}
    served = kabupaten_codes()
    if area is not None:
        is_kabupaten = area.level == AdminLevel.KABUPATEN and area.code in served
        if not is_kabupaten and (
            area.level not in (AdminLevel.DESA, AdminLevel.KECAMATAN) or not in_served_kabupaten(area.code)
        ):
            errors.setdefault("area", []).append(
                _("Pilih desa/kelurahan atau kecamatan di wilayah yang dilayani, atau seluruh kabupaten.")
            )
        elif is_kabupaten and polling_station is not None:
            errors.setdefault("polling_station", []).append(
                _("Laporan tingkat kabupaten tidak memiliki TPS; pilih desa/kelurahan TPS-nya.")
            )
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
    elif lat is not None and lng is not None and not _inside_served_area(lat, lng, area):
        errors.setdefault("lat", []).append(_("Titik GPS berada di luar wilayah kabupaten yang dilayani."))
    return errors


def _inside_served_area(lat: float, lng: float, area: AdminUnit | None) -> bool:
    """Whether a GPS point lies in a served kabupaten. Where the report's kabupaten has no kecamatan
    boundaries loaded, only the coordinates' range is checked: there is nothing to test the point on."""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return False
    unit = adminunit_containing_point(lat=lat, lng=lng, level=AdminLevel.KECAMATAN)
    if unit is not None:
        return in_served_kabupaten(unit.code)
    kabupaten = ".".join(area.code.split(".")[:2]) if area is not None else kabupaten_code()
    return not adminunit_has_boundaries(code=kabupaten)


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


# A past event is one known at least this long ago; a fresher one goes through the ordinary report,
# so that it alerts whom it should.
HISTORICAL_MIN_AGE = timedelta(hours=24)


def incident_validate_historical(
    *, known_at: datetime | None, now: datetime | None = None
) -> dict[str, list[str]]:
    """Field errors for a past event entered afterwards: it must have become known over a day ago."""
    now = now or timezone.now()
    if known_at and known_at > now - HISTORICAL_MIN_AGE:
        return {
            "known_at": [
                _(
                    "Kejadian lampau harus sudah diketahui lebih dari 24 jam yang lalu. "
                    "Kejadian yang baru diketahui dicatat lewat formulir lapor biasa agar peringatannya berjalan."
                )
            ]
        }
    return {}


def incident_validate_historical_area(*, by_user, area: AdminUnit | None) -> dict[str, list[str]]:
    """Field errors for the place of a past event: the kabupaten's officials enter the past of their own
    kabupaten (with several served, a kabupaten's Kesbangpol only its own; a province's every one below
    it; the installation's administrators any)."""
    if area is None or by_user is None:
        return {}
    if access_profile(by_user).covers(area.code, *KABUPATEN_WIDE_ROLES):
        return {}
    return {"area": [_("Wilayah %(area)s di luar kabupaten Anda.") % {"area": area.name}]}


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
    election: Election | None = None,
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
    client_id: UUID | None = None,
    historical: bool = False,
    violation_class: str = "",
) -> Incident:
    """Record a new early warning or incident (status baru) with its number, phase and legal clock.

    The election is the one given, else the phase's, else the one whose calendar covers ``occurred_at``,
    else the TPS's, else the current one; the phase is the main phase of that election's calendar at
    ``occurred_at`` unless given. With
    ``informant`` (full_name, phone, contact_note, relation) the informant's identity is stored
    apart in ConfidentialInformant. Hook: EventKind.CREATED (start an escalation here).

    ``historical`` records a past event entered afterwards (catat kejadian lampau): numbered by the
    year it became known, reported when it became known (so it counts in the figures of those days),
    verified at once, its legal clock history; the escalation engine starts nothing for it.
    """
    now = timezone.now()
    if historical:
        reported_at = reported_at or known_at
    reported_at = reported_at or now
    if election is None:
        if phase is not None:
            election = phase.election
        else:
            election = election_at(moment=occurred_at) or (
                polling_station.election
                if polling_station is not None
                else election_for_event(moment=occurred_at)
            )
    if phase is None and election is not None:
        phase = electionphase_at(moment=occurred_at, election=election)
    _raise(
        {
            **incident_validate_times(occurred_at=occurred_at, known_at=known_at, now=reported_at),
            **incident_validate_place(area=area, polling_station=polling_station, lat=lat, lng=lng),
            **incident_validate_election(election=election, phase=phase, polling_station=polling_station),
            **(incident_validate_historical(known_at=known_at, now=now) if historical else {}),
            **(incident_validate_historical_area(by_user=by_user, area=area) if historical else {}),
        }
    )
    if reporter_person is None:
        reporter_person = person_for_user(by_user)
    number_year = timezone.localtime(known_at if historical else reported_at).year
    incident = Incident(
        number=incident_number_next(number_year),
        kind=kind,
        title=title.strip(),
        chronology=chronology.strip(),
        category=category,
        track=category.track,
        severity=severity,
        status=Status.TERVERIFIKASI if historical else Status.BARU,
        verified_at=now if historical else None,
        is_historical=historical,
        violation_class=violation_class,
        occurred_at=occurred_at,
        known_at=known_at,
        reported_at=reported_at,
        area=area,
        area_code=area.code,
        polling_station=polling_station,
        lat=lat,
        lng=lng,
        location_description=location_description.strip(),
        election=election,
        phase=phase,
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
        client_id=client_id,
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
            **({"_historical": True} if historical else {}),
        },
        note=_("Dicatat sebagai kejadian lampau (tanpa eskalasi).") if historical else "",
    )
    return incident


# The first key of the advisory lock that serialises sends carrying one client id.
CLIENT_ID_LOCK = 15_001


def _client_id_lock(client_id: UUID) -> None:
    """Wait for any other transaction sending the same client id (to its commit or rollback)."""
    client_id_lock(CLIENT_ID_LOCK, client_id)


@transaction.atomic
def incident_submit(
    *, by_user, client_id: UUID | None = None, photo=None, reported_at: datetime | None = None, **fields
) -> tuple[Incident, bool]:
    """Record a report from the report form with its photo, all or nothing; (report, created).

    ``client_id`` is the id the reporter's device gave the report when it was written (the offline
    form queues it and retries the send): a send whose id is already recorded returns that report
    and writes nothing, even when two sends race (an advisory lock per id, then the unique column).
    ``reported_at`` is the moment of writing on the device; it may lie days back (a report queued
    without signal), never in the future.
    """
    if client_id is not None:
        _client_id_lock(client_id)
        existing = Incident.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.reporter_id != by_user.pk:
                raise ValidationError(
                    {"client_id": [_("Id laporan ini sudah dipakai laporan lain; muat ulang formulir.")]},
                    code="client_id_taken",
                )
            return existing, False
    now = timezone.now()
    if reported_at is not None and reported_at > now + FUTURE_TOLERANCE:
        raise ValidationError(
            {"reported_at": [_("Waktu penulisan laporan tidak boleh di masa depan; periksa jam ponsel.")]}
        )
    incident = incident_create(by_user=by_user, client_id=client_id, reported_at=reported_at or now, **fields)
    if photo:
        try:
            evidence_add(incident=incident, uploaded_file=photo, by_user=by_user)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    return incident, True


@transaction.atomic
def incident_update(*, incident: Incident, expected_version: int | None, by_user, **changes) -> Incident:
    """Edit the recorded facts (not status/severity/assignment); old and new values go to the timeline."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable through incident_update: {sorted(unknown)}")
    incident = _lock(incident, expected_version)
    _refuse_if_closed(incident)
    old, new = {}, {}
    for field, value in changes.items():
        current = getattr(incident, field)
        if current != value:
            old[field], new[field] = current, value
            setattr(incident, field, value)
    if not new:
        return incident
    if "phase" in new and incident.phase is not None and "election" not in new:
        # A phase of another election moves the report to that election.
        if incident.election_id != incident.phase.election_id:
            old["election"], new["election"] = incident.election, incident.phase.election
            incident.election = incident.phase.election
    elif "election" in new and "phase" not in new and incident.election is not None:
        phase = electionphase_at(moment=incident.occurred_at, election=incident.election)
        if phase != incident.phase:
            old["phase"], new["phase"] = incident.phase, phase
            incident.phase = phase
    _raise(
        {
            **incident_validate_election(
                election=incident.election,
                phase=incident.phase,
                polling_station=incident.polling_station
                if "polling_station" in new or "election" in new
                else None,
            ),
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
