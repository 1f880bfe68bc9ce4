"""Import of organisations and of people (with contact points and positions) from CSV or XLSX.

Both imports are declarations run by the engine in ``core.imports``: the clerk's own headers map
by synonyms ("Nama", "Instansi", "Kecamatan/Desa", "TMT", "No. HP", "Nomor WA", ...), title rows
above the header are skipped, any sheet may be chosen, values are read as a person would (areas by
name or code, organisations by everyday names, offices by their abbreviations with Pj/Plt/Plh/Pjs,
Indonesian dates, split names, phones with landlines kept apart), every problem of a row is kept
and the problems are grouped by kind. A file is stored with its rows as text (``import_job_create``);
every row is checked by running the real services inside a transaction that is rolled back
(``import_job_validate``); the clerk maps unknown headers (``import_job_map``, remembered for the
next file of the same header shape), fixes a row (``import_row_fix``), replaces one value in every
row (``import_value_replace``) or leaves rows out (``import_row_drop``); then the file is saved all
or nothing (``import_job_commit``). An import is a core background job: a large file is read,
checked and saved by the worker with progress and recovery; a small one during the request.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.engine import (
    BulkResult,
    Column,
    ImportSpec,
    RowProblem,
    RowResult,
    apply_rows,
    auto_map,
    check_row,
    find_header,
    group_problems,
    missing_required,
    read_sheet,
    unmapped,
)
from core.imports.mappings import mapping_remember, mapping_remembered
from core.imports.parsers import (
    Area,
    AreaIndex,
    ChoiceParser,
    Noted,
    OrgIndex,
    ParseError,
    PersonName,
    Phone,
    fold,
    format_date,
    name_key,
    parse_date,
    parse_phones,
    split_name,
    tidy,
)
from core.jobs import job_enqueue, job_finish, job_progress, job_reset, job_run
from core.tabular import TableLimits, XlsxWriter, detect_format, read_table, tabular_sync_max_bytes
from regions.selectors import adminunit_list

from .choices import ActingKind, ContactKind, ImportKind, ImportPhase, ImportStep, Office, OrgType
from .models import ImportJob, Organisation
from .selectors import (
    PersonMatch,
    access_profile,
    area_scope_q,
    organisation_visible_to,
    person_list,
    person_match_index,
)
from .services import (
    contact_point_add,
    organisation_create,
    person_create,
    position_assign,
    position_hand_over,
)
from .services_import import PersonRow, PositionRow, people_import

IMPORT_MAX_ROWS = 10_000
# Up to this many rows an import is checked and saved during the request; above, by the worker.
IMPORT_SYNC_ROWS = 200
# The header of the reasons column in the rejected-rows workbook; ignored when that file comes back.
REASONS_HEADER = "Alasan penolakan"

# Common spellings of area names that are not the Kemendagri spelling (DOMAIN.md §1).
AREA_ALIASES = {"Kongbeng": "64.08.08", "Sangata": "64.08.04"}

# Office names and abbreviations a clerk writes (DOMAIN.md §6.2), folded when compared.
OFFICE_SYNONYMS: dict[str, str] = {
    "Bupati": Office.BUPATI,
    "Wabup": Office.WAKIL_BUPATI,
    "Wakil Bupati": Office.WAKIL_BUPATI,
    "Sekda": Office.SEKDA,
    "Sekretaris Daerah": Office.SEKDA,
    "Asisten I": Office.ASISTEN_PEMERINTAHAN,
    "Asisten Pemerintahan": Office.ASISTEN_PEMERINTAHAN,
    "Kabag Pem": Office.KABAG_PEMERINTAHAN,
    "Kabag Pemerintahan": Office.KABAG_PEMERINTAHAN,
    "Kaban Kesbangpol": Office.KABAN_KESBANGPOL,
    "Kepala Kesbangpol": Office.KABAN_KESBANGPOL,
    "Kabid Waspadnas": Office.KABID_WASPADNAS,
    "Kadis": Office.KEPALA_OPD,
    "Kepala Dinas": Office.KEPALA_OPD,
    "Kepala Badan": Office.KEPALA_OPD,
    "Camat": Office.CAMAT,
    "Sekcam": Office.SEKCAM,
    "Sekretaris Camat": Office.SEKCAM,
    "Sekretaris Kecamatan": Office.SEKCAM,
    "Kasi Trantib": Office.KASI_TRANTIB,
    "Kasi Ketenteraman dan Ketertiban": Office.KASI_TRANTIB,
    "Kades": Office.KEPALA_DESA,
    "Kepala Kampung": Office.KEPALA_DESA,
    "Petinggi": Office.KEPALA_DESA,
    "Lurah": Office.LURAH,
    "Sekdes": Office.SEKDES,
    "Sekretaris Desa": Office.SEKDES,
    "Ketua BPD": Office.KETUA_BPD,
    "Ketua Badan Permusyawaratan Desa": Office.KETUA_BPD,
    "Anggota Linmas": Office.LINMAS,
    "Satlinmas": Office.LINMAS,
    "Kapolres": Office.KAPOLRES,
    "Kasat Intel": Office.KASAT_INTELKAM,
    "Kasat Intelkam": Office.KASAT_INTELKAM,
    "Kabag Ops": Office.KABAG_OPS,
    "Kapolsek": Office.KAPOLSEK,
    "Bhabin": Office.BHABINKAMTIBMAS,
    "Bhabin Kamtibmas": Office.BHABINKAMTIBMAS,
    "Babin Kamtibmas": Office.BHABINKAMTIBMAS,
    "Bhabinkamtibmas": Office.BHABINKAMTIBMAS,
    "Dandim": Office.DANDIM,
    "Danramil": Office.DANRAMIL,
    "Babinsa": Office.BABINSA,
    "Danlanal": Office.DANLANAL,
    "Kajari": Office.KAJARI,
    "Kepala Kejari": Office.KAJARI,
    "Ketua PN": Office.KETUA_PN,
    "Kominda": Office.ANGGOTA_KOMINDA,
    "Ketua KPU": Office.KETUA_KPU,
    "Komisioner KPU": Office.ANGGOTA_KPU,
    "Anggota KPU": Office.ANGGOTA_KPU,
    "Ketua PPK": Office.KETUA_PPK,
    "Ketua PPS": Office.KETUA_PPS,
    "Ketua Bawaslu": Office.KETUA_BAWASLU,
    "Anggota Bawaslu": Office.ANGGOTA_BAWASLU,
    "Ketua Panwascam": Office.KETUA_PANWASCAM,
    "Ketua Panwaslu Kecamatan": Office.KETUA_PANWASCAM,
    "PKD": Office.PKD,
    "PPL": Office.PKD,
    "Panwaslu Desa": Office.PKD,
    "Panwaslu Kelurahan/Desa": Office.PKD,
    "Toga": Office.TOKOH_AGAMA,
    "Tokoh Agama": Office.TOKOH_AGAMA,
    "Tomas": Office.TOKOH_MASYARAKAT,
    "Tokoh Masyarakat": Office.TOKOH_MASYARAKAT,
    "Todat": Office.TOKOH_ADAT,
    "Tokoh Adat": Office.TOKOH_ADAT,
    "Wartawan": Office.JURNALIS,
    "Humas": Office.HUMAS_PERUSAHAAN,
    "Fasilitator": Office.FASILITATOR,
    "Pelatih": Office.FASILITATOR,
    "Narsum": Office.NARASUMBER,
}
# "Pj. Kepala Desa", "Plt Camat", "Penjabat Kades": the acting status written before the office.
ACTING_PREFIX = re.compile(
    r"^(pj|pjs|plt|plh|penjabat sementara|penjabat|pelaksana tugas|pelaksana harian)\b\.?\s*", re.IGNORECASE
)
ACTING_WORDS = {
    "pj": ActingKind.PJ,
    "penjabat": ActingKind.PJ,
    "pjs": ActingKind.PJS,
    "penjabat sementara": ActingKind.PJS,
    "plt": ActingKind.PLT,
    "pelaksana tugas": ActingKind.PLT,
    "plh": ActingKind.PLH,
    "pelaksana harian": ActingKind.PLH,
    "definitif": ActingKind.DEFINITIVE,
}
ORG_TYPE_SYNONYMS: dict[str, str] = {
    "Pemkab": OrgType.PEMDA,
    "Kesbangpol": OrgType.OPD_KESBANGPOL,
    "OPD": OrgType.OPD_LAIN,
    "Dinas": OrgType.OPD_LAIN,
    "Kecamatan": OrgType.KECAMATAN,
    "Desa": OrgType.PEMERINTAH_DESA,
    "Kelurahan": OrgType.PEMERINTAH_DESA,
    "Pemdes": OrgType.PEMERINTAH_DESA,
    "Polres": OrgType.POLRI,
    "Polsek": OrgType.POLRI,
    "Kepolisian": OrgType.POLRI,
    "TNI": OrgType.TNI_AD,
    "Kodim": OrgType.TNI_AD,
    "Koramil": OrgType.TNI_AD,
    "Lanal": OrgType.TNI_AL,
    "Kejari": OrgType.KEJAKSAAN,
    "PN": OrgType.PENGADILAN,
    "BIN": OrgType.INTELIJEN,
    "Ormas": OrgType.MASYARAKAT,
    "Tokoh": OrgType.MASYARAKAT,
    "Partai": OrgType.PESERTA,
    "Pers": OrgType.MEDIA,
    "Perusahaan": OrgType.SWASTA,
}
KIND_LABELS = {
    "area_out_of_scope": gettext_lazy("Wilayah di luar wilayah Anda"),
    "position_incomplete": gettext_lazy("Data jabatan belum lengkap"),
    "office_unknown": gettext_lazy("Jabatan tidak dikenal"),
    "status_unknown": gettext_lazy("Status jabatan tidak dikenal"),
    "type_unknown": gettext_lazy("Jenis organisasi tidak dikenal"),
    "email_invalid": gettext_lazy("Alamat email tidak valid"),
    "telegram_invalid": gettext_lazy("ID Telegram tidak valid"),
}


# Keys a row rule adds to a row's values (never a column's key): the probable same person (a
# PersonMatch, or the row number of an earlier row), and whom the row joins when saved.
SAME_AS, JOIN, JOIN_LINE, UNCHANGED = "_same_as", "_join", "_join_line", "_unchanged"


@dataclass(frozen=True)
class OfficeValue:
    """An office as read from a cell: the office and the acting status written before it."""

    office: str
    acting: str


class _RowContext:
    """Lookups shared by every row of one run: every area, and the organisations the importer may use."""

    def __init__(
        self,
        user,
        *,
        replace_holders: bool = False,
        decisions: dict[str, str] | None = None,
        few_rows: bool = False,
    ):
        self.user = user
        self.few_rows = few_rows
        self._named: dict[str, list[PersonMatch]] = {}
        self.replace_holders = replace_holders
        # The clerk's answer for a row that is probably a known person, by spreadsheet row number:
        # "merge" (the row joins that person) or "new" (a new person all the same).
        self.decisions = decisions or {}
        self._matches: dict[str, list[PersonMatch]] | None = None
        units = list(
            adminunit_list(with_parent=False).only("id", "code", "name", "level", "village_type", "parent_id")
        )
        by_id = {unit.pk: unit for unit in units}
        self.units = {unit.code: unit for unit in units}
        self.areas = AreaIndex(
            [
                Area(
                    code=unit.code,
                    name=unit.name,
                    level="kelurahan" if unit.village_type == "kelurahan" else unit.level,
                    parent_code=by_id[unit.parent_id].code if unit.parent_id in by_id else "",
                )
                for unit in units
            ],
            aliases=AREA_ALIASES,
        )
        self.in_scope = set(
            adminunit_list(with_parent=False)
            .filter(area_scope_q(user, field="code"))
            .values_list("code", flat=True)
        )
        self.kabupaten_wide = access_profile(user).kabupaten_wide
        visible = organisation_visible_to(user).select_related("area")
        self.org_objects: dict[int, Organisation] = {org.pk: org for org in visible}
        self.orgs = OrgIndex((org.pk, org.name, org.short_name) for org in self.org_objects.values())
        self.offices = ChoiceParser(
            {code: str(label) for code, label in Office.choices},
            OFFICE_SYNONYMS,
            kind="office_unknown",
            noun=_("Jabatan"),
        )
        self.statuses = ChoiceParser(
            {code: str(label) for code, label in ActingKind.choices if code},
            ACTING_WORDS,
            kind="status_unknown",
            noun=_("Status jabatan"),
        )
        self.org_types = ChoiceParser(
            {code: str(label) for code, label in OrgType.choices},
            ORG_TYPE_SYNONYMS,
            kind="type_unknown",
            noun=_("Jenis organisasi"),
        )

    def office(self, text: str) -> OfficeValue:
        """ "Pj. Kepala Desa" -> (kepala_desa, pj); "Kades" -> (kepala_desa, definitive)."""
        acting = ""
        rest = tidy(text)
        match = ACTING_PREFIX.match(rest)
        if match and rest[match.end() :].strip():
            acting = ACTING_WORDS[fold(match[1])]
            rest = rest[match.end() :]
        return OfficeValue(office=self.offices(rest), acting=acting)

    def area_label(self, code: str) -> str:
        return self.areas.label(code)

    def people_named(self, name: str) -> list[PersonMatch]:
        """People the importer may see whose name (titles apart) is this one: for a whole file the
        registry is read once (``person_match_index``), never once per row; for a few rows (one row
        re-checked, the preview's first rows) only the people of each name."""
        if self.few_rows:
            if fold(name) not in self._named:
                self._named.update(person_match_index(self.user, names=[name], fold=fold))
                self._named.setdefault(fold(name), [])
            return self._named[fold(name)]
        if self._matches is None:
            self._matches = person_match_index(self.user, fold=fold)
        return self._matches.get(fold(name), [])


def _email(text: str) -> str:
    from django.core.validators import validate_email

    value = tidy(text).lower()
    try:
        validate_email(value)
    except ValidationError:
        raise ParseError(
            "email_invalid", _("Alamat email tidak valid: %(value)s.") % {"value": text}
        ) from None
    return value


def _telegram(text: str) -> str:
    value = tidy(text)
    if not (value.lstrip("-").isdigit() or (value.startswith("@") and len(value) > 5)):
        raise ParseError(
            "telegram_invalid",
            _("ID chat Telegram harus angka atau @nama_pengguna: %(value)s.") % {"value": text},
        )
    return value


# The labels of the directory export's contact list ("WhatsApp: +62...; Email: ..."), folded.
_CONTACT_LABELS = {
    **{fold(str(label)): kind for kind, label in ContactKind.choices},
    **{fold(kind): kind for kind in ContactKind.values},
    "telepon": ContactKind.PHONE,
    "hp": ContactKind.PHONE,
    "sms": ContactKind.PHONE,
    "wa": ContactKind.WHATSAPP,
    "telepon kantor": ContactKind.LANDLINE,
    "telepon rumah": ContactKind.LANDLINE,
}


def _contact_list(text: str) -> list[tuple[str, str]] | Noted:
    """The directory export's contacts: "Telepon/SMS: +62...; WhatsApp: +62...; Email: ..."; a masked
    value (a directory exported without contacts) is left out with a note."""
    contacts: list[tuple[str, str]] = []
    masked = 0
    for part in (part.strip() for part in str(text).split(";")):
        if not part:
            continue
        label, sep, value = part.partition(":")
        kind = _CONTACT_LABELS.get(fold(label)) if sep else None
        if kind is None:  # a bare number: read as a phone cell
            contacts.extend(
                (ContactKind.PHONE if phone.is_mobile else ContactKind.LANDLINE, phone.e164)
                for phone in parse_phones(part)
            )
            continue
        value = value.strip()
        if "*" in value:
            masked += 1
        elif kind in (ContactKind.PHONE, ContactKind.WHATSAPP, ContactKind.LANDLINE):
            for phone in parse_phones(value):
                chosen = kind if phone.is_mobile else ContactKind.LANDLINE
                contacts.append((chosen, phone.e164))
        elif kind == ContactKind.EMAIL:
            contacts.append((kind, _email(value)))
        else:
            contacts.append((kind, _telegram(value)))
    if masked:
        return Noted(contacts, _("%(n)s kontak disamarkan di berkas: diabaikan.") % {"n": masked})
    return contacts


def people_spec(ctx: _RowContext) -> ImportSpec:
    """The people import: a person, their phones and e-mail, and optionally the office they hold."""

    def position_rule(row: RowResult) -> list[RowProblem]:
        problems = []
        values = row.values
        given = [key for key in ("jabatan", "organisasi", "kode_wilayah") if row.texts.get(key)]
        if given:
            missing = [
                label
                for key, label in (
                    ("jabatan", _("Jabatan")),
                    ("organisasi", _("Organisasi")),
                    ("kode_wilayah", _("Wilayah")),
                )
                if key not in given
            ]
            if missing:
                problems.append(
                    RowProblem(
                        kind="position_incomplete",
                        message=_("Untuk jabatan, kolom ini wajib diisi: %(cols)s.")
                        % {"cols": ", ".join(missing)},
                    )
                )
        elif not ctx.kabupaten_wide:
            problems.append(
                RowProblem(
                    kind="position_incomplete",
                    message=_("Jabatan, organisasi dan wilayah wajib diisi."),
                )
            )
        area = values.get("kode_wilayah")
        if area and area not in ctx.in_scope:
            problems.append(
                RowProblem(
                    kind="area_out_of_scope",
                    column="kode_wilayah",
                    value=ctx.area_label(area),
                    message=_("Wilayah %(area)s di luar wilayah Anda.") % {"area": ctx.area_label(area)},
                )
            )
        return problems

    seen: dict[str, list[tuple[int, set[str], Any]]] = {}

    def duplicate_rule(row: RowResult) -> list[RowProblem]:
        """Never a refusal: the same name (titles apart) with a shared phone or organisation, earlier
        in the file or in the registry, is probably the same person. A row that says nothing the
        registry does not already hold about that person joins it unchanged (the registry's export
        coming back); otherwise the clerk merges the row into that person or keeps it as new."""
        name = row.values.get("nama")
        if not isinstance(name, PersonName):
            return []
        contacts = set(_contacts(row.values))
        phones = {value for _kind, value in contacts}
        organisation = row.values.get("organisasi")
        key = fold(name.name)
        decision = ctx.decisions.get(str(row.line), "")
        earlier = seen.get(key, [])
        seen.setdefault(key, []).append((row.line, phones, organisation))
        front = _front(row.values, name)
        known = ctx.people_named(name.name)
        # A row with a name only (no contact, no office) is the one person of that name.
        bare = not contacts and "jabatan" not in row.values and len(known) == 1
        for person in known:
            if not (
                bare or phones & person.phones or (organisation and organisation in person.organisations)
            ):
                continue
            row.values[SAME_AS] = person
            position = _position_key(row.values, ctx)
            unchanged = (
                contacts <= person.contacts
                and (position is None or position in person.positions)
                and front in ("", person.honorific)
                and name.back in ("", person.degrees)
            )
            if decision == "new":
                row.notes.append(
                    _("Disimpan sebagai orang baru (bukan %(person)s yang sudah ada di registri).")
                    % {"person": person.display_name}
                )
            elif unchanged and decision != "merge":
                row.values[JOIN] = person.id
                row.values[UNCHANGED] = True
                row.notes.append(
                    _("Sama dengan %(person)s di registri: tidak ada yang berubah.")
                    % {"person": person.display_name}
                )
            elif decision == "merge":
                row.values[JOIN] = person.id
                row.notes.append(
                    _("Digabung dengan %(person)s yang sudah ada di registri.")
                    % {"person": person.display_name}
                )
            else:
                row.notes.append(
                    _("Mungkin orang yang sama dengan %(person)s yang sudah ada di registri.")
                    % {"person": person.display_name}
                )
            return []
        for line, other_phones, other_organisation in earlier:
            if phones & other_phones or (organisation and organisation == other_organisation):
                row.values[SAME_AS] = line
                if decision == "merge":
                    row.values[JOIN_LINE] = line
                    row.notes.append(_("Digabung dengan orang di baris %(line)s.") % {"line": line})
                elif decision == "new":
                    row.notes.append(
                        _("Disimpan sebagai orang baru (bukan orang di baris %(line)s).") % {"line": line}
                    )
                else:
                    row.notes.append(_("Mungkin orang yang sama dengan baris %(line)s.") % {"line": line})
                break
        return []

    return ImportSpec(
        name="stakeholders.people",
        columns=[
            Column(
                "nama",
                _("Nama"),
                (
                    "nama lengkap",
                    "nama pejabat",
                    "nama tokoh",
                    "nama dan gelar",
                    "nama lengkap dan gelar",
                    "name",
                ),
                parse=split_name,
                required=True,
            ),
            Column(
                "gelar", _("Pangkat/gelar"), ("pangkat", "pangkat/gelar", "gelar depan", "pangkat/golongan")
            ),
            Column(
                "jabatan",
                _("Jabatan"),
                ("posisi", "kedudukan", "peran", "jabatan/peran", "jabatan dalam forum"),
                parse=ctx.office,
            ),
            Column(
                "status",
                _("Status jabatan"),
                ("status", "status jabatan", "sifat jabatan"),
                parse=ctx.statuses,
            ),
            Column(
                "organisasi",
                _("Organisasi"),
                (
                    "instansi",
                    "lembaga",
                    "kantor",
                    "satuan",
                    "satker",
                    "unit kerja",
                    "asal instansi",
                    "instansi/lembaga",
                ),
                parse=ctx.orgs,
            ),
            Column(
                "kode_wilayah",
                _("Wilayah"),
                (
                    "wilayah",
                    "kecamatan/desa",
                    "desa/kecamatan",
                    "kecamatan",
                    "desa",
                    "desa/kelurahan",
                    "kelurahan",
                    "kode wilayah",
                    "lokasi",
                    "wilayah tugas",
                    "wilayah kerja",
                    "alamat kantor",
                ),
                parse=ctx.areas,
            ),
            Column(
                "mulai",
                _("Mulai"),
                ("mulai menjabat", "tmt", "tmt jabatan", "tanggal mulai", "sejak", "tgl mulai", "tanggal sk"),
                parse=parse_date,
            ),
            Column(
                "selesai",
                _("Selesai"),
                ("sampai", "akhir jabatan", "tanggal selesai", "tgl selesai"),
                parse=parse_date,
            ),
            Column(
                "telepon",
                _("Telepon"),
                (
                    "no hp",
                    "nomor hp",
                    "hp",
                    "telp",
                    "tlp",
                    "no telp",
                    "nomor telepon",
                    "no telepon",
                    "kontak",
                    "no hp/wa",
                    "hp/wa",
                    "nomor kontak",
                ),
                parse=parse_phones,
            ),
            Column(
                "whatsapp",
                _("WhatsApp"),
                ("nomor wa", "no wa", "wa", "no whatsapp", "nomor whatsapp"),
                parse=parse_phones,
            ),
            Column("telegram", _("Telegram"), ("id telegram",), parse=_telegram),
            Column("kontak", _("Daftar kontak"), ("daftar kontak", "kontak lain"), parse=_contact_list),
            Column("email", _("Email"), ("e-mail", "surel", "alamat email"), parse=_email),
            Column("catatan", _("Catatan"), ("keterangan", "ket", "ket.")),
        ],
        rules=[position_rule, duplicate_rule],
        apply=_apply_person,
        apply_many=_apply_people,
        make_context=lambda: ctx,
        kind_labels=KIND_LABELS,
        ignore=("no", "no.", "nomor urut", "no urut", "urut", "#", "baris asal", fold(REASONS_HEADER)),
        companions={"nama wilayah": "kode_wilayah", "wilayah": "kode_wilayah"},
    )


def organisations_spec(ctx: _RowContext) -> ImportSpec:
    """The organisations import: name, type, area, short name and parent."""

    def scope_rule(row: RowResult) -> list[RowProblem]:
        area = row.values.get("kode_wilayah")
        if area and area not in ctx.in_scope:
            return [
                RowProblem(
                    kind="area_out_of_scope",
                    column="kode_wilayah",
                    value=ctx.area_label(area),
                    message=_("Wilayah %(area)s di luar wilayah Anda.") % {"area": ctx.area_label(area)},
                )
            ]
        return []

    return ImportSpec(
        name="stakeholders.organisations",
        columns=[
            Column(
                "nama", _("Nama"), ("nama organisasi", "nama instansi", "instansi", "lembaga"), required=True
            ),
            Column(
                "jenis",
                _("Jenis"),
                ("jenis organisasi", "tipe", "kategori"),
                parse=ctx.org_types,
                required=True,
            ),
            Column(
                "kode_wilayah",
                _("Wilayah"),
                ("wilayah", "kecamatan/desa", "kecamatan", "desa", "kode wilayah", "lokasi", "wilayah kerja"),
                parse=ctx.areas,
                required=True,
            ),
            Column("singkatan", _("Singkatan"), ("nama singkat", "akronim")),
            # Read when the row is written: the parent may be a row above it in the same file.
            Column("induk", _("Induk"), ("organisasi induk", "instansi induk", "atasan")),
        ],
        rules=[scope_rule],
        apply=_apply_organisation,
        make_context=lambda: ctx,
        kind_labels=KIND_LABELS,
        ignore=("no", "no.", "nomor urut", "no urut", "urut", "#", "baris asal", fold(REASONS_HEADER)),
    )


SPECS = {ImportKind.PEOPLE: people_spec, ImportKind.ORGANISATIONS: organisations_spec}


def spec_columns(kind: str) -> list[tuple[str, str, bool]]:
    """(key, label, required) of every column of an import kind, without building its lookups."""
    columns = {
        ImportKind.PEOPLE: [
            ("nama", _("Nama"), True),
            ("gelar", _("Pangkat/gelar"), False),
            ("jabatan", _("Jabatan"), False),
            ("status", _("Status jabatan"), False),
            ("organisasi", _("Organisasi"), False),
            ("kode_wilayah", _("Wilayah"), False),
            ("mulai", _("Mulai"), False),
            ("selesai", _("Selesai"), False),
            ("telepon", _("Telepon"), False),
            ("whatsapp", _("WhatsApp"), False),
            ("telegram", _("Telegram"), False),
            ("kontak", _("Daftar kontak"), False),
            ("email", _("Email"), False),
            ("catatan", _("Catatan"), False),
        ],
        ImportKind.ORGANISATIONS: [
            ("nama", _("Nama"), True),
            ("jenis", _("Jenis"), True),
            ("kode_wilayah", _("Wilayah"), True),
            ("singkatan", _("Singkatan"), False),
            ("induk", _("Induk"), False),
        ],
    }
    return columns[kind]


# --- applying rows -----------------------------------------------------------------------


def _contacts(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, value) of every contact of a row: landlines kept as telephones, never SMS or WhatsApp."""
    contacts: list[tuple[str, str]] = []
    for column, mobile_kind in (("whatsapp", ContactKind.WHATSAPP), ("telepon", ContactKind.PHONE)):
        phones: list[Phone] = values.get(column) or []
        for phone in phones:
            contact = (mobile_kind if phone.is_mobile else ContactKind.LANDLINE, phone.e164)
            if contact not in contacts:
                contacts.append(contact)
    for contact in values.get("kontak") or []:
        if contact not in contacts:
            contacts.append(contact)
    for kind, key in ((ContactKind.TELEGRAM, "telegram"), (ContactKind.EMAIL, "email")):
        if values.get(key) and (kind, values[key]) not in contacts:
            contacts.append((kind, values[key]))
    return contacts


def _front(values: dict[str, Any], name: PersonName) -> str:
    """The front titles of a row: the Pangkat/gelar column, then the titles written before the name."""
    return " ".join(part for part in (tidy(values.get("gelar", "")), name.front) if part)


def _acting(values: dict[str, Any]) -> str:
    office: OfficeValue = values["jabatan"]
    return values.get("status", office.acting)


def _position_key(values: dict[str, Any], ctx: _RowContext) -> tuple | None:
    """(office, area id, organisation id, acting, start, end) of a row's position, as the registry
    keeps it (``selectors.PersonMatch.positions``); None without one."""
    if "jabatan" not in values or "kode_wilayah" not in values or "organisasi" not in values:
        return None
    unit = ctx.units.get(values["kode_wilayah"])
    return (
        values["jabatan"].office,
        unit.pk if unit is not None else None,
        values["organisasi"],
        _acting(values),
        values.get("mulai") or timezone.localdate(),
        values.get("selesai"),
    )


def _person_row(values: dict[str, Any], ctx: _RowContext) -> PersonRow:
    name: PersonName = values["nama"]
    position = None
    if "jabatan" in values:
        position = PositionRow(
            organisation=ctx.org_objects[values["organisasi"]],
            office=values["jabatan"].office,
            area=ctx.units[values["kode_wilayah"]],
            start_date=values.get("mulai") or timezone.localdate(),
            end_date=values.get("selesai"),
            acting=_acting(values),
        )
    return PersonRow(
        full_name=name.name,
        honorific=_front(values, name),
        degrees=name.back,
        notes=values.get("catatan", ""),
        contacts=_contacts(values),
        position=position,
        hand_over=ctx.replace_holders,
    )


def _apply_people(results: Sequence[RowResult], ctx: _RowContext, write: bool) -> BulkResult:
    """Every accepted row at once through the registry's bulk service (``people_import``)."""
    rows = [_person_row(result.values, ctx) for result in results]
    joined = {result.values[JOIN] for result in results if JOIN in result.values}
    people = {person.pk: person for person in person_list(ids=sorted(joined))} if joined else {}
    at_line = {result.line: position for position, result in enumerate(results)}
    for position, result in enumerate(results):
        if JOIN in result.values and result.values[JOIN] in people:
            rows[position].person = people[result.values[JOIN]]
        elif JOIN_LINE in result.values and at_line.get(result.values[JOIN_LINE], position) < position:
            rows[position].same_as = at_line[result.values[JOIN_LINE]]
    outcome = people_import(rows=rows, by_user=ctx.user, write=write)
    return BulkResult(refused=outcome.refused, counts=outcome.counts())


def _apply_person(values: dict[str, Any], ctx: _RowContext) -> None:
    name: PersonName = values["nama"]
    front = " ".join(part for part in (tidy(values.get("gelar", "")), name.front) if part)
    person = person_create(
        full_name=name.name,
        honorific=front,
        degrees=name.back,
        notes=values.get("catatan", ""),
        by_user=ctx.user,
    )
    if "jabatan" in values:
        office: OfficeValue = values["jabatan"]
        acting = values.get("status", office.acting)
        start_date = values.get("mulai") or timezone.localdate()
        if ctx.replace_holders and not acting:
            position_hand_over(
                office=office.office,
                area=ctx.units[values["kode_wilayah"]],
                start_date=start_date,
                by_user=ctx.user,
            )
        position_assign(
            person=person,
            organisation=ctx.org_objects[values["organisasi"]],
            office=office.office,
            area=ctx.units[values["kode_wilayah"]],
            start_date=start_date,
            end_date=values.get("selesai"),
            acting=acting,
            by_user=ctx.user,
        )
    for kind, value in _contacts(values):
        contact_point_add(person=person, kind=kind, value=value, by_user=ctx.user)


def _apply_organisation(values: dict[str, Any], ctx: _RowContext) -> None:
    parent = None
    if values.get("induk"):
        try:
            parent = ctx.org_objects[ctx.orgs(values["induk"])]
        except ParseError as exc:
            hint = " " + _("Mungkin maksudnya: %(s)s.") % {"s": exc.suggestion} if exc.suggestion else ""
            raise ValidationError({"parent": exc.message + hint}) from None
    organisation = organisation_create(
        name=values["nama"],
        short_name=values.get("singkatan", ""),
        org_type=values["jenis"],
        area=ctx.units[values["kode_wilayah"]],
        parent=parent,
        by_user=ctx.user,
    )
    ctx.org_objects[organisation.pk] = organisation
    ctx.orgs.add(organisation.pk, organisation.name, organisation.short_name)


# --- a job's rows through the engine -----------------------------------------------------


def _spec_for(job: ImportJob, ctx: _RowContext) -> ImportSpec:
    return SPECS[job.kind](ctx)


def job_texts(job: ImportJob, index: int) -> dict[str, str]:
    """The texts of one stored row by column key, as the mapping reads them."""
    cells = job.rows[index]
    texts: dict[str, str] = {}
    for position, key in job.mapping.items():
        if key:
            texts[key] = tidy(cells[int(position)]) if int(position) < len(cells) else ""
    return texts


def job_line(job: ImportJob, index: int) -> int:
    """The spreadsheet's own row number of a stored row."""
    return job.lines[index] if index < len(job.lines) else index + 2


def _check_all(job: ImportJob, spec: ImportSpec) -> list[RowResult]:
    results = []
    for index in range(len(job.rows)):
        results.append(check_row(spec, job_line(job, index), job_texts(job, index)))
        job_progress(job, done=index + 1)
    return results


def _file_problems(job: ImportJob, spec: ImportSpec) -> list[str]:
    """What stops the whole file: a required column not mapped, a column of the file not understood
    (its data would be lost without a word unless the clerk says to ignore it)."""
    problems = []
    missing = missing_required(spec, job.mapping)
    if missing:
        problems.append(
            _("Kolom wajib belum dipetakan: %(cols)s. Pilih kolom berkas untuknya di Pemetaan kolom.")
            % {"cols": ", ".join(str(column.label) for column in missing)}
        )
    unknown = unmapped(job.header, job.mapping)
    if unknown:
        problems.append(
            _("Kolom berkas belum dikenali: %(cols)s. Pilih artinya, atau (abaikan), di Pemetaan kolom.")
            % {"cols": ", ".join(f"“{job.header[position]}”" for position in unknown)}
        )
    return problems


def _run(job: ImportJob, *, commit: bool) -> dict[str, list[dict[str, str]]]:
    """Check every row, then apply the accepted ones in one transaction, rolled back unless saving cleanly.

    A save with no problem is marked done in the same transaction as its rows, and only by the
    worker that holds the job: a worker that died mid-way leaves nothing behind, and a run taken
    over by the recovery cannot save twice.
    """
    ctx = _context(job)
    spec = _spec_for(job, ctx)
    total = len(job.rows)
    job_progress(job, done=0, total=total * 2, message=_("Memeriksa nilai..."))
    results = _check_all(job, spec)
    job_progress(job, message=_("Memeriksa dengan aturan registri..."))
    blocked = bool(_file_problems(job, spec))

    def progress(done: int) -> None:
        job_progress(job, done=total + done)

    counts: dict[str, int] = {}
    if not blocked:
        apply_rows(
            spec,
            results,
            commit=commit,
            progress=progress,
            counts=counts,
            on_commit=lambda: job_finish(
                job,
                errors={},
                notes=_notes(results),
                matches=_matches(results),
                counts=counts,
                created_count=total,
                file_problems=[],
            ),
        )
    job_progress(job, message="")
    job.notes = _notes(results)
    job.matches = _matches(results)
    job.counts = counts
    job.file_problems = _file_problems(job, spec)
    return {
        str(index): [problem.as_dict() for problem in result.problems]
        for index, result in enumerate(results)
        if result.problems
    }


def _context(job: ImportJob, *, few_rows: bool = False) -> _RowContext:
    return _RowContext(
        job.created_by, replace_holders=job.replace_holders, decisions=job.decisions, few_rows=few_rows
    )


def _match(result: RowResult) -> dict[str, Any] | None:
    same = result.values.get(SAME_AS)
    if isinstance(same, PersonMatch):
        return {"label": same.display_name, "line": None, "unchanged": bool(result.values.get(UNCHANGED))}
    if isinstance(same, int):
        return {"label": _("orang di baris %(line)s") % {"line": same}, "line": same, "unchanged": False}
    return None


def _matches(results: list[RowResult]) -> dict[str, dict[str, Any]]:
    """Rows that are probably a known person, for the merge-or-keep choice in the preview."""
    found = {}
    for index, result in enumerate(results):
        match = _match(result)
        if match is not None:
            found[str(index)] = match
    return found


def _notes(results: list[RowResult]) -> dict[str, list[str]]:
    return {str(index): result.notes for index, result in enumerate(results) if result.notes}


def _load(job: ImportJob, content: bytes) -> None:
    """Read the chosen sheet, find its header and map it; the rows are kept as the cells' text."""
    table = read_sheet(content, sheet=job.sheet or None, max_rows=IMPORT_MAX_ROWS)
    job.sheet_names = table.sheet_names
    job.sheet = table.sheet
    if not table.rows:
        raise ValidationError(_("Berkas tidak berisi baris data."), code="no_rows")
    spec = SPECS[job.kind](_SpecShape())
    at = find_header(table.rows, spec)
    header = table.rows[at].values
    job.header = header
    job.header_line = table.rows[at].line
    job.mapping = auto_map(header, spec, mapping_remembered(spec=spec.name, header=header))
    data = table.rows[at + 1 :]
    if len(data) > IMPORT_MAX_ROWS:
        raise ValidationError(
            _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
            % {"max": f"{IMPORT_MAX_ROWS:,}".replace(",", ".")},
            code="too_many",
        )
    job.rows = [row.values for row in data]
    job.lines = [row.line for row in data]
    job.columns = [key for key in job.mapping.values() if key]
    job.skipped_empty = table.blank_rows
    job.skipped_title = at
    if not job.rows:
        raise ValidationError(_("Berkas tidak berisi baris data di bawah baris judul kolom."), code="no_rows")


class _SpecShape:
    """Stands in for the lookups when only the columns and their synonyms are needed (no database)."""

    kabupaten_wide = True
    in_scope: set[str] = set()

    def __getattr__(self, name: str):
        return lambda text: text


def _read_stored_file(job: ImportJob) -> None:
    """Read the stored file (in the worker for a large file, or again for another sheet)."""
    job_progress(job, message=_("Membaca berkas..."))
    with job.file.open("rb") as fh:
        content = fh.read(TableLimits.from_settings().max_bytes + 1)
    _load(job, content)
    job_progress(job, message="")
    ImportJob.objects.filter(pk=job.pk).update(
        sheet=job.sheet,
        sheet_names=job.sheet_names,
        header=job.header,
        header_line=job.header_line,
        mapping=job.mapping,
        rows=job.rows,
        lines=job.lines,
        columns=job.columns,
        skipped_empty=job.skipped_empty,
        skipped_title=job.skipped_title,
    )


def _check(job: ImportJob) -> None:
    if not job.rows:
        _read_stored_file(job)
    errors = _run(job, commit=False)
    job_finish(
        job,
        errors=errors,
        notes=job.notes,
        matches=job.matches,
        counts=job.counts,
        file_problems=job.file_problems,
    )


def _save(job: ImportJob) -> None:
    errors = _run(job, commit=True)
    if errors or job.file_problems:  # rolled back: back to the preview with the rows that failed
        job_finish(
            job,
            errors=errors,
            notes=job.notes,
            matches=job.matches,
            counts=job.counts,
            file_problems=job.file_problems,
            step=ImportStep.CHECK,
            created_count=0,
        )


def import_job_validate(*, job_id: int) -> str:
    """Check every row with the real services (nothing is kept) and record every problem per row."""
    return job_run(ImportJob, job_id, _check)


def import_job_commit(*, job_id: int) -> str:
    """Save every row in one transaction, or none if any row fails (then the problems are shown)."""
    return job_run(ImportJob, job_id, _save)


def _queue_step(job: ImportJob, step: str) -> ImportJob:
    """Put the import back in the queue for ``step``; run it now if small, else in the worker."""
    job_reset(job)
    job.step = step
    job.save()
    if job.rows and len(job.rows) <= IMPORT_SYNC_ROWS:
        (import_job_commit if step == ImportStep.SAVE else import_job_validate)(job_id=job.pk)
        job.refresh_from_db()
        return job
    return job_enqueue(job)


@transaction.atomic
def import_job_create(
    *, kind: str, upload, by_user, sheet: str = "", replace_holders: bool = False
) -> ImportJob:
    """Store an uploaded file and start checking it; file-level problems of a small file are refused here.

    A large file is stored as it is and read by the worker: its file-level problems fail the job.
    """
    content = upload.read(TableLimits.from_settings().max_bytes + 1)
    job = ImportJob(
        kind=kind,
        original_name=PurePath(upload.name).name[:255],
        created_by=by_user,
        step=ImportStep.CHECK,
        sheet=sheet,
        replace_holders=replace_holders,
    )
    if len(content) > tabular_sync_max_bytes():
        detect_format(content)
        if len(content) > TableLimits.from_settings().max_bytes:
            read_table(content)  # refuses with the size message
    else:
        _load(job, content)
    suffix = ".xlsx" if detect_format(content) == "xlsx" else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    job.full_clean(exclude=["columns", "rows", "header", "mapping", "lines", "sheet_names"])
    job.save()
    return _queue_step(job, ImportStep.CHECK)


def _editable(job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY):
        raise ValidationError(_("Impor ini tidak bisa diubah lagi."))
    return job


@transaction.atomic
def import_job_choose_sheet(*, job: ImportJob, sheet: str, by_user) -> ImportJob:
    """Read another sheet of the same workbook and check it instead."""
    job = _editable(job)
    if sheet not in job.sheet_names:
        raise ValidationError(_("Lembar kerja %(name)s tidak ada di berkas ini.") % {"name": sheet})
    job.sheet = sheet
    job.rows, job.lines, job.errors, job.notes = [], [], {}, {}
    _read_stored_file(job)
    return _queue_step(job, ImportStep.CHECK)


@transaction.atomic
def import_job_map(*, job: ImportJob, mapping: dict[str, str], by_user) -> ImportJob:
    """Map the file's columns as the clerk chose, remember it for this header shape, and check again."""
    job = _editable(job)
    keys = {key for key, _label, _required in spec_columns(job.kind)}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for position in range(len(job.header)):
        key = (mapping.get(str(position)) or "").strip()
        if key and key not in keys:
            raise ValidationError(_("Kolom tujuan tidak dikenal: %(key)s.") % {"key": key})
        if key and key in used:
            raise ValidationError(
                _("Satu kolom tujuan dipilih untuk dua kolom berkas: %(key)s.") % {"key": key}
            )
        if key or tidy(job.header[position]):
            chosen[str(position)] = key
            if key:
                used.add(key)
    job.mapping = chosen
    job.columns = [key for key in chosen.values() if key]
    spec_name = SPECS[job.kind](_SpecShape()).name
    mapping_remember(spec=spec_name, header=job.header, mapping=chosen, by_user=by_user)
    return _queue_step(job, ImportStep.CHECK)


def _recheck(job: ImportJob, indices: list[int]) -> None:
    """Check again only these rows (values, row rules, the registry's rules without writing), and
    record their problems, notes and matches; the rest of the file keeps its last check. Saving
    checks the whole file again anyway, so a clash between rows cannot slip through."""
    ctx = _context(job, few_rows=len(indices) <= 50)
    spec = _spec_for(job, ctx)
    if job.kind == ImportKind.PEOPLE:
        # The earlier rows of the same name first, so that "the same as row N" is found again.
        names = {name_key(job_texts(job, index).get("nama", "")) for index in indices}
        first = min(indices)
        for index in range(first):
            texts = job_texts(job, index)
            if name_key(texts.get("nama", "")) in names:
                check_row(spec, job_line(job, index), texts)
    results = [check_row(spec, job_line(job, index), job_texts(job, index)) for index in indices]
    if not _file_problems(job, spec):
        apply_rows(spec, results, commit=False)
    for index, result in zip(indices, results, strict=True):
        key = str(index)
        for store, value in (
            (job.errors, [problem.as_dict() for problem in result.problems]),
            (job.notes, result.notes),
            (job.matches, _match(result)),
        ):
            if value:
                store[key] = value
            else:
                store.pop(key, None)
    job.save(update_fields=["rows", "errors", "notes", "matches", "decisions", "updated_at"])


@transaction.atomic
def import_row_fix(*, job: ImportJob, index: int, values: dict[str, str], by_user) -> ImportJob:
    """Replace the mapped cells of one row with corrected values and check that row again."""
    job = _editable(job)
    if not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak ditemukan."))
    cells = list(job.rows[index]) + [""] * max(0, len(job.header) - len(job.rows[index]))
    for position, key in job.mapping.items():
        if key and key in values:
            cells[int(position)] = (values.get(key) or "").strip()
    job.rows[index] = cells
    _recheck(job, [index])
    return job


@transaction.atomic
def import_value_replace(*, job: ImportJob, column: str, old: str, new: str, by_user) -> ImportJob:
    """One fix for all: every row whose ``column`` reads ``old`` gets ``new``; only those rows are
    checked again."""
    job = _editable(job)
    positions = [int(position) for position, key in job.mapping.items() if key == column]
    if not positions or not tidy(new):
        raise ValidationError(_("Kolom atau nilai pengganti tidak valid."))
    position = positions[0]
    replaced = []
    for index, cells in enumerate(job.rows):
        if position < len(cells) and tidy(cells[position]) == tidy(old):
            cells = list(cells)
            cells[position] = tidy(new)
            job.rows[index] = cells
            replaced.append(index)
    if not replaced:
        raise ValidationError(_("Tidak ada baris dengan nilai itu."))
    _recheck(job, replaced)
    return job


@transaction.atomic
def import_row_drop(*, job: ImportJob, index: int, by_user) -> ImportJob:
    """Leave a row out of the import (skip it); the other rows keep their last check."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY) or not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak bisa dihapus."))
    if len(job.rows) == 1:
        raise ValidationError(_("Impor harus berisi setidaknya satu baris."))
    if not job.lines:
        job.lines = [job_line(job, position) for position in range(len(job.rows))]
    del job.rows[index]
    del job.lines[index]

    def shifted(store: dict) -> dict:
        return {
            str(position - 1 if position > index else position): value
            for position, value in ((int(key), value) for key, value in store.items())
            if position != index
        }

    job.errors, job.notes, job.matches = shifted(job.errors), shifted(job.notes), shifted(job.matches)
    job.save(update_fields=["rows", "lines", "errors", "notes", "matches", "updated_at"])
    return job


@transaction.atomic
def import_row_decide(*, job: ImportJob, index: int, decision: str, by_user) -> ImportJob:
    """The clerk's answer for a row that is probably a known person: "merge" (the row joins that
    person: its contacts and office are added to them when saved, nothing is duplicated) or "new"
    (a new person all the same); that row is checked again."""
    job = _editable(job)
    if decision not in ("merge", "new") or not 0 <= index < len(job.rows):
        raise ValidationError(_("Pilihan tidak dikenal."))
    job.decisions[str(job_line(job, index))] = decision
    _recheck(job, [index])
    return job


@transaction.atomic
def import_job_start_commit(*, job: ImportJob, by_user) -> ImportJob:
    """Save a checked import: every row or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase != ImportPhase.READY:
        raise ValidationError(_("Hanya impor tanpa baris ditolak yang bisa disimpan."))
    return _queue_step(job, ImportStep.SAVE)


# --- what the preview shows --------------------------------------------------------------


def import_problem_groups(job: ImportJob):
    """The problems of a checked import grouped by kind with counts (largest first)."""
    spec = SPECS[job.kind](_SpecShape())
    spec.kind_labels = KIND_LABELS
    return group_problems(
        spec,
        (
            (job_line(job, int(index)), [RowProblem.from_dict(problem) for problem in problems])
            for index, problems in sorted(job.errors.items(), key=lambda item: int(item[0]))
            if int(index) < len(job.rows)
        ),
    )


def import_unmapped(job: ImportJob) -> list[int]:
    """Positions of the file's header cells that are neither mapped nor ignored."""
    return unmapped(job.header, job.mapping)


def _shown(value: Any, ctx: _RowContext, key: str) -> str:
    if isinstance(value, PersonName):
        return value.display()
    if isinstance(value, OfficeValue):
        acting = dict(ActingKind.choices).get(value.acting, "") if value.acting else ""
        office = str(dict(Office.choices)[value.office])
        return f"{acting.split(' ')[0]} {office}".strip() if acting else office
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(
            f"{phone.e164}" + ("" if phone.is_mobile else " " + _("(telepon kantor/rumah, tanpa SMS/WA)"))
            for phone in value
        )
    if key in ("kode_wilayah",):
        return ctx.area_label(value)
    if key in ("organisasi", "induk"):
        return ctx.org_objects[value].name if value in ctx.org_objects else str(value)
    if key == "status":
        return str(dict(ActingKind.choices).get(value, value))
    if key == "jenis":
        return str(dict(OrgType.choices).get(value, value))
    return str(value)


def import_normalised_preview(job: ImportJob, *, limit: int = 20) -> tuple[list[tuple[str, str]], list[dict]]:
    """What will be saved for the first rows: (key, label) of the columns and, per row, the shown values."""
    ctx = _context(job, few_rows=True)
    spec = _spec_for(job, ctx)
    columns = [(column.key, column.label) for column in spec.columns if column.key in job.columns]
    rows = []
    for index in range(min(limit, len(job.rows))):
        result = check_row(spec, job_line(job, index), job_texts(job, index))
        rows.append(
            {
                "line": result.line,
                "values": [
                    _shown(result.values[key], ctx, key) if key in result.values else ""
                    for key, _label in columns
                ],
                "notes": result.notes,
                "accepted": str(index) not in job.errors,
            }
        )
    return columns, rows


def import_rejected_xlsx(job: ImportJob) -> bytes:
    """The rejected rows as the clerk's own columns plus a column of reasons, to fix in Excel and upload again."""
    writer = XlsxWriter()
    header = [*job.header, REASONS_HEADER]
    sheet = writer.sheet(_("Baris ditolak"), header=header, freeze_header=True)
    for index, problems in sorted(job.errors.items(), key=lambda item: int(item[0])):
        position = int(index)
        if position >= len(job.rows):
            continue
        cells = list(job.rows[position]) + [""] * max(0, len(job.header) - len(job.rows[position]))
        reasons = "; ".join(
            problem["message"]
            + (
                " " + _("Mungkin maksudnya: %(s)s.") % {"s": problem["suggestion"]}
                if problem.get("suggestion")
                else ""
            )
            for problem in problems
        )
        sheet.append([*cells[: len(job.header)], f"{_('Baris')} {job_line(job, position)}: {reasons}"])
    return writer.to_bytes()
