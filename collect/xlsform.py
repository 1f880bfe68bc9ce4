"""The XLSForm of the field report for KoboToolbox and ODK Collect: the report form's fields and
choice lists, with the kecamatan and desa of the reference data (``manage.py collect_xlsform``
writes it to docs/kobo/laporan-lapangan.xlsx; a test fails when the shipped file falls behind), or
those of one kabupaten (the integration page's download, for its administrator)."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext as _
from django.utils.translation import override

from core.tabular import XlsxWriter
from incidents.choices import SEVERITY_GUIDE, ConflictStage, IncidentKind, Severity, Source
from incidents.selectors import category_list
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, subtree_q

FORM_ID = "pilkada_mitigasi_laporan"
SURVEY_HEADER = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "constraint",
    "constraint_message",
    "choice_filter",
    "appearance",
]
CHOICES_HEADER = ["list_name", "name", "label", "kecamatan"]
SETTINGS_HEADER = ["form_title", "form_id", "version", "default_language"]


def _survey() -> list[list[str]]:
    def row(
        kind, name, label="", hint="", required="", constraint="", message="", choice_filter="", appearance=""
    ):
        return [kind, name, label, hint, required, constraint, message, choice_filter, appearance]

    yes = "yes"
    return [
        row("start", "start"),
        row("end", "end"),
        row("select_one kind", "kind", _("Jenis laporan"), required=yes),
        row("text", "title", _("Judul singkat"), required=yes),
        row("text", "chronology", _("Kronologi"), required=yes, appearance="multiline"),
        row("select_one category", "category", _("Kategori"), required=yes),
        row("select_one severity", "severity", _("Tingkat keparahan"), required=yes),
        row(
            "dateTime",
            "occurred_at",
            _("Waktu kejadian"),
            required=yes,
            constraint=". <= now()",
            message=_("Waktu kejadian tidak boleh di masa depan."),
        ),
        row(
            "dateTime",
            "known_at",
            _("Waktu diketahui"),
            required=yes,
            constraint=". >= ${occurred_at}",
            message=_("Waktu diketahui tidak boleh sebelum waktu kejadian."),
        ),
        row("select_one kecamatan", "kecamatan", _("Kecamatan"), required=yes, appearance="minimal"),
        row(
            "select_one desa",
            "desa",
            _("Desa/kelurahan"),
            hint=_("Kosongkan bila desanya belum diketahui."),
            choice_filter="kecamatan=${kecamatan}",
            appearance="minimal",
        ),
        row(
            "integer",
            "tps_number",
            _("Nomor TPS"),
            constraint=". >= 1 and . <= 999",
            message=_("Nomor TPS 1 sampai 999."),
        ),
        row("text", "location_description", _("Keterangan lokasi")),
        row("geopoint", "location", _("Titik GPS (opsional)")),
        row("select_one source", "source", _("Sumber informasi"), required=yes),
        row("select_one conflict_stage", "conflict_stage", _("Tahap penanganan konflik"), required=yes),
        row("text", "parties_involved", _("Pihak yang terlibat"), appearance="multiline"),
        row("integer", "crowd_size", _("Jumlah massa"), constraint=". >= 0"),
        row("integer", "injured", _("Korban luka"), constraint=". >= 0"),
        row("integer", "dead", _("Korban meninggal"), constraint=". >= 0"),
        row("text", "damage", _("Kerusakan"), appearance="multiline"),
        row("image", "photo", _("Foto/berkas bukti")),
    ]


def _choices(kabupaten: str | None) -> list[list[str]]:
    rows = [["kind", value, str(label), ""] for value, label in IncidentKind.choices]
    rows += [["category", c.code, c.name, ""] for c in category_list()]
    rows += [
        ["severity", str(level.value), f"{level.label}: {SEVERITY_GUIDE[level]}", ""] for level in Severity
    ]
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False).order_by("code")
    desa = adminunit_list(level=AdminLevel.DESA, with_parent=False).order_by("code")
    if kabupaten:
        kecamatan, desa = kecamatan.filter(subtree_q(kabupaten)), desa.filter(subtree_q(kabupaten))
    rows += [["kecamatan", unit.code, unit.name, ""] for unit in kecamatan]
    rows += [["desa", unit.code, unit.name, unit.code.rsplit(".", 1)[0]] for unit in desa]
    rows += [["source", value, str(label), ""] for value, label in Source.choices]
    rows += [["conflict_stage", value, str(label), ""] for value, label in ConflictStage.choices]
    return rows


def xlsform_sheets(kabupaten: str | None = None) -> dict[str, list[list[str]]]:
    """The three sheets (survey, choices, settings), in Bahasa Indonesia; the version is a digest of
    the survey and choices, so it changes exactly when the form does. With ``kabupaten`` (a code),
    only its kecamatan and desa are offered."""
    with override("id"):
        survey, choices = _survey(), _choices(kabupaten)
        digest = hashlib.sha256(json.dumps([survey, choices]).encode()).hexdigest()[:10]
        settings = [[_("Laporan kejadian Pilkada"), FORM_ID, digest, "id"]]
    return {
        "survey": [SURVEY_HEADER, *survey],
        "choices": [CHOICES_HEADER, *choices],
        "settings": [SETTINGS_HEADER, *settings],
    }


def xlsform_bytes(kabupaten: str | None = None) -> bytes:
    writer = XlsxWriter()
    for title, rows in xlsform_sheets(kabupaten).items():
        writer.sheet(title, header=rows[0], freeze_header=True).extend(rows[1:])
    return writer.to_bytes()
