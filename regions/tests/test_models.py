"""An area's name as pages show it."""

from unittest import mock

from django.utils import translation

from regions.choices import AdminLevel, VillageType
from regions.models import AdminUnit


def test_a_desa_is_named_with_its_village_type_in_the_language_without_translating_every_choice():
    desa = AdminUnit(code="64.08.04.1001", name="Sangatta Utara", level=AdminLevel.DESA)
    with mock.patch.object(AdminUnit, "get_village_type_display", side_effect=AssertionError("every choice")):
        desa.village_type = VillageType.KELURAHAN
        with translation.override("id"):
            assert str(desa) == "Kelurahan Sangatta Utara"
        with translation.override("en"):
            assert str(desa) == "Ward Sangatta Utara"
        desa.village_type = VillageType.DESA
        with translation.override("id"):
            assert str(desa) == "Desa Sangatta Utara"


def test_a_kecamatan_and_a_kabupaten_keep_their_names():
    with translation.override("id"):
        assert str(AdminUnit(code="64.08.04", name="Sangatta Utara", level=AdminLevel.KECAMATAN)) == (
            "Kec. Sangatta Utara"
        )
        assert str(AdminUnit(code="64.08", name="Kutai Timur", level=AdminLevel.KABUPATEN)) == "Kutai Timur"
