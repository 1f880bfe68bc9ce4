import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from regions.choices import AdminLevel, VillageType
from regions.geo import point_in_geometry
from regions.models import AdminUnit, ElectionPhase
from regions.services import KUTIM_CODE, election_calendar_load, regions_load


def test_load_regions_creates_kutai_timur_with_18_kecamatan_and_141_desa(kutim):
    assert AdminUnit.objects.filter(level=AdminLevel.KECAMATAN).count() == 18
    assert AdminUnit.objects.filter(level=AdminLevel.DESA).count() == 141
    assert AdminUnit.objects.filter(village_type=VillageType.KELURAHAN).count() == 2


def test_load_regions_twice_changes_nothing(kutim):
    report = regions_load(codes=[KUTIM_CODE])
    assert report.changed == 0
    assert report.counts[AdminLevel.DESA]["unchanged"] == 141


def test_load_regions_repairs_an_edited_name(kutim):
    AdminUnit.objects.filter(code="64.08.04").update(name="Salah")
    report = regions_load(codes=[KUTIM_CODE])
    assert report.counts[AdminLevel.KECAMATAN]["updated"] == 1
    assert AdminUnit.objects.get(code="64.08.04").name == "Sangatta Utara"


def test_every_desa_hangs_under_the_kecamatan_its_code_names(kutim):
    for desa in AdminUnit.objects.filter(level=AdminLevel.DESA).select_related("parent"):
        assert desa.parent.code == desa.code.rsplit(".", 1)[0]
        assert desa.parent.level == AdminLevel.KECAMATAN


def test_every_desa_centroid_lies_inside_its_kecamatan_boundary(kutim):
    for desa in AdminUnit.objects.filter(level=AdminLevel.DESA).select_related("parent"):
        assert point_in_geometry(desa.centroid_lat, desa.centroid_lng, desa.parent.boundary), desa.code


def test_village_type_follows_the_fourth_code_segment(kutim):
    for desa in AdminUnit.objects.filter(level=AdminLevel.DESA):
        expected = VillageType.KELURAHAN if desa.code.split(".")[3].startswith("1") else VillageType.DESA
        assert desa.village_type == expected


def test_election_calendar_load_is_idempotent(kutim):
    assert election_calendar_load().changed == 0
    # Pemilu 2019 (12 main phases and 2 sub-phases) and Pilkada 2024 (12 and 2).
    assert ElectionPhase.objects.filter(is_main=True).count() == 24
    assert set(ElectionPhase.objects.filter(is_main=False).values_list("code", flat=True)) == {
        "pra_kampanye",
        "distribusi_logistik",
    }


def test_kalimantan_timur_sits_above_the_kabupaten_as_context(kutim):
    province = AdminUnit.objects.get(code="64")
    assert (province.level, province.name, province.parent) == (AdminLevel.PROVINSI, "Kalimantan Timur", None)
    assert kutim.parent == province
    # Breadcrumbs and scopes start at the kabupaten: the province is not an ancestor shown below it.
    from regions.selectors import adminunit_ancestors

    assert [a.code for a in adminunit_ancestors(area=AdminUnit.objects.get(code="64.08.04"))] == ["64.08"]


BONTANG = "64.74"


def test_load_regions_loads_another_kota_by_its_code_from_the_vendored_dataset(kutim):
    report = regions_load(codes=[BONTANG])
    bontang = AdminUnit.objects.get(code=BONTANG)
    assert (bontang.name, bontang.level, bontang.parent.code) == ("Kota Bontang", AdminLevel.KABUPATEN, "64")
    assert AdminUnit.objects.filter(code__startswith="64.74.", level=AdminLevel.KECAMATAN).count() == 3
    assert AdminUnit.objects.filter(code__startswith="64.74.", level=AdminLevel.DESA).count() == 15
    # The province was already there: one kabupaten beside Kutai Timur, no second province.
    assert report.counts[AdminLevel.PROVINSI] == {"created": 0, "updated": 0, "unchanged": 1}
    assert AdminUnit.objects.get(code="64.74.01.1001").village_type == VillageType.KELURAHAN


def test_a_kabupaten_without_shipped_boundaries_loads_without_geometry(kutim):
    regions_load(codes=[BONTANG])
    desa = AdminUnit.objects.filter(code__startswith="64.74.", level=AdminLevel.DESA)
    assert not desa.filter(boundary__isnull=False).exists()
    assert "idn-area-data" in desa.first().edition


def test_loading_a_second_kabupaten_leaves_the_first_with_its_boundaries(kutim):
    regions_load(codes=[BONTANG])
    assert regions_load(codes=[KUTIM_CODE]).changed == 0
    assert AdminUnit.objects.filter(code__startswith="64.08.", boundary__isnull=True).count() == 0


def test_a_reload_keeps_an_uploaded_boundary(kutim):
    regions_load(codes=[BONTANG])
    square = {"type": "Polygon", "coordinates": [[[117.4, 0.1], [117.5, 0.1], [117.5, 0.2], [117.4, 0.1]]]}
    AdminUnit.objects.filter(code="64.74.01").update(boundary=square)
    assert regions_load(codes=[BONTANG]).changed == 0
    assert AdminUnit.objects.get(code="64.74.01").boundary == square


def test_an_unknown_kabupaten_code_is_refused_with_its_code_named(kutim):
    with pytest.raises(ValidationError, match=r"99\.99"):
        regions_load(codes=["99.99"])


def test_a_malformed_code_is_refused(kutim):
    with pytest.raises(ValidationError, match=r"seperti 64\.08"):
        regions_load(codes=["6408"])


def test_load_regions_command_loads_the_codes_it_is_given(kutim):
    out = io.StringIO()
    call_command("load_regions", "--code", BONTANG, stdout=out)
    assert "Data referensi siap." in out.getvalue()
    assert AdminUnit.objects.filter(code=BONTANG).exists()


def test_load_regions_command_lists_a_provinces_kabupaten(kutim):
    out = io.StringIO()
    call_command("load_regions", "--list", "--province", "64", stdout=out)
    assert "64.08\tKutai Timur" in out.getvalue()
    assert "64.74\tKota Bontang" in out.getvalue()
