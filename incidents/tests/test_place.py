"""A report's place must lie in the kabupaten this installation serves (KABUPATEN_CODES)."""

import pytest

from incidents.services import incident_validate_place
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_a_desa_of_the_configured_kabupaten_is_accepted():
    assert incident_validate_place(area=AdminUnit.objects.get(code="64.08.04.2001")) == {}


def test_a_desa_outside_the_configured_kabupaten_is_refused(settings):
    settings.KABUPATEN_CODE = "64.09"
    settings.KABUPATEN_CODES = ["64.09"]
    errors = incident_validate_place(area=AdminUnit.objects.get(code="64.08.04.2001"))
    assert list(errors) == ["area"]
