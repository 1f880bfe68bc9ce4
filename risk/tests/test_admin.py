"""Assessments are read in the admin and never written there, not even by a revert from their history."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from regions.models import AdminUnit
from risk.models import RiskAssessment
from risk.services import riskassessment_create


@pytest.fixture
def assessment(instruments, kesbangpol):
    return riskassessment_create(
        instrument=instruments["ikp-2024-kabkota"],
        area=AdminUnit.objects.get(code="64.08.04"),
        score=Decimal("20"),
        as_of=date(2024, 9, 1),
        by_user=kesbangpol,
    )


@pytest.mark.django_db
def test_superuser_cannot_change_delete_or_revert_an_assessment(admin_client, assessment):
    history = assessment.history.get()
    change = admin_client.post(
        reverse("admin:risk_riskassessment_change", args=[assessment.pk]), {"score": "99"}
    )
    delete = admin_client.post(
        reverse("admin:risk_riskassessment_delete", args=[assessment.pk]), {"post": "yes"}
    )
    revert = admin_client.post(
        reverse("admin:risk_riskassessment_simple_history", args=[assessment.pk, history.pk]), {"score": "99"}
    )
    page = admin_client.get(reverse("admin:risk_riskassessment_history", args=[assessment.pk]))

    assert (change.status_code, delete.status_code, revert.status_code, page.status_code) == (
        403,
        403,
        403,
        200,
    )
    assessment.refresh_from_db()
    assert assessment.score == Decimal("20")
    assert RiskAssessment.objects.filter(pk=assessment.pk).exists()
