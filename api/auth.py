"""Who calls the API: an integration's token (``Authorization: Bearer pmk_...``) or a browser session,
and what a token may do (its scope per resource and its area)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from .choices import Access
from .models import Integration
from .selectors import integration_by_token


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    """An integration's token as a Bearer token; the call acts as the administrator who made it."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization harus berbentuk: Bearer <token>."))
        try:
            token = header[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token tidak terbaca.")) from exc
        integration = integration_by_token(token)
        if integration is None:
            raise exceptions.AuthenticationFailed(_("Token tidak dikenal, sudah dicabut, atau kedaluwarsa."))
        return integration.created_by, integration

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def call_integration(request) -> Integration | None:
    """The integration a call came with (None for a browser session)."""
    # The attribute DRF fills once authentication ran (reading `.auth` would authenticate again).
    auth = getattr(request, "_auth", None)
    return auth if isinstance(auth, Integration) else None


class ResourceScopePermission(permissions.BasePermission):
    """A signed-in user, and for a token: its scope for the view's resource (read for GET/HEAD/OPTIONS,
    read-write for every other method). What the user may see is the selectors' business."""

    message = _("Token ini tidak diberi akses ke sumber data ini.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        safe = request.method in permissions.SAFE_METHODS
        # The same Django permission the web page of the resource asks for (reading, or the write).
        needed = getattr(view, "read_permission" if safe else "write_permission", None)
        if needed and not request.user.has_perm(needed):
            self.message = _("Anda tidak berwenang untuk ini.")
            return False
        integration = call_integration(request)
        if integration is None:
            return True
        resource = getattr(view, "api_resource", None)
        if resource is None:
            return False
        access = integration.access_to(resource)
        if request.method in permissions.SAFE_METHODS:
            return access in (Access.READ, Access.WRITE)
        if access != Access.WRITE:
            self.message = _("Token ini hanya boleh membaca sumber data ini.")
            return False
        return True


class AllowAnyone(permissions.AllowAny):
    """The schema: public, it holds no data."""
