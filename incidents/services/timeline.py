"""Timeline events that another app writes on an incident (the escalation engine's steps, stops and
acknowledgements)."""

from __future__ import annotations

from typing import Any

from ..models import Incident, IncidentEvent


def incident_event_record(
    *, incident: Incident, kind: str, by_user=None, new: dict[str, Any] | None = None, note: str = ""
) -> IncidentEvent:
    """Record an event on the incident's timeline at its current version, without running the hooks.

    For a hook subscriber that writes on the timeline (the escalation engine): running the hooks from
    here would trigger it again. The caller runs inside its transaction and holds the incident's row
    lock; the incident's version is not bumped (the event is not an edit of the report).
    """
    return IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        actor=by_user,
        new=new or {},
        note=note[:500],
        version=incident.version,
    )
