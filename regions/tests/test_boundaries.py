"""Boundaries uploaded by an administrator for a kabupaten loaded without them."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from regions.models import AdminUnit
from regions.selectors import adminunit_containing_point
from regions.services import adminunit_boundaries_load, regions_load

SQUARE = [[[117.40, 0.10], [117.50, 0.10], [117.50, 0.20], [117.40, 0.20], [117.40, 0.10]]]


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(code, coordinates=SQUARE, kind="Polygon", key="code"):
    return {
        "type": "Feature",
        "properties": {key: code},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


@pytest.fixture
def bontang(kutim):
    regions_load(codes=["64.74"])


def test_an_uploaded_boundary_makes_points_findable(bontang):
    report = adminunit_boundaries_load(content=_collection(_feature("64.74.01")), source="bontang.geojson")
    assert report.counts["kecamatan"]["updated"] == 1
    unit = AdminUnit.objects.get(code="64.74.01")
    assert unit.centroid_lat == pytest.approx(0.15)
    assert unit.edition.endswith(tuple("0123456789abcdef"))
    assert "batas bontang.geojson" in unit.edition
    assert adminunit_containing_point(lat=0.15, lng=117.45, level="kecamatan").code == "64.74.01"


def test_loading_the_same_file_twice_changes_nothing(bontang):
    content = _collection(_feature("64.74.01", key="kode"))
    adminunit_boundaries_load(content=content)
    assert adminunit_boundaries_load(content=content).changed == 0


def test_a_reload_of_the_areas_keeps_the_uploaded_boundary_and_its_mark(bontang):
    adminunit_boundaries_load(content=_collection(_feature("64.74.01")), source="b.geojson")
    regions_load(codes=["64.74"])
    unit = AdminUnit.objects.get(code="64.74.01")
    assert unit.boundary is not None
    assert "batas b.geojson" in unit.edition


def test_a_desa_boundary_changes_its_kecamatans_edition_so_the_map_layer_is_rebuilt(bontang):
    before = AdminUnit.objects.get(code="64.74.01").edition
    adminunit_boundaries_load(content=_collection(_feature("64.74.01.1001")))
    assert AdminUnit.objects.get(code="64.74.01").edition != before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "bukan GeoJSON yang sah"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (_collection(_feature("")), "tidak ada kode wilayah"),
        (_collection(_feature("64.74.09")), "belum dimuat"),
        (
            _collection(_feature("64.74.01", kind="Point", coordinates=[117.4, 0.1])),
            "Polygon atau MultiPolygon",
        ),
        (
            _collection(
                _feature("64.74.01", coordinates=[[[0.1, 117.4], [0.2, 117.4], [0.2, 117.5], [0.1, 117.4]]])
            ),
            "bujur dulu",
        ),
        (
            _collection(
                _feature("64.74.01", coordinates=[[[117.4, 0.1], [117.5, 0.1], [117.5, 0.2], [117.4, 0.2]]])
            ),
            "tidak tertutup",
        ),
        (_collection(_feature("64.74.01"), _feature("64.74.01")), "muncul dua kali"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_message_in_bahasa_indonesia(bontang, content, message):
    with pytest.raises(ValidationError, match=message):
        adminunit_boundaries_load(content=content)
    assert AdminUnit.objects.get(code="64.74.01").boundary is None


def test_a_file_with_one_bad_feature_changes_nothing(bontang):
    content = _collection(_feature("64.74.01"), _feature("64.74.02", coordinates=[[[117.4, 0.1]]]))
    with pytest.raises(ValidationError, match="Feature 2"):
        adminunit_boundaries_load(content=content)
    assert AdminUnit.objects.get(code="64.74.01").boundary is None


def test_the_command_loads_a_file_and_names_its_errors(bontang, tmp_path):
    good = tmp_path / "ok.geojson"
    good.write_bytes(_collection(_feature("64.74.02")))
    out = io.StringIO()
    call_command("load_boundaries", str(good), stdout=out)
    assert "Batas wilayah dimuat." in out.getvalue()
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(_collection(_feature("99.99.99")))
    with pytest.raises(CommandError, match="belum dimuat"):
        call_command("load_boundaries", str(bad))
