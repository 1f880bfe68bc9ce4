"""Remembered column mappings: a clerk maps a header shape once, the next file of that shape follows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from core.models import ImportMapping

from .engine import header_signature


def mapping_remembered(*, spec: str, header: Sequence[str]) -> dict[str, str]:
    """The mapping last chosen for this import and header shape, or {}."""
    found = ImportMapping.objects.filter(spec=spec, signature=header_signature(header)).first()
    return dict(found.mapping) if found else {}


@transaction.atomic
def mapping_remember(
    *, spec: str, header: Sequence[str], mapping: Mapping[str, str], by_user
) -> ImportMapping:
    """Keep the clerk's mapping for this import and header shape (replacing an older one)."""
    remembered, _created = ImportMapping.objects.update_or_create(
        spec=spec,
        signature=header_signature(header),
        defaults={"header": list(header), "mapping": dict(mapping), "updated_by": by_user},
    )
    return remembered
