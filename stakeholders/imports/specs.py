"""The declarations of the registry imports: the offices, acting words and organisation types a
clerk writes, the lookups shared by every row of a file (``_RowContext``), and the people and
organisations specs run by the engine in ``core.imports``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.engine import (
    Column,
    ImportSpec,
    RowProblem,
    RowResult,
)
from core.imports.parsers import (
    Area,
    AreaIndex,
    ChoiceParser,
    Noted,
    OrgIndex,
    ParseError,
    PersonName,
    fold,
    parse_date,
    parse_phones,
    split_name,
    tidy,
)
from regions.selectors import adminunit_aliases, adminunit_list

from ..choices import ActingKind, ContactKind, ImportKind, Office, OrgType
from ..models import Organisation
from ..selectors import (
    PersonMatch,
    access_profile,
    area_scope_q,
    organisation_visible_to,
    person_match_index,
)
from .apply import (
    JOIN,
    JOIN_LINE,
    SAME_AS,
    UNCHANGED,
    _apply_organisation,
    _apply_people,
    _apply_person,
    _contacts,
    _front,
    _position_key,
)

IMPORT_MAX_ROWS = 10_000
# Up to this many rows an import is checked and saved during the request; above, by the worker.
IMPORT_SYNC_ROWS = 200
# The header of the reasons column in the rejected-rows workbook; ignored when that file comes back.
REASONS_HEADER = "Alasan penolakan"

# Spellings people use that are not the Kemendagri name (regions/data/shipped.json).
AREA_ALIASES = adminunit_aliases()

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
    # The rest of the ladder (issue 14).
    "Ketua RT": Office.KETUA_RT,
    "Anggota PPK": Office.ANGGOTA_PPK,
    "Anggota PPS": Office.ANGGOTA_PPS,
    "Pantarlih": Office.PANTARLIH,
    "Ketua KPPS": Office.KETUA_KPPS,
    "Anggota KPPS": Office.ANGGOTA_KPPS,
    "KPPS": Office.ANGGOTA_KPPS,
    "PTPS": Office.PTPS,
    "Pengawas TPS": Office.PTPS,
    "Danposal": Office.DANPOSAL,
    "Danpos TNI AL": Office.DANPOSAL,
    "Tokoh Pemuda": Office.TOKOH_PEMUDA,
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
