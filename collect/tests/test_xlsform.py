"""The XLSForm shipped in docs/kobo/: the report form's fields and choices, the areas of the reference data."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from collect.xlsform import xlsform_bytes, xlsform_sheets
from core.tabular import read_table
from incidents.forms import IncidentReportForm
from incidents.models import IncidentCategory
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "docs" / "kobo" / "laporan-lapangan.xlsx"
# Fields of the web form that the XLSForm asks another way (lat/lng: one geopoint) or not at all: the
# device id and time (Kobo's instanceID and end), and the confidential informant, whose identity must
# not sit on a Kobo or ODK server.
NOT_IN_XLSFORM = {
    "lat",
    "lng",
    "client_id",
    "written_at",
    "confidential",
    "informant_name",
    "informant_phone",
    "informant_contact",
}


def _rows(content: bytes, sheet: str) -> list[list[str]]:
    table = read_table(content, sheet=sheet, header=False, max_rows=20_000)
    return [row.values for row in table.rows]


def test_the_shipped_xlsform_is_what_the_reference_data_gives_today(kutim):
    fresh = xlsform_bytes()
    for sheet in ("survey", "choices", "settings"):
        assert _rows(SHIPPED.read_bytes(), sheet) == _rows(fresh, sheet), (
            f"docs/kobo/laporan-lapangan.xlsx ({sheet}) is behind: run manage.py collect_xlsform"
        )


def test_the_xlsform_asks_every_field_of_the_report_form_with_its_choices(kutim):
    sheets = xlsform_sheets()
    names = {row[1] for row in sheets["survey"][1:]}
    assert set(IncidentReportForm.base_fields) - NOT_IN_XLSFORM <= names
    assert "location" in names
    choices: dict[str, set[str]] = {}
    for list_name, name, _label, _filter in sheets["choices"][1:]:
        choices.setdefault(list_name, set()).add(name)
    assert choices["kecamatan"] == set(
        AdminUnit.objects.filter(level="kecamatan").values_list("code", flat=True)
    )
    assert choices["desa"] == set(AdminUnit.objects.filter(level="desa").values_list("code", flat=True))
    assert choices["category"] == set(
        IncidentCategory.objects.filter(is_active=True).values_list("code", flat=True)
    )
    assert choices["severity"] == {"1", "2", "3", "4", "5"}
    desa_rows = [row for row in sheets["choices"][1:] if row[0] == "desa"]
    assert all(row[1].startswith(row[3] + ".") for row in desa_rows)  # the kecamatan filter column


def test_the_command_writes_the_form_where_it_is_told(kutim, tmp_path):
    output = tmp_path / "form.xlsx"
    call_command("collect_xlsform", output=str(output))
    assert _rows(output.read_bytes(), "settings")[1][1] == "pilkada_mitigasi_laporan"
