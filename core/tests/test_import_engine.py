"""The import engine on messy workbooks as a Kesbangpol clerk keeps them."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core.imports.engine import (
    Column,
    ImportSpec,
    RowProblem,
    apply_rows,
    auto_map,
    check_rows,
    find_header,
    group_problems,
    header_signature,
    missing_required,
    read_sheet,
    row_texts,
    unmapped,
)
from core.imports.mappings import mapping_remember, mapping_remembered
from core.imports.parsers import parse_date, parse_phones, split_name
from core.models import ImportMapping

OFFICE_HEADER = ["No", "Nama", "Instansi", "Mulai Menjabat", "No. HP", "Keterangan"]


def _workbook(rows, *, title="Data", merges=(), extra_sheets=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    for name, extra_rows in extra_sheets:
        other = workbook.create_sheet(name)
        for row in extra_rows:
            other.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _spec(**overrides) -> ImportSpec:
    def _note(row):
        if row.values.get("notes") == "tolak":
            yield RowProblem(kind="rule", column="notes", message="Catatan berisi tolak.")

    def _apply(values, context):
        context.append(values)
        if values["name"].name == "Ditolak Layanan":
            raise ValidationError("Layanan menolak baris ini.")
        ImportMapping.objects.create(spec="uji", signature=values["name"].name, mapping={})

    declared = {
        "name": "uji",
        "columns": [
            Column("name", "Nama", ("nama lengkap",), parse=split_name, required=True),
            Column("org", "Organisasi", ("instansi", "kantor"), required=True),
            Column("start", "Mulai", ("tmt", "mulai menjabat"), parse=parse_date),
            Column("phone", "Telepon", ("no hp", "nomor wa", "hp"), parse=parse_phones),
            Column("notes", "Catatan", ("keterangan",)),
        ],
        "rules": [_note],
        "apply": _apply,
        "make_context": list,
        "kind_labels": {"rule": "Aturan baris"},
    }
    declared.update(overrides)
    return ImportSpec(**declared)


def _messy() -> bytes:
    return _workbook(
        [
            ["DAFTAR PEJABAT DAN TOKOH MASYARAKAT KABUPATEN KUTAI TIMUR"],
            ["Keadaan per 1 November 2024"],
            [],
            OFFICE_HEADER,
            [
                1,
                "Drs. H. Ahmad Yani, M.Si",
                "Kantor Camat Sangatta Utara",
                "27 Oktober 2024",
                "0812-3456-7890",
                "",
            ],
            [2, "Siti Rahmawati S.Sos", None, 45592, "(0549) 21234", ""],
            [],
            [3, "", "Polsek", "kemarin", "tidak ada", "tolak"],
        ],
        merges=["C5:C6"],
    )


def test_the_header_is_found_below_the_title_rows():
    table = read_sheet(_messy())
    spec = _spec()
    index = find_header(table.rows, spec)
    assert table.rows[index].line == 4
    assert table.rows[index].values[:2] == ["No", "Nama"]


def test_the_office_headers_map_by_synonyms_and_the_running_number_is_ignored():
    mapping = auto_map(OFFICE_HEADER, _spec())
    assert mapping == {"0": "", "1": "name", "2": "org", "3": "start", "4": "phone", "5": "notes"}
    assert unmapped(OFFICE_HEADER, mapping) == []
    assert missing_required(_spec(), mapping) == []


def test_an_unknown_header_is_left_for_the_clerk_and_a_remembered_mapping_wins():
    header = ["Nama", "Satker", "Kontak"]
    spec = _spec()
    mapping = auto_map(header, spec)
    assert unmapped(header, mapping) == [1, 2]
    assert [column.key for column in missing_required(spec, mapping)] == ["org"]
    assert auto_map(header, spec, {"1": "org", "2": "phone"}) == {"0": "name", "1": "org", "2": "phone"}


def test_a_merged_cell_reads_in_every_row_it_covers_and_rows_keep_their_numbers():
    table = read_sheet(_messy())
    spec = _spec()
    header_at = find_header(table.rows, spec)
    mapping = auto_map(table.rows[header_at].values, spec)
    rows = [(row.line, row_texts(row, mapping)) for row in table.rows[header_at + 1 :]]
    assert [line for line, _texts in rows] == [5, 6, 8]
    assert rows[1][1]["org"] == "Kantor Camat Sangatta Utara"


def test_every_problem_of_a_row_is_reported_not_only_the_first():
    table = read_sheet(_messy())
    spec = _spec()
    header_at = find_header(table.rows, spec)
    mapping = auto_map(table.rows[header_at].values, spec)
    results = check_rows(spec, [(row.line, row_texts(row, mapping)) for row in table.rows[header_at + 1 :]])
    assert [result.accepted for result in results] == [True, True, False]
    assert sorted(problem.kind for problem in results[2].problems) == [
        "date_invalid",
        "phone_invalid",
        "required",
        "rule",
    ]
    assert results[0].values["name"].front == "Drs. H."
    assert results[1].values["phone"][0].kind == "landline"


def test_problems_are_grouped_by_kind_with_counts_and_their_row_numbers():
    spec = _spec()
    results = check_rows(
        spec,
        [
            (10, {"name": "A", "org": "X", "start": "besok"}),
            (11, {"name": "B", "org": "X", "start": "lusa"}),
            (14, {"name": "C", "org": "X", "start": "besok"}),
            (15, {"name": "D"}),
        ],
    )
    groups = group_problems(spec, [(result.line, result.problems) for result in results])
    assert [(group.kind, group.count, group.lines) for group in groups] == [
        ("date_invalid", 3, [10, 11, 14]),
        ("required", 1, [15]),
    ]
    assert groups[0].values == [("besok", 2), ("lusa", 1)]
    assert groups[0].label == "Tanggal tidak dikenali (Mulai)"


def test_a_year_alone_is_accepted_with_a_note_on_the_row():
    (result,) = check_rows(_spec(), [(5, {"name": "A", "org": "X", "start": "2019"})])
    assert result.accepted
    assert result.notes == ["Mulai: Hanya tahun 2019: dicatat sebagai 1 Januari 2019."]


@pytest.mark.django_db
def test_checking_writes_nothing_and_saving_writes_every_accepted_row():
    spec = _spec()
    results = check_rows(spec, [(5, {"name": "Satu", "org": "X"}), (6, {"name": "Dua", "org": "X"})])
    assert apply_rows(spec, results, commit=False) == 2
    assert not ImportMapping.objects.filter(spec="uji").exists()
    assert apply_rows(spec, results, commit=True) == 2
    assert set(ImportMapping.objects.filter(spec="uji").values_list("signature", flat=True)) == {
        "Satu",
        "Dua",
    }


@pytest.mark.django_db
def test_a_row_the_services_refuse_rolls_back_every_row():
    spec = _spec()
    results = check_rows(
        spec, [(5, {"name": "Satu", "org": "X"}), (6, {"name": "Ditolak Layanan", "org": "X"})]
    )
    done = []
    assert apply_rows(spec, results, commit=True, on_commit=lambda: done.append(True)) == 0
    assert not ImportMapping.objects.filter(spec="uji").exists()
    assert done == []
    assert [problem.message for problem in results[1].problems] == ["Layanan menolak baris ini."]
    assert results[1].problems[0].kind == "refused"


@pytest.mark.django_db
def test_a_row_with_problems_blocks_saving():
    spec = _spec()
    results = check_rows(spec, [(5, {"name": "Satu", "org": "X"}), (6, {"name": "Dua"})])
    assert apply_rows(spec, results, commit=True) == 0
    assert not ImportMapping.objects.filter(spec="uji").exists()


def test_every_sheet_is_listed_and_a_sheet_can_be_chosen():
    content = _workbook(
        [["Ringkasan"], ["Total", 3]],
        title="Ringkasan",
        extra_sheets=[("Kecamatan", [["Nama", "Instansi"], ["Budi", "Polsek"]])],
    )
    first = read_sheet(content)
    assert first.sheet_names == ["Ringkasan", "Kecamatan"]
    assert first.sheet == "Ringkasan"
    chosen = read_sheet(content, sheet="Kecamatan")
    assert chosen.sheet == "Kecamatan"
    assert [row.values for row in chosen.rows] == [["Nama", "Instansi"], ["Budi", "Polsek"]]
    with pytest.raises(ValidationError, match="tidak ada di berkas"):
        read_sheet(content, sheet="Lain")


def test_a_csv_is_one_unnamed_sheet():
    table = read_sheet(b"Daftar\nNama;Instansi\nBudi;Polsek\n")
    assert table.sheet_names == [""]
    assert [row.line for row in table.rows] == [1, 2, 3]


def test_the_header_signature_ignores_case_and_trailing_blanks():
    assert header_signature(["Nama", "No. HP", ""]) == header_signature(["NAMA", "no hp"])
    assert header_signature(["Nama", "HP"]) != header_signature(["HP", "Nama"])


@pytest.mark.django_db
def test_a_mapping_is_remembered_for_the_next_file_of_the_same_shape(django_user_model):
    user = django_user_model.objects.create(username="juru")
    assert mapping_remembered(spec="uji", header=["Nama", "Satker"]) == {}
    mapping_remember(spec="uji", header=["Nama", "Satker"], mapping={"0": "name", "1": "org"}, by_user=user)
    mapping_remember(spec="uji", header=["NAMA", "satker"], mapping={"0": "name", "1": ""}, by_user=user)
    assert mapping_remembered(spec="uji", header=["nama", "SATKER "]) == {"0": "name", "1": ""}
    assert ImportMapping.objects.count() == 1
