from regions.choices import AdminLevel, VillageType
from regions.geo import point_in_geometry
from regions.models import AdminUnit, ElectionPhase
from regions.services import election_calendar_load, regions_load_kutim


def test_load_regions_creates_kutai_timur_with_18_kecamatan_and_141_desa(kutim):
    assert AdminUnit.objects.filter(level=AdminLevel.KECAMATAN).count() == 18
    assert AdminUnit.objects.filter(level=AdminLevel.DESA).count() == 141
    assert AdminUnit.objects.filter(village_type=VillageType.KELURAHAN).count() == 2


def test_load_regions_twice_changes_nothing(kutim):
    report = regions_load_kutim()
    assert report.changed == 0
    assert report.counts[AdminLevel.DESA]["unchanged"] == 141


def test_load_regions_repairs_an_edited_name(kutim):
    AdminUnit.objects.filter(code="64.08.04").update(name="Salah")
    report = regions_load_kutim()
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
