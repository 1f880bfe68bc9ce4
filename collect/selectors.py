"""Reads of collect."""

from __future__ import annotations

import hashlib

from .models import FormIntegration


def formintegration_for_token(token: str) -> FormIntegration | None:
    """The integration whose secret this is (active or not), or None."""
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return (
        FormIntegration.objects.select_related("person__user", "organisation", "area")
        .filter(token_hash=digest)
        .first()
    )
