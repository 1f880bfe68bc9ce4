"""Builders of incidents for tests: through the real service, so every row is valid and has its timeline."""

from datetime import datetime
from zoneinfo import ZoneInfo

from incidents.choices import Source
from incidents.models import IncidentCategory
from incidents.services import incident_create
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

WITA = ZoneInfo("Asia/Makassar")


def wita(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=WITA)


def make_incident(*, by_user=None, area_code="64.08.04.2001", category="BENTROK_MASSA", **fields):
    """An incident filed through incident_create, in Sangatta Utara during the 2024 campaign by default."""
    if by_user is None:
        by_user = user_with_office(Office.PETUGAS_LAPANGAN, area_code)
    values = {
        "title": "Kericuhan di depan posko",
        "chronology": "Dua kelompok pendukung saling dorong di depan posko.",
        "occurred_at": wita(2024, 10, 10, 9),
        "known_at": wita(2024, 10, 10, 10),
        "source": Source.PETUGAS_LAPANGAN,
        "severity": 3,
    }
    values.update(fields)
    return incident_create(
        by_user=by_user,
        category=IncidentCategory.objects.get(code=category),
        area=AdminUnit.objects.get(code=area_code),
        **values,
    )
