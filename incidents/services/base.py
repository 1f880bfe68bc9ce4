"""What every incident service shares: the row lock with the version check (optimistic locking),
the version bump, and the timeline event that runs the hooks. The underscore names are for the
other modules of this package only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..choices import Status
from ..hooks import incident_hooks_run
from ..models import Incident, IncidentEvent

# Clock skew between a phone and the server: a few minutes "in the future" is still now.
FUTURE_TOLERANCE = timedelta(minutes=10)


class StaleIncidentError(ValidationError):
    """The incident changed since the user loaded it; the message says who changed what."""


# --- helpers ------------------------------------------------------------------------------------


def _refuse_if_closed(incident: Incident) -> None:
    """A closed report (ditutup) is read-only until it is reopened: nothing is added to or changed on it."""
    if incident.status == Status.DITUTUP:
        raise ValidationError(_("Laporan ini sudah ditutup. Buka kembali laporan untuk mengubahnya."))


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
