"""The triage workflow: verify, reject, assign, change the severity, resolve, close, reopen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import TRANSITIONS, EventKind, LinkKind, RejectReason, Severity, Status
from ..models import Incident
from .base import _bump, _event, _lock
from .link import incident_link

if TYPE_CHECKING:
    from stakeholders.models import Organisation, Person


def _refuse_transition(incident: Incident, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(incident.status, ()):
        raise ValidationError(
            _("Status tidak dapat diubah dari “%(from)s” menjadi “%(to)s”.")
            % {"from": Status(incident.status).label, "to": Status(to_status).label},
            code="illegal_transition",
        )


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
    """ditangani -> selesai (handled); ``note`` is the closing note (what came of it), kept on the
    incident. Hook: EventKind.STATUS to selesai (stop escalation)."""
    incident = _lock(incident, expected_version)
    _refuse_transition(incident, Status.SELESAI)
    _move(
        incident,
        Status.SELESAI,
        by_user,
        note=note,
        resolved_at=timezone.now(),
        resolution_note=(note or "").strip(),
    )
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
        resolution_note="",
        handled_elsewhere_by="",
    )
    return incident
