"""The OpenAPI schema's hooks: only /api/v1/, and the problem-details answers every operation may give."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def only_v1(endpoints, **kwargs):
    """The schema describes /api/v1/ only (not itself, not the web pages)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


def problem_responses(result, generator, request, public):
    """Every operation may answer 400, 401, 403, 404, 429 as problem details; writes 412/428 where
    they declare it. Operations keep the codes they declare themselves."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    common = {
        "400": _("Isian atau parameter tidak sah (pesan per kolom di `errors`)."),
        "401": _("Tanpa token yang sah, atau sesi belum masuk."),
        "403": _("Token tidak diberi akses ke sumber data ini, atau pengguna tidak berwenang."),
        "404": _("Tidak ada, atau di luar wilayah Anda."),
        "406": _("Format jawaban yang diminta tidak tersedia."),
        "429": _("Terlalu banyak permintaan dari token ini; ulangi setelah `Retry-After` detik."),
    }
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = dict(common)
            if method in ("post", "put", "patch", "delete"):
                codes["415"] = _("Jenis isi tidak didukung: kirim application/json.")
            for code, text in codes.items():
                operation["responses"].setdefault(
                    code, {"description": text, "content": {"application/problem+json": {"schema": ref}}}
                )
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")) and "content" not in response:
                    response["content"] = {"application/problem+json": {"schema": ref}}
    return result


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """The integration token in the schema's security schemes."""

    target_class = "api.auth.IntegrationTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("Token integrasi dari halaman Integrasi API (dibuat administrator kabupaten)."),
        }
