"""The Bimtek reports write a participant's formula-like name as text (issue 12, finding 4)."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from training import services
from training.choices import TestKind

FORMULA = '=HYPERLINK("http://x","y")'


def test_the_programme_report_writes_a_formula_name_as_text(programme, trainer, participant):
    _user, registration = participant
    registration.person.full_name = FORMULA
    registration.person.save()
    question = services.question_add(
        programme=programme, text="Apa itu mitigasi?", choices=["a", "b"], correct_index=0, by_user=trainer
    )
    for kind in (TestKind.PRE, TestKind.POST):
        services.test_submit(registration=registration, kind=kind, answers={question.pk: 0})
    client = Client()
    client.force_login(trainer)
    response = client.get(reverse("training:programme_report_xlsx", args=[programme.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[2]
    names = [(row[0].value, row[0].data_type) for row in sheet.iter_rows(min_row=2)]
    assert names == [("'" + FORMULA, "s")]
