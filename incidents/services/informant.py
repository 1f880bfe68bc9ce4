"""The confidential informant: revealing the identity (audited) and removing it."""

from __future__ import annotations

from django.db import transaction

from audit.choices import AccessKind
from audit.services import access_record

from ..choices import EventKind
from ..models import ConfidentialInformant, Incident, IncidentEvent
from .base import _event


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
