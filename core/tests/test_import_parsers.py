"""The value parsers of the import engine: what a clerk types, understood as a person would."""

import csv
from datetime import date
from pathlib import Path

import pytest

from core.imports.parsers import (
    LANDLINE,
    MOBILE,
    Area,
    AreaIndex,
    ChoiceParser,
    Noted,
    OrgIndex,
    ParseError,
    PersonName,
    area_code_from_digits,
    fold,
    name_key,
    parse_date,
    parse_date_or_datetime,
    parse_phones,
    split_name,
)


def _shipped_data() -> Path:
    """Kutai Timur's reference data as the project ships it (regions/data, loaded by load_regions)."""
    return Path(__file__).resolve().parents[2] / "regions" / "data"


@pytest.fixture(scope="module")
def kutim() -> AreaIndex:
    data = _shipped_data()
    areas = [Area(code="64.08", name="Kutai Timur", level="kabupaten")]
    with (data / "kutim_kecamatan.csv").open(encoding="utf-8") as fh:
        areas += [Area(row["code"], row["name"], "kecamatan", "64.08") for row in csv.DictReader(fh)]
    with (data / "kutim_desa.csv").open(encoding="utf-8") as fh:
        areas += [
            Area(row["code"], row["name"], row["type"], row["kecamatan_code"]) for row in csv.DictReader(fh)
        ]
    return AreaIndex(areas, aliases={"Kongbeng": "64.08.08"})


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "27 Oktober 2024",
        "27 okt 2024",
        "27-Okt-2024",
        "27/10/2024",
        "27-10-2024",
        "27.10.2024",
        "27/10/24",
        "2024-10-27",
        "2024-10-27 00:00:00",
        "45592",
        "45592.0",
        " 27  Oktober  2024 ",
        "27 October 2024",
    ],
)
def test_a_date_is_read_in_every_way_a_clerk_writes_it(text):
    assert parse_date(text) == date(2024, 10, 27)


def test_a_date_is_day_first_as_indonesians_write_it():
    assert parse_date("10/11/2024") == date(2024, 11, 10)


def test_a_year_alone_is_the_first_of_january_with_a_note():
    result = parse_date("2019")
    assert isinstance(result, Noted)
    assert result.value == date(2019, 1, 1)
    assert "1 Januari 2019" in result.note


def test_a_month_and_year_is_the_first_of_that_month_with_a_note():
    result = parse_date("Agustus 2023")
    assert isinstance(result, Noted)
    assert result.value == date(2023, 8, 1)


def test_a_month_typed_first_is_refused_with_the_day_first_date_as_suggestion():
    with pytest.raises(ParseError, match="tidak ada di kalender") as caught:
        parse_date("10/27/2024")
    assert caught.value.suggestion == "27 Oktober 2024"
    assert caught.value.kind == "date_invalid"


def test_a_misspelt_month_is_refused_with_a_suggestion():
    with pytest.raises(ParseError, match="Nama bulan tidak dikenal") as caught:
        parse_date("27 Oktobr 2024")
    assert caught.value.suggestion == "27 Oktober 2024"


@pytest.mark.parametrize("text", ["besok", "31/02/2024", "27/10/1850", "123", "sejak dulu"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ParseError) as caught:
        parse_date(text)
    assert caught.value.kind == "date_invalid"


@pytest.mark.parametrize("value", ["0001-01-01", "01/01/0001", "9999-12-31", "31-12-9999", date(1, 1, 1)])
def test_a_date_outside_the_apps_range_is_refused_per_row(value):
    """Finding 2 of issue 12: an import writes no date the database's range constraints refuse."""
    with pytest.raises(ParseError, match="rentang") as caught:
        parse_date_or_datetime(value)
    assert caught.value.kind == "date_invalid"


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "front", "name", "back"),
    [
        ("Drs. H. Ahmad Yani, M.Si", "Drs. H.", "Ahmad Yani", "M.Si"),
        ("S.Sos. Siti Rahmawati", "", "Siti Rahmawati", "S.Sos"),
        ("Siti Rahmawati S.Sos", "", "Siti Rahmawati", "S.Sos"),
        ("Hj. Siti Aminah, S.Pd.I", "Hj.", "Siti Aminah", "S.Pd.I"),
        ("AKP Budi Santoso, S.H.", "AKP", "Budi Santoso", "S.H."),
        ("Kapten Inf Joko Susilo", "Kapten Inf.", "Joko Susilo", ""),
        ("Dr. Ir. H. Rudi Hartono, M.M., M.Si.", "Dr. Ir. H.", "Rudi Hartono", "M.M., M.Si."),
        ("Ahmad Fauzi, SH, MM", "", "Ahmad Fauzi", "SH, MM"),
        ("drs h ahmad yani", "Drs. H.", "ahmad yani", ""),
        ("BUDI SANTOSO", "", "Budi Santoso", ""),
        ("Bripka I Made Suarta", "Bripka", "I Made Suarta", ""),
        ("Budi", "", "Budi", ""),
    ],
)
def test_a_name_is_split_into_front_titles_name_and_back_degrees(text, front, name, back):
    assert split_name(text) == PersonName(front=front, name=name, back=back)


def test_a_split_name_is_shown_titles_name_degrees():
    assert split_name("S.Sos. Siti Rahmawati").display() == "Siti Rahmawati, S.Sos"
    assert split_name("Drs. H. Ahmad Yani, M.Si").display() == "Drs. H. Ahmad Yani, M.Si"


def test_a_title_alone_is_not_a_name():
    with pytest.raises(ParseError, match="Hanya gelar"):
        split_name("Drs.")


def test_three_spellings_of_one_person_share_a_key():
    assert name_key("Drs. H. Ahmad Yani, M.Si") == name_key("AHMAD YANI") == name_key("Ahmad  Yani")


# --- phones ------------------------------------------------------------------------------


def test_a_landline_is_kept_as_a_landline():
    assert [(p.e164, p.kind) for p in parse_phones("(0549) 21234")] == [("+6254921234", LANDLINE)]


@pytest.mark.parametrize(
    "text", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "81234567890", "HP: 0812 3456 7890"]
)
def test_a_mobile_is_normalised_to_e164(text):
    assert [(p.e164, p.kind) for p in parse_phones(text)] == [("+6281234567890", MOBILE)]


@pytest.mark.parametrize(
    "text",
    [
        "0812-3456-7890 / 0813 2222 3333",
        "0812 3456 7890, 0813 2222 3333",
        "081234567890 081322223333",
        "0812-3456-7890 dan 0813-2222-3333",
    ],
)
def test_two_numbers_in_one_cell_are_two_numbers(text):
    assert [p.e164 for p in parse_phones(text)] == ["+6281234567890", "+6281322223333"]


def test_a_mobile_and_a_landline_in_one_cell_keep_their_kinds():
    phones = parse_phones("0812 3456 7890 / Telp. (0549) 21234")
    assert [p.kind for p in phones] == [MOBILE, LANDLINE]


def test_a_foreign_number_is_refused():
    with pytest.raises(ParseError, match=r"Hanya nomor Indonesia") as caught:
        parse_phones("+1 202 555 0143")
    assert caught.value.kind == "phone_foreign"


@pytest.mark.parametrize("text", ["tidak ada", "0812", "12345"])
def test_what_is_not_a_phone_is_refused(text):
    with pytest.raises(ParseError) as caught:
        parse_phones(text)
    assert caught.value.kind == "phone_invalid"


# --- areas -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("64.08.04", "64.08.04"),
        ("640804", "64.08.04"),
        ("6408042012", "64.08.04.2012"),
        ("Kec. Sangatta Utara", "64.08.04"),
        ("Kecamatan Sangatta Utara", "64.08.04"),
        ("SANGATTA UTARA", "64.08.04"),
        ("Desa Sangatta Utara", "64.08.04.2001"),
        ("Swarga Bara", "64.08.04.2012"),
        ("desa swarga bara", "64.08.04.2012"),
        ("Swarga Bara, Kec. Sangatta Utara", "64.08.04.2012"),
        ("Sangatta Utara / Swarga Bara", "64.08.04.2012"),
        ("Kel. Singa Geweh", "64.08.12.1002"),
        ("Kelurahan Teluk Lingga", "64.08.04.1010"),
        ("Kongbeng", "64.08.08"),
        ("Kec. Kombeng", "64.08.08"),
    ],
)
def test_an_area_is_found_by_code_or_by_name(kutim, text, code):
    assert kutim(text) == code


def test_a_close_misspelling_is_a_suggestion_never_applied(kutim):
    with pytest.raises(ParseError, match="Wilayah tidak dikenal") as caught:
        kutim("Sangata Utara")
    assert caught.value.kind == "area_unknown"
    assert caught.value.suggestion == "Kec. Sangatta Utara"


def test_an_unknown_code_is_refused(kutim):
    with pytest.raises(ParseError, match="Kode wilayah tidak dikenal"):
        kutim("64.08.99")


def test_a_desa_in_another_kecamatan_is_a_mismatch(kutim):
    with pytest.raises(ParseError) as caught:
        kutim("Swarga Bara, Kec. Bengalon")
    assert caught.value.kind == "area_mismatch"


def test_a_name_shared_by_two_desa_asks_for_the_kecamatan():
    index = AreaIndex(
        [
            Area("64.08.01", "Satu", "kecamatan"),
            Area("64.08.02", "Dua", "kecamatan"),
            Area("64.08.01.2001", "Sukamaju", "desa", "64.08.01"),
            Area("64.08.02.2001", "Sukamaju", "desa", "64.08.02"),
        ]
    )
    with pytest.raises(ParseError, match="Tulis juga kecamatannya") as caught:
        index("Sukamaju")
    assert caught.value.kind == "area_ambiguous"
    assert index("Sukamaju, Kec. Dua") == "64.08.02.2001"


def test_area_digits_become_a_dotted_code():
    assert area_code_from_digits("6408042001") == "64.08.04.2001"
    assert area_code_from_digits("64080") is None


# --- choices and organisations -----------------------------------------------------------


def test_a_choice_is_found_by_code_label_or_synonym_and_a_near_miss_is_suggested():
    offices = ChoiceParser(
        {"kepala_desa": "Kepala Desa", "sekcam": "Sekretaris Camat"}, {"Kades": "kepala_desa"}, noun="Jabatan"
    )
    assert offices("KADES") == "kepala_desa"
    assert offices("kepala desa") == "kepala_desa"
    assert offices("Kepala_Desa") == "kepala_desa"
    with pytest.raises(ParseError, match="Jabatan tidak dikenal") as caught:
        offices("Sekretaris Camt")
    assert caught.value.suggestion == "Sekretaris Camat"


def test_an_organisation_is_found_by_its_everyday_name():
    orgs = OrgIndex(
        [
            (1, "Kecamatan Muara Bengkal", ""),
            (2, "Majelis Ulama Indonesia Kabupaten Kutai Timur", "MUI Kutim"),
            (3, "Koramil 0909-01/Muara Ancalong", ""),
        ]
    )
    assert orgs("Kantor Camat Muara Bengkal") == 1
    assert orgs("MUI Kutim") == 2
    assert orgs("koramil 0909-01/muara ancalong") == 3


def test_an_organisation_near_a_known_one_is_only_suggested():
    orgs = OrgIndex([(1, "Polsek Sangatta Utara", "")])
    with pytest.raises(ParseError, match="Organisasi tidak ditemukan") as caught:
        orgs("Polsek Sangata Utara")
    assert caught.value.suggestion == "Polsek Sangatta Utara"


def test_fold_removes_case_accents_and_punctuation():
    assert fold("  No. HP ") == "no hp"
    assert fold("Kecamatan/Desa") == "kecamatan desa"
