"""What every API view shares: the call log, the token's area, ETags."""

from __future__ import annotations

import time

from django.db.models import Q, QuerySet
from rest_framework import generics

from core.clientip import client_ip

from .auth import call_integration
from .services import apicall_record


class LoggedMixin:
    """Logs every call (who, what, when, the answer) once the answer is known."""

    def initial(self, request, *args, **kwargs):
        self._started = time.perf_counter()
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        started = getattr(self, "_started", None)
        user = getattr(request, "_user", None)
        apicall_record(
            integration=call_integration(request),
            user=user,
            method=request.method,
            path=request.get_full_path(),
            status=response.status_code,
            duration_ms=int((time.perf_counter() - started) * 1000) if started else 0,
            client_address=client_ip(request),
        )
        return response


class ApiView(LoggedMixin, generics.GenericAPIView):
    """Base of every /api/v1/ view: ``api_resource`` names the token scope it needs."""

    api_resource: str | None = None
    # Django permissions the user (a token's: its maker) needs to read and to write, as on the web.
    read_permission: str | None = None
    write_permission: str | None = None


def area_limited(request, queryset: QuerySet, field: str) -> QuerySet:
    """A token limited to an area sees rows of that area and beneath it only (by code prefix)."""
    integration = call_integration(request)
    if integration is None:
        return queryset
    code = integration.area_code
    return queryset.filter(Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."}))
