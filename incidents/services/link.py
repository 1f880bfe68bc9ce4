"""Links between reports: a duplicate of a main report, or a related one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import EventKind, LinkKind
from ..models import Incident, IncidentLink
from .base import _event, _refuse_if_closed


@transaction.atomic
def incident_link(*, source: Incident, target: Incident, kind: str, by_user) -> IncidentLink:
    """Mark ``source`` as a duplicate of (or related to) ``target``; recorded on both timelines."""
    _refuse_if_closed(source)
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
