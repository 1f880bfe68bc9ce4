from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.choices import PhaseCode
from regions.models import AdminUnit
from regions.selectors import (
    adminunit_ancestors,
    adminunit_containing_point,
    adminunit_subtree,
    electionphase_at,
)

WITA = ZoneInfo("Asia/Makassar")


def test_subtree_of_a_kecamatan_is_itself_and_its_desa(kutim):
    codes = set(adminunit_subtree(area="64.08.04").values_list("code", flat=True))
    assert codes == {
        "64.08.04",
        "64.08.04.1010",
        *AdminUnit.objects.filter(parent__code="64.08.04").values_list("code", flat=True),
    }
    assert "64.08.14" not in codes


def test_subtree_of_the_kabupaten_is_everything_in_one_query(kutim):
    with CaptureQueriesContext(connection) as ctx:
        assert len(list(adminunit_subtree(area=kutim))) == 1 + 18 + 141
    assert len(ctx.captured_queries) == 1


def test_subtree_does_not_match_a_sibling_sharing_a_prefix(kutim):
    # 64.08.1 is not a prefix of 64.08.10's subtree: the dot matters.
    codes = set(adminunit_subtree(area="64.08.01").values_list("code", flat=True))
    assert not any(code.startswith("64.08.10") for code in codes)


def test_ancestors_of_a_desa_are_kabupaten_then_kecamatan(kutim):
    desa = AdminUnit.objects.get(code="64.08.04.1010")
    assert [a.code for a in adminunit_ancestors(area=desa)] == ["64.08", "64.08.04"]


def test_point_at_a_desa_centroid_is_found_in_that_desa(kutim):
    desa = AdminUnit.objects.get(code="64.08.12.1002")
    found = adminunit_containing_point(lat=desa.centroid_lat, lng=desa.centroid_lng)
    assert found is not None
    assert found.code == desa.code


def test_point_in_samarinda_is_outside_kutai_timur(kutim):
    assert adminunit_containing_point(lat=-0.5022, lng=117.1536) is None


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (date(2024, 10, 28), PhaseCode.KAMPANYE),
        (date(2024, 11, 25), PhaseCode.MASA_TENANG),
        (datetime(2024, 11, 27, 10, 0, tzinfo=WITA), PhaseCode.PEMUNGUTAN_SUARA),
        (date(2024, 11, 28), PhaseCode.PENGHITUNGAN_SUARA),
        (date(2024, 12, 2), PhaseCode.PSU_PSS),
        (date(2024, 12, 6), PhaseCode.REKAPITULASI),
        (date(2024, 8, 28), PhaseCode.PENCALONAN),
        (date(2025, 2, 20), PhaseCode.PELANTIKAN),
    ],
)
def test_phase_at_picks_the_most_specific_phase(kutim, moment, expected):
    assert electionphase_at(moment=moment).code == expected


def test_phase_at_uses_the_wita_date_of_an_aware_moment(kutim):
    # 23:30 UTC on 26 Nov is 07:30 WITA on voting day.
    moment = datetime(2024, 11, 26, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert electionphase_at(moment=moment).code == PhaseCode.PEMUNGUTAN_SUARA


def test_phase_at_outside_the_calendar_is_none(kutim):
    assert electionphase_at(moment=date(2030, 1, 1)) is None


def test_area_aliases_come_from_the_shipped_data_kabupaten_names_only_when_asked():
    from regions.selectors import adminunit_aliases

    assert adminunit_aliases()["Sangata"] == "64.08.04"
    assert "Kutim" not in adminunit_aliases()
    assert adminunit_aliases(with_kabupaten=True)["Kutim"] == "64.08"
