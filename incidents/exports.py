"""Export of a filtered incident list to CSV or XLSX with fixed, documented columns.

Columns (in this order, the same in both formats), headed by their Indonesian labels and holding
what a person reads (category name, severity and status labels, WITA times):
Nomor, Jenis, Judul, Kategori, Jalur, Keparahan, Status, Waktu kejadian, Waktu diketahui,
Waktu dilaporkan, Kecamatan, Desa/kelurahan, Kode wilayah, TPS, Lintang, Bujur, Lokasi, Tahapan,
Tahap penanganan konflik, Sumber, Jumlah massa, Korban luka, Korban meninggal, Organisasi penanggung
jawab, Penanggung jawab, Batas lapor Bawaslu, Dirujuk ke Bawaslu, Pelapor rahasia, Kejadian lampau;
then the codes a
machine joins on: kode_kategori, kode_jalur, kode_keparahan, kode_status, kode_tahapan,
kode_tahap_konflik, kode_sumber.
A kabupaten-level report has an empty kecamatan and desa, and the kabupaten's code.
The identity of a confidential informant is never exported (only "ya"/"tidak").
Both formats are written by core.tabular, which keeps formula-like text from running; the XLSX has
its header frozen, a filter on every column and widths that fit the values.

The Bawaslu recap (``recap_response``) is another sheet of the same list: one row per case of the
election-law track with its classification, referrals and register numbers, Bawaslu's steps, the
recommendations and decisions, and how it ended.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_lines, write_xlsx_table

from .models import Incident

# Up to this many rows the export is answered at once; above, it runs in Celery with a progress bar.
EXPORT_SYNC_MAX = 2_000
CHUNK = 500


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _kecamatan(incident: Incident) -> str:
    area = incident.area
    if area.level == "kabupaten":  # a kabupaten-level report lies in no kecamatan
        return ""
    return area.name if area.level == "kecamatan" else (area.parent.name if area.parent else "")


@functools.cache
def _choice_labels(model, field_name: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _display(field_name: str, relation: str = "") -> Callable[[Incident], object]:
    """A column reading a choice's label, as ``get_<field>_display`` does, from a table of the labels
    made once per language (``get_..._display`` translates every choice of the field on every call:
    seven columns of them were most of an export's time)."""

    def getter(incident: Incident) -> object:
        obj = getattr(incident, relation) if relation else incident
        value = getattr(obj, field_name)
        return _choice_labels(type(obj), field_name, get_language()).get(value, value)

    return getter


_phase_label = _display("code", "phase")

# (header, value, width in characters) per column.
EXPORT_COLUMNS: list[tuple[object, Callable[[Incident], object], float]] = [
    (_("Nomor"), lambda i: i.number, 17),
    (_("Jenis"), _display("kind"), 14),
    (_("Judul"), lambda i: i.title, 40),
    (_("Kategori"), lambda i: i.category.name, 32),
    (_("Jalur"), _display("track"), 20),
    (_("Keparahan"), _display("severity"), 17),
    (_("Status"), _display("status"), 13),
    (_("Waktu kejadian"), lambda i: _dt(i.occurred_at), 17),
    (_("Waktu diketahui"), lambda i: _dt(i.known_at), 17),
    (_("Waktu dilaporkan"), lambda i: _dt(i.reported_at), 17),
    (_("Kecamatan"), _kecamatan, 18),
    (_("Desa/kelurahan"), lambda i: i.area.name if i.area.level == "desa" else "", 20),
    (_("Kode wilayah"), lambda i: i.area_code, 15),
    (_("TPS"), lambda i: i.polling_station.number if i.polling_station_id else "", 6),
    (_("Lintang"), lambda i: "" if i.lat is None else i.lat, 11),
    (_("Bujur"), lambda i: "" if i.lng is None else i.lng, 11),
    (_("Lokasi"), lambda i: i.location_description, 30),
    (_("Tahapan"), lambda i: _phase_label(i) if i.phase_id else "", 22),
    (_("Tahap penanganan konflik"), _display("conflict_stage"), 14),
    (_("Sumber"), _display("source"), 18),
    (_("Jumlah massa"), lambda i: "" if i.crowd_size is None else i.crowd_size, 8),
    (_("Korban luka"), lambda i: i.injured, 8),
    (_("Korban meninggal"), lambda i: i.dead, 8),
    (
        _("Organisasi penanggung jawab"),
        lambda i: i.lead_organisation.name if i.lead_organisation_id else "",
        28,
    ),
    (_("Penanggung jawab"), lambda i: str(i.responsible_person) if i.responsible_person_id else "", 24),
    (_("Batas lapor Bawaslu"), lambda i: _dt(i.bawaslu_deadline), 17),
    (_("Dirujuk ke Bawaslu"), lambda i: _dt(i.bawaslu_referred_at), 17),
    (_("Pelapor rahasia"), lambda i: "ya" if i.has_confidential_informant else "tidak", 8),
    (_("Kejadian lampau"), lambda i: "ya" if i.is_historical else "tidak", 8),
    # The codes, for a machine joining the export with other data.
    ("kode_kategori", lambda i: i.category.code, 18),
    ("kode_jalur", lambda i: i.track, 6),
    ("kode_keparahan", lambda i: i.severity, 6),
    ("kode_status", lambda i: i.status, 13),
    ("kode_tahapan", lambda i: i.phase.code if i.phase_id else "", 18),
    ("kode_tahap_konflik", lambda i: i.conflict_stage, 12),
    ("kode_sumber", lambda i: i.source, 16),
]
EXPORT_WIDTHS = [width for _header, _value, width in EXPORT_COLUMNS]


def export_headers() -> list[str]:
    """The header row in the active language."""
    return [str(header) for header, _value, _width in EXPORT_COLUMNS]


EXPORT_SHEET = "insiden"


def export_queryset(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """The rows of an export with everything the columns read, in one query per chunk (not the areas'
    boundaries: GeoJSON of kilobytes, twice per row, that no column shows)."""
    return queryset.select_related(
        "category",
        "area",
        "area__parent",
        "phase",
        "polling_station",
        "lead_organisation",
        "responsible_person",
    ).defer("search_vector", "search_vector_id", "chronology", "area__boundary", "area__parent__boundary")


def export_rows(
    queryset: QuerySet[Incident], progress: Callable[[int], None] | None = None
) -> Iterator[list]:
    """Yield one list of cell values per incident (headers first), reading in chunks."""
    yield export_headers()
    for n, incident in enumerate(export_queryset(queryset).iterator(chunk_size=CHUNK), start=1):
        yield [str(value) if isinstance(value, Promise) else value for value in _values(incident)]
        if progress and n % CHUNK == 0:
            progress(n)


def _values(incident: Incident) -> list:
    return [getter(incident) for _header, getter, _width in EXPORT_COLUMNS]


def export_response(queryset: QuerySet[Incident], file_format: str) -> HttpResponse:
    """An attachment response with the rows of the queryset."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx_table(export_rows(queryset), buffer, title=EXPORT_SHEET, widths=EXPORT_WIDTHS)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(csv_lines(export_rows(queryset)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="insiden-{stamp}.{file_format}"'
    return response


# --- the Bawaslu recap: one row per case of the election-law track ---------------------------------

RECAP_SHEET = "rekap_bawaslu"
# The recap is answered at once; a list longer than this is cut (the sheet says so in its last row).
RECAP_MAX_ROWS = 5_000


def _d(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def _referrals(incident: Incident) -> str:
    return "; ".join(
        " ".join(part for part in (r.get_target_display(), _d(r.referred_at), r.register_number) if part)
        for r in incident.referrals.all()
    )


def _bawaslu_steps(incident: Incident) -> str:
    return "; ".join(
        " ".join(
            part
            for part in (
                s.get_state_display(),
                _d(s.on_date),
                s.register_number,
                f"-> {s.get_forwarded_to_display()}" if s.forwarded_to else "",
                s.note,
            )
            if part
        )
        for s in incident.bawaslu_steps.all()
    )


def _register_numbers(incident: Incident) -> str:
    numbers = [r.register_number for r in incident.referrals.all() if r.register_number]
    numbers += [s.register_number for s in incident.bawaslu_steps.all() if s.register_number]
    return "; ".join(dict.fromkeys(numbers))


def _outcomes(incident: Incident) -> str:
    from .story import outcome_sentence

    return " | ".join(outcome_sentence(o, list(o.polling_stations.all())) for o in incident.outcomes.all())


def _ending(incident: Incident) -> str:
    if incident.handled_elsewhere_by:
        return incident.handled_elsewhere_by
    return incident.lead_organisation.name if incident.lead_organisation_id else ""


RECAP_COLUMNS: list[tuple[str, Callable[[Incident], object]]] = [
    ("nomor", lambda i: i.number),
    ("judul", lambda i: i.title),
    ("tanggal_kejadian", lambda i: _d(i.occurred_at)),
    ("tanggal_diketahui", lambda i: _d(i.known_at)),
    ("kecamatan", _kecamatan),
    ("desa", lambda i: i.area.name if i.area.level == "desa" else ""),
    ("tps", lambda i: str(i.polling_station) if i.polling_station_id else ""),
    ("kategori", lambda i: i.category.name),
    ("klasifikasi", lambda i: i.get_violation_class_display()),
    ("rujukan", _referrals),
    ("nomor_register", _register_numbers),
    ("penanganan_bawaslu", _bawaslu_steps),
    ("tahap_bawaslu_terakhir", lambda i: i.get_bawaslu_state_display()),
    ("rekomendasi_putusan", _outcomes),
    ("status", lambda i: i.get_status_display()),
    ("ditangani_oleh", _ending),
    ("catatan_penutupan", lambda i: i.resolution_note),
    ("kejadian_lampau", lambda i: "ya" if i.is_historical else "tidak"),
]
RECAP_HEADERS = [name for name, _ in RECAP_COLUMNS]
RECAP_WIDTHS = [17, 40, 12, 12, 18, 20, 24, 30, 16, 40, 36, 50, 22, 60, 12, 30, 40, 8]


def recap_queryset(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """The cases of the recap: the election-law track (P, P/K), oldest first, with what a row reads."""
    from django.db.models import Prefetch

    from regions.selectors import pollingstation_list

    from .choices import P_TRACKS
    from .models import Outcome

    return (
        queryset.filter(track__in=list(P_TRACKS))
        .select_related("category", "area", "area__parent", "polling_station", "lead_organisation")
        .defer("search_vector", "chronology", "area__boundary", "area__parent__boundary")
        .prefetch_related(
            "referrals",
            "bawaslu_steps",
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.prefetch_related(
                    Prefetch("polling_stations", queryset=pollingstation_list())
                ),
            ),
        )
        .order_by("occurred_at", "id")
    )


def recap_rows(queryset: QuerySet[Incident]) -> Iterator[list]:
    """Headers, then one row per case (at most RECAP_MAX_ROWS; a last row says when the list was cut)."""
    yield RECAP_HEADERS
    cases = recap_queryset(queryset)
    for n, incident in enumerate(cases.iterator(chunk_size=CHUNK), start=1):
        if n > RECAP_MAX_ROWS:
            yield [f"... lebih dari {RECAP_MAX_ROWS} kasus: persempit filternya."]
            return
        yield [getter(incident) for _, getter in RECAP_COLUMNS]


def recap_response(queryset: QuerySet[Incident]) -> HttpResponse:
    """The Bawaslu recap as an XLSX attachment (formula-safe writer)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    buffer = io.BytesIO()
    write_xlsx_table(recap_rows(queryset), buffer, title=RECAP_SHEET, widths=RECAP_WIDTHS)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rekap-bawaslu-{stamp}.xlsx"'
    return response
