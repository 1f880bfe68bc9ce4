"""Errors as RFC 9457 problem details (``application/problem+json``), messages in Bahasa Indonesia.

Every refusal of the API has the same shape::

    {"type": "https://.../api/docs/#masalah-validasi", "title": "Isian tidak sah", "status": 400,
     "detail": "...", "errors": {"severity": ["..."]}}

``errors`` appears for field-level problems only (400): a field's messages under its name, the
messages about the whole request under ``non_field_errors``.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    """If-Match names another version than the incident's current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("Data ini sudah diubah sejak versi yang Anda kirim di If-Match.")
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    """The data's state refuses the action (an alert already acknowledged, an escalation stopped)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Keadaan data tidak mengizinkan tindakan ini.")
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    """A change sent without If-Match."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        "Kirim header If-Match berisi ETag data yang Anda ubah (dari jawaban GET sebelumnya)."
    )
    default_code = "precondition_required"


# Status -> (slug of the type URI, title).
_TYPES = {
    400: ("validasi", gettext_lazy("Isian tidak sah")),
    401: ("belum-masuk", gettext_lazy("Belum terautentikasi")),
    403: ("ditolak", gettext_lazy("Tidak diizinkan")),
    404: ("tidak-ditemukan", gettext_lazy("Tidak ditemukan")),
    405: ("metode", gettext_lazy("Metode tidak diizinkan")),
    406: ("format", gettext_lazy("Format jawaban tidak tersedia")),
    409: ("konflik", gettext_lazy("Bertentangan dengan keadaan data")),
    412: ("versi-usang", gettext_lazy("Versi data sudah berubah")),
    413: ("terlalu-besar", gettext_lazy("Isi permintaan terlalu besar")),
    415: ("jenis-isi", gettext_lazy("Jenis isi permintaan tidak didukung")),
    428: ("perlu-if-match", gettext_lazy("Header If-Match diperlukan")),
    429: ("terlalu-sering", gettext_lazy("Terlalu banyak permintaan")),
}


def problem_type(status_code: int) -> str:
    slug = _TYPES.get(status_code, ("masalah", ""))[0]
    return f"/api/docs/#masalah-{slug}"


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _field_errors(detail) -> dict[str, list[str]]:
    """DRF's nested detail as {field: [messages]} (nested fields joined with dots)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key in ("__all__", None) else str(key)
            if isinstance(value, dict):
                for inner, messages in _field_errors(value).items():
                    out[f"{name}.{inner}"] = messages
            else:
                out[name] = _flatten(value)
        return out
    return {api_settings.NON_FIELD_ERRORS_KEY: _flatten(detail)}


def django_validation_detail(exc: DjangoValidationError, renamed: dict[str, str] | None = None):
    """A service's ValidationError as DRF detail: {field: [messages]} (service field names renamed)."""
    renamed = renamed or {}
    if hasattr(exc, "error_dict"):
        return {
            renamed.get(field, field): [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def problem_response(status_code: int, detail: str, *, errors: dict | None = None, headers=None) -> Response:
    slug_title = _TYPES.get(status_code)
    body: dict = {
        "type": problem_type(status_code),
        "title": str(slug_title[1]) if slug_title else _("Permintaan tidak dapat dipenuhi"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_json(status_code: int, detail: str) -> JsonResponse:
    """A problem as a plain Django response, for answers given outside DRF (middleware, unknown paths)."""
    slug_title = _TYPES.get(status_code)
    body = {
        "type": problem_type(status_code),
        "title": str(slug_title[1]) if slug_title else _("Permintaan tidak dapat dipenuhi"),
        "status": status_code,
        "detail": detail,
    }
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def is_api_path(path: str) -> bool:
    """Whether a request path belongs to the REST API (answered in problem details, never an HTML page)."""
    return path.startswith("/api/v1/")


@csrf_exempt
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other path under /api/v1/: 404 as a problem. Exempt from Django's CSRF check like every DRF
    view (it writes nothing): a token's POST to an unknown path got the HTML 403 page of a missing CSRF
    cookie instead (found by Schemathesis)."""
    return problem_json(404, _("Alamat API ini tidak ada."))


def _kept_headers(response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k.lower() in ("www-authenticate", "retry-after", "allow")}


def problem_exception_handler(exc, context):
    """DRF's handler, answering in problem details; Django's own exceptions mapped first."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_detail(exc))
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        exc = exceptions.NotFound(_("Data tidak ditemukan."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        detail = " ".join(m for messages in errors.values() for m in messages)
        return problem_response(400, detail, errors=errors, headers=_kept_headers(response))
    data = response.data
    detail = str(data.get("detail", "")) if isinstance(data, dict) else " ".join(_flatten(data))
    return problem_response(response.status_code, detail, headers=_kept_headers(response))
