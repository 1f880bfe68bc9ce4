"""Export of a filtered incident list to CSV or XLSX with fixed, documented columns.

Columns (in this order, the same in both formats):
nomor, jenis, judul, kategori, jalur, keparahan, status, waktu_kejadian, waktu_diketahui,
waktu_dilaporkan, kecamatan, desa, kode_wilayah, tps, lintang, bujur, lokasi, tahapan,
tahap_konflik, sumber, jumlah_massa, korban_luka, korban_meninggal, organisasi_penanggung_jawab,
penanggung_jawab, batas_lapor_bawaslu, dirujuk_bawaslu, pelapor_rahasia.
The identity of a confidential informant is never exported (only "ya"/"tidak").
Both formats are written by core.tabular, which keeps formula-like text from running.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from core.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_lines, write_xlsx

from .models import Incident

# Up to this many rows the export is answered at once; above, it runs in Celery with a progress bar.
EXPORT_SYNC_MAX = 2_000
CHUNK = 500


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _kecamatan(incident: Incident) -> str:
    area = incident.area
    return area.name if area.level == "kecamatan" else (area.parent.name if area.parent else "")


EXPORT_COLUMNS: list[tuple[str, Callable[[Incident], object]]] = [
    ("nomor", lambda i: i.number),
    ("jenis", lambda i: i.get_kind_display()),
    ("judul", lambda i: i.title),
    ("kategori", lambda i: i.category.code),
    ("jalur", lambda i: i.track),
    ("keparahan", lambda i: i.severity),
    ("status", lambda i: i.status),
    ("waktu_kejadian", lambda i: _dt(i.occurred_at)),
    ("waktu_diketahui", lambda i: _dt(i.known_at)),
    ("waktu_dilaporkan", lambda i: _dt(i.reported_at)),
    ("kecamatan", _kecamatan),
    ("desa", lambda i: i.area.name if i.area.level == "desa" else ""),
    ("kode_wilayah", lambda i: i.area_code),
    ("tps", lambda i: i.polling_station.number if i.polling_station_id else ""),
    ("lintang", lambda i: "" if i.lat is None else i.lat),
    ("bujur", lambda i: "" if i.lng is None else i.lng),
    ("lokasi", lambda i: i.location_description),
    ("tahapan", lambda i: i.phase.code if i.phase_id else ""),
    ("tahap_konflik", lambda i: i.conflict_stage),
    ("sumber", lambda i: i.source),
    ("jumlah_massa", lambda i: "" if i.crowd_size is None else i.crowd_size),
    ("korban_luka", lambda i: i.injured),
    ("korban_meninggal", lambda i: i.dead),
    ("organisasi_penanggung_jawab", lambda i: i.lead_organisation.name if i.lead_organisation_id else ""),
    ("penanggung_jawab", lambda i: str(i.responsible_person) if i.responsible_person_id else ""),
    ("batas_lapor_bawaslu", lambda i: _dt(i.bawaslu_deadline)),
    ("dirujuk_bawaslu", lambda i: _dt(i.bawaslu_referred_at)),
    ("pelapor_rahasia", lambda i: "ya" if i.has_confidential_informant else "tidak"),
]
EXPORT_HEADERS = [name for name, _ in EXPORT_COLUMNS]
EXPORT_SHEET = "insiden"


def export_queryset(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """The rows of an export with everything the columns read, in one query per chunk."""
    return queryset.select_related(
        "category",
        "area",
        "area__parent",
        "phase",
        "polling_station",
        "lead_organisation",
        "responsible_person",
    ).defer("search_vector", "search_vector_id", "chronology")


def export_rows(
    queryset: QuerySet[Incident], progress: Callable[[int], None] | None = None
) -> Iterator[list]:
    """Yield one list of cell values per incident (headers first), reading in chunks."""
    yield EXPORT_HEADERS
    for n, incident in enumerate(export_queryset(queryset).iterator(chunk_size=CHUNK), start=1):
        yield [getter(incident) for _, getter in EXPORT_COLUMNS]
        if progress and n % CHUNK == 0:
            progress(n)


def export_response(queryset: QuerySet[Incident], file_format: str) -> HttpResponse:
    """An attachment response with the rows of the queryset."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(export_rows(queryset), buffer, title=EXPORT_SHEET)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(csv_lines(export_rows(queryset)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="insiden-{stamp}.{file_format}"'
    return response
