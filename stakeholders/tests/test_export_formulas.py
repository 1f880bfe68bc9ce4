"""The directory export and the import template write formula-like text as text (issue 12, finding 4)."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from stakeholders.services import person_create

FORMULA = '=HYPERLINK("http://x","y")'


def test_the_directory_export_writes_a_formula_name_as_text(client, world):
    person_create(full_name=FORMULA, honorific="+62")
    client.force_login(world.kesbangpol)
    response = client.get(reverse("stakeholders:directory_export"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    written = [(c.value, c.data_type) for row in rows for c in row[:2] if "HYPERLINK" in str(row[0].value)]
    assert written == [("'" + FORMULA, "s"), ("'+62", "s")]
