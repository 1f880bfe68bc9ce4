"""What a partner system receives: the event's envelope and the incident's public fields.

Only what the incident export shows anyone who may export (``incidents.exports``): never the
reporter, an informant, the chronology or notes. Times are ISO 8601 in WITA (``+08:00``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from escalation.models import Escalation
    from incidents.models import Incident

PAYLOAD_VERSION = 1


def iso_wita(moment: datetime | None) -> str | None:
    """An aware moment as ISO 8601 in the installation's time zone (WITA: ``2024-10-10T09:00:00+08:00``)."""
    return timezone.localtime(moment).isoformat() if moment else None


def incident_public(incident: Incident) -> dict:
    """The incident's fields a partner may hold: number, what, where, when, how bad, where it stands."""
    area = incident.area
    return {
        "number": incident.number,
        "kind": incident.kind,
        "title": incident.title,
        "category": {"code": incident.category.code, "name": incident.category.name},
        "track": incident.track,
        "severity": incident.severity,
        "status": incident.status,
        "occurred_at": iso_wita(incident.occurred_at),
        "known_at": iso_wita(incident.known_at),
        "reported_at": iso_wita(incident.reported_at),
        "area": {"code": incident.area_code, "name": area.name, "level": area.level},
        "polling_station": incident.polling_station.number if incident.polling_station_id else None,
        "lat": incident.lat,
        "lng": incident.lng,
        "location_description": incident.location_description,
        "phase": incident.phase.code if incident.phase_id else None,
        "conflict_stage": incident.conflict_stage,
        "source": incident.source,
        "crowd_size": incident.crowd_size,
        "injured": incident.injured,
        "dead": incident.dead,
        "is_historical": incident.is_historical,
        "version": incident.version,
        "url": f"{settings.SITE_URL}{incident.get_absolute_url()}",
    }


def envelope(
    *, event_type: str, event_id: str, idempotency_key: str, data: dict, at: datetime | None = None
) -> dict:
    """The JSON every webhook sends: type, id, when (WITA), the key to drop repeats by, and the data."""
    return {
        "type": event_type,
        "id": event_id,
        "idempotency_key": idempotency_key,
        "timestamp": iso_wita(at or timezone.now()),
        "version": PAYLOAD_VERSION,
        "data": data,
    }


def escalation_public(escalation: Escalation) -> dict:
    """An acknowledgement without names: when and by which way (link, app, channel reply)."""
    return {
        "id": escalation.pk,
        "status": escalation.status,
        "acknowledged_at": iso_wita(escalation.acknowledged_at),
        "acknowledged_via": escalation.acknowledged_via,
    }


def test_event_id() -> str:
    return f"test-{uuid.uuid4().hex}"
