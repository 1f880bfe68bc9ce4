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

from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile, grant_scope

from .choices import Access, Resource
from .models import ApiCall, Integration

if TYPE_CHECKING:
    from regions.models import AdminUnit

TOKEN_PREFIX = "pmk_"  # noqa: S105 - the visible start of every token, not a secret


def token_hash(token: str) -> str:
    """The stored form of a token (SHA-256: a token is 43 random characters, no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def integration_may_manage(user) -> bool:
    """Only kabupaten administrators make and revoke integrations (with several kabupaten served, each
    those of its own kabupaten: ``integration_area_managed``)."""
    return grant_scope(user).administrator or access_profile(user).has_role(AccessRole.KABUPATEN_ADMIN)


def integration_area_managed(user, code: str) -> bool:
    """Whether the user manages integrations of the area ``code``: an administrator of the whole
    installation (one kabupaten served, a superuser) every area; with several kabupaten served, a
    kabupaten administrator those of their own kabupaten (a province's, every kabupaten below it)."""
    return grant_scope(user).administrator or access_profile(user).covers(code, AccessRole.KABUPATEN_ADMIN)


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
    """Make an integration and its token; (integration, the token in clear, to be shown once). The
    integration belongs to the kabupaten of its area, which must be one the maker administers: calls
    with it act as the maker, so a token never reaches beyond the maker's kabupaten."""
    if not integration_may_manage(by_user):
        raise PermissionDenied(_("Hanya administrator kabupaten yang boleh membuat integrasi."))
    errors: dict[str, list[str]] = {}
    clean_scopes = {k: v for k, v in (scopes or {}).items() if v}
    unknown = [k for k, v in clean_scopes.items() if k not in Resource.values or v not in Access.values]
    if unknown:
        errors["scopes"] = [_("Cakupan tidak dikenal: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    elif not clean_scopes:
        errors["scopes"] = [_("Pilih sedikitnya satu sumber data yang boleh dibaca.")]
    if not integration_area_managed(by_user, area.code):
        errors["area"] = [_("Wilayah ini di luar kabupaten Anda: token hanya menjangkau kabupaten Anda.")]
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
    if not integration_area_managed(by_user, integration.area_code):
        raise PermissionDenied(_("Integrasi ini milik kabupaten lain."))
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
