"""Every write of the API app: integrations (made, revoked) and the call log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.selectors import grant_scope

from .choices import Access, Resource
from .models import ApiCall, Integration

if TYPE_CHECKING:
    from regions.models import AdminUnit

TOKEN_PREFIX = "pmk_"  # noqa: S105 - the visible start of every token, not a secret


def token_hash(token: str) -> str:
    """The stored form of a token (SHA-256: a token is 43 random characters, no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def integration_may_manage(user) -> bool:
    """Only kabupaten administrators make and revoke integrations."""
    return grant_scope(user).administrator


@transaction.atomic
def integration_create(
    *,
    name: str,
    area: AdminUnit,
    scopes: dict[str, str],
    expires_at: datetime,
    by_user,
    description: str = "",
) -> tuple[Integration, str]:
    """Make an integration and its token; (integration, the token in clear, to be shown once)."""
    if not integration_may_manage(by_user):
        raise PermissionDenied(_("Hanya administrator kabupaten yang boleh membuat integrasi."))
    errors: dict[str, list[str]] = {}
    clean_scopes = {k: v for k, v in (scopes or {}).items() if v}
    unknown = [k for k, v in clean_scopes.items() if k not in Resource.values or v not in Access.values]
    if unknown:
        errors["scopes"] = [_("Cakupan tidak dikenal: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    elif not clean_scopes:
        errors["scopes"] = [_("Pilih sedikitnya satu sumber data yang boleh dibaca.")]
    if expires_at <= timezone.now():
        errors["expires_at"] = [_("Tanggal berlaku harus di masa depan.")]
    if errors:
        raise ValidationError(errors)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    integration = Integration(
        name=name.strip(),
        description=description,
        area=area,
        area_code=area.code,
        scopes=clean_scopes,
        token_prefix=token[:12],
        token_hash=token_hash(token),
        expires_at=expires_at,
        created_by=by_user,
    )
    integration._history_user = by_user  # type: ignore[attr-defined]
    integration.full_clean()
    integration.save()
    return integration, token


@transaction.atomic
def integration_revoke(*, integration: Integration, by_user) -> Integration:
    """Revoke a token: every later call with it is refused (401). Revoking twice changes nothing."""
    if not integration_may_manage(by_user):
        raise PermissionDenied(_("Hanya administrator kabupaten yang boleh mencabut integrasi."))
    locked = Integration.objects.select_for_update().get(pk=integration.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_by = by_user
        locked._history_user = by_user  # type: ignore[attr-defined]
        locked.full_clean()
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked


def apicall_record(
    *,
    integration: Integration | None,
    user,
    method: str,
    path: str,
    status: int,
    duration_ms: int,
    client_address: str | None,
) -> ApiCall:
    """Log one API call (who, what, when); an append-only row, outside the call's own transaction."""
    return ApiCall.objects.create(
        integration=integration,
        user=user if user is not None and user.is_authenticated else None,
        method=method[:10],
        path=path[:500],
        status=status,
        duration_ms=max(0, duration_ms),
        client_address=client_address or None,
    )
