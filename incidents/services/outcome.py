"""How a case ends: Bawaslu's handling step by step, recommendations and decisions, and closing a
case that another body handled without inventing a lead organisation or person."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import BallotType, BawasluState, EventKind, OutcomeKind, OutcomeStage, ReferralTarget, Status
from ..models import BawasluStep, Incident, Outcome
from ..story import bawaslu_step_sentence, outcome_sentence
from .base import _bump, _event, _lock, _refuse_if_closed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from regions.models import PollingStation

# Statuses from which "ditangani lembaga lain" closes a case.
ELSEWHERE_FROM = (Status.BARU, Status.TERVERIFIKASI, Status.DITANGANI)


def _not_future(day: date | None, field: str, errors: dict[str, list[str]]) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("Tanggal tidak boleh di masa depan."))


@transaction.atomic
def bawaslu_step_add(
    *,
    incident: Incident,
    state: str,
    on_date: date,
    by_user,
    register_number: str = "",
    forwarded_to: str = "",
    note: str = "",
) -> BawasluStep:
    """Record a step of Bawaslu's handling; the incident shows the latest step (by date).

    The first step says the case reached Bawaslu: it stops the 7-day clock as a referral would.
    """
    errors: dict[str, list[str]] = {}
    if state not in BawasluState.values:
        errors["state"] = [_("Pilih tahap penanganan Bawaslu.")]
    _not_future(on_date, "on_date", errors)
    if state in (BawasluState.DITERUSKAN, BawasluState.DITERUSKAN_GAKKUMDU) and not forwarded_to:
        forwarded_to = ReferralTarget.GAKKUMDU if state == BawasluState.DITERUSKAN_GAKKUMDU else ""
        if not forwarded_to:
            errors["forwarded_to"] = [_("Sebutkan ke mana kasus diteruskan.")]
    if errors:
        raise ValidationError(errors)
    incident = _lock(incident, None)
    _refuse_if_closed(incident)
    step = BawasluStep(
        incident=incident,
        state=state,
        on_date=on_date,
        register_number=register_number.strip(),
        forwarded_to=forwarded_to,
        note=note.strip(),
        created_by=by_user,
    )
    step.full_clean()
    step.save()
    latest = incident.bawaslu_steps.order_by("-on_date", "-id").values_list("state", flat=True).first()
    old = {"bawaslu_state": incident.bawaslu_state}
    incident.bawaslu_state = latest or state
    fields = ["bawaslu_state"]
    if incident.bawaslu_referred_at is None:
        incident.bawaslu_referred_at = timezone.make_aware(datetime.combine(on_date, time.min))
        fields.append("bawaslu_referred_at")
    _bump(incident, by_user, fields)
    _event(
        incident,
        kind=EventKind.BAWASLU,
        by_user=by_user,
        old=old,
        new={"bawaslu_state": incident.bawaslu_state, "_step": step.pk},
        note=bawaslu_step_sentence(step),
    )
    return step


@transaction.atomic
def outcome_add(
    *,
    incident: Incident,
    kind: str,
    issued_by: str,
    issued_on: date,
    by_user,
    stage: str = OutcomeStage.REKOMENDASI,
    document_number: str = "",
    polling_stations: Iterable[PollingStation] = (),
    place_note: str = "",
    ballot_types: Iterable[str] = (),
    held_on: date | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    sanction: str = "",
    sanctioned_by: str = "",
    description: str = "",
) -> Outcome:
    """Record a recommendation or decision. A PSU names its TPS (or the place in words), its ballots,
    day and hours; a sanction says what and by whom; a correction says what is corrected."""
    stations = list(polling_stations)
    ballots = list(dict.fromkeys(ballot_types))
    errors: dict[str, list[str]] = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("Pilih jenis rekomendasi atau putusan.")]
    if not issued_by.strip():
        errors["issued_by"] = [_("Sebutkan siapa yang mengeluarkannya, misalnya Bawaslu kabupaten/kota.")]
    _not_future(issued_on, "issued_on", errors)
    unknown = [b for b in ballots if b not in BallotType.values]
    if unknown:
        errors["ballot_types"] = [_("Jenis surat suara tidak dikenal: %(v)s.") % {"v": ", ".join(unknown)}]
    if kind in (OutcomeKind.PSU, OutcomeKind.PENGHITUNGAN_ULANG):
        if not stations and not place_note.strip():
            errors["polling_stations"] = [_("Pilih TPS-nya, atau tulis TPS/tempatnya bila belum terdaftar.")]
        if kind == OutcomeKind.PSU and not ballots:
            errors["ballot_types"] = [_("Pilih surat suara yang diulang.")]
        desa_code = incident.area_code
        outside = [
            s for s in stations if not (s.desa.code == desa_code or s.desa.code.startswith(desa_code + "."))
        ]
        other_election = [
            s for s in stations if incident.election_id and s.election_id != incident.election_id
        ]
        if other_election:
            errors.setdefault("polling_stations", []).append(
                _("TPS ini terdaftar untuk pemilihan lain: %(tps)s.")
                % {"tps": ", ".join(str(s) for s in other_election)}
            )
        if outside:
            errors.setdefault("polling_stations", []).append(
                _("TPS di luar wilayah laporan: %(tps)s.") % {"tps": ", ".join(str(s) for s in outside)}
            )
    if kind == OutcomeKind.SANKSI and not (sanction.strip() and sanctioned_by.strip()):
        errors["sanction"] = [_("Tulis sanksinya dan siapa yang menjatuhkan (misalnya BKN atau BKPSDM).")]
    if kind == OutcomeKind.KOREKSI_ADMINISTRASI and not description.strip():
        errors["description"] = [_("Uraikan perbaikan administrasinya.")]
    if (starts_at or ends_at) and not held_on:
        errors["held_on"] = [_("Isi tanggal pelaksanaan untuk jamnya.")]
    if errors:
        raise ValidationError(errors)
    _refuse_if_closed(incident)
    outcome = Outcome(
        incident=incident,
        kind=kind,
        stage=stage,
        issued_by=issued_by.strip(),
        issued_on=issued_on,
        document_number=document_number.strip(),
        place_note=place_note.strip(),
        ballot_types=ballots,
        held_on=held_on,
        starts_at=starts_at,
        ends_at=ends_at,
        sanction=sanction.strip(),
        sanctioned_by=sanctioned_by.strip(),
        description=description.strip(),
        created_by=by_user,
    )
    outcome.full_clean()
    outcome.save()
    if stations:
        outcome.polling_stations.set(stations)
    _event(
        incident,
        kind=EventKind.OUTCOME,
        by_user=by_user,
        new={"_outcome": outcome.pk},
        note=outcome_sentence(outcome, stations),
    )
    return outcome


@transaction.atomic
def incident_resolve_elsewhere(
    *, incident: Incident, expected_version: int | None, by_user, body: str, note: str
) -> Incident:
    """Close a case another body handled (e.g. Bawaslu, Gakkumdu): -> selesai, with that body and a
    closing note, without a lead organisation or responsible person. Hook: STATUS to selesai."""
    errors: dict[str, list[str]] = {}
    if not body.strip():
        errors["body"] = [_("Sebutkan lembaga yang menangani, misalnya Bawaslu kabupaten/kota.")]
    if not note.strip():
        errors["note"] = [_("Tulis catatan penutupan: apa hasilnya.")]
    if errors:
        raise ValidationError(errors)
    incident = _lock(incident, expected_version)
    if incident.status not in ELSEWHERE_FROM:
        raise ValidationError(
            _("Status tidak dapat diubah dari “%(from)s” menjadi “%(to)s”.")
            % {"from": Status(incident.status).label, "to": Status.SELESAI.label},
            code="illegal_transition",
        )
    old_status = incident.status
    incident.status = Status.SELESAI
    incident.handled_elsewhere_by = body.strip()[:200]
    incident.resolution_note = note.strip()
    incident.resolved_at = timezone.now()
    _bump(incident, by_user, ["status", "handled_elsewhere_by", "resolution_note", "resolved_at"])
    _event(
        incident,
        kind=EventKind.STATUS,
        by_user=by_user,
        old={"status": old_status},
        new={"status": Status.SELESAI, "handled_elsewhere_by": incident.handled_elsewhere_by},
        note=incident.resolution_note,
    )
    return incident
