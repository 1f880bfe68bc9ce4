"""Every incident export writes a title that looks like a formula as text (issue 12, finding 4)."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.choices import JobStatus
from incidents.models import IncidentExport
from incidents.services.export import incident_export_request, incident_export_run
from incidents.tests.factories import make_incident
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

FORMULA = '=HYPERLINK("http://x","y")'
TITLE_COLUMN = 3


@pytest.fixture
def admin(kutim):
    make_incident(title=FORMULA)
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


def _get(user, file_format):
    client = Client()
    client.force_login(user)
    return client.get(reverse("incidents:incident_export"), {"format": file_format, "status": "semua"})


def test_the_xlsx_export_writes_a_formula_title_as_text(admin):
    sheet = load_workbook(io.BytesIO(_get(admin, "xlsx").content)).active
    cell = sheet.cell(row=2, column=TITLE_COLUMN)
    assert (cell.value, cell.data_type) == ("'" + FORMULA, "s")


def test_the_csv_export_writes_a_formula_title_as_text(admin):
    content = b"".join(_get(admin, "csv").streaming_content).decode()
    assert list(csv.reader(io.StringIO(content)))[1][TITLE_COLUMN - 1] == "'" + FORMULA


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_background_export_writes_a_formula_title_as_text(admin, file_format, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    export = incident_export_request(user=admin, params={"status": ["semua"]}, file_format=file_format)
    assert incident_export_run(export_id=export.pk) == "done"
    export = IncidentExport.objects.get(pk=export.pk)
    assert export.status == JobStatus.DONE
    content = default_storage.open(export.file.name).read()
    if file_format == "xlsx":
        value = load_workbook(io.BytesIO(content)).active.cell(row=2, column=TITLE_COLUMN).value
    else:
        value = list(csv.reader(io.StringIO(content.decode())))[1][TITLE_COLUMN - 1]
    assert value == "'" + FORMULA
