"""Internal notes on an incident."""

from __future__ import annotations

from django.db import transaction

from ..choices import EventKind
from ..models import Incident, IncidentNote
from .base import _event, _refuse_if_closed


@transaction.atomic
def note_add(*, incident: Incident, body: str, by_user) -> IncidentNote:
    """Add an internal note; the timeline records that a note was added, not its text."""
    _refuse_if_closed(incident)
    note = IncidentNote(incident=incident, author=by_user, body=(body or "").strip())
    note.full_clean()
    note.save()
    _event(incident, kind=EventKind.NOTE, by_user=by_user, new={"note": note.pk})
    return note
