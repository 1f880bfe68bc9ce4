"""Reference data stays editable in the admin (it has no services)."""

import pytest
from django.urls import reverse

from regions.models import Election


@pytest.mark.django_db
def test_reference_data_stays_editable_in_the_admin(admin_client, kutim):
    election = Election.objects.first()

    response = admin_client.post(
        reverse("admin:regions_election_change", args=[election.pk]),
        {
            "code": election.code,
            "name": "Pilkada Serentak (diperbaiki)",
            "kind": election.kind,
            "voting_date": election.voting_date.isoformat(),
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    election.refresh_from_db()
    assert election.name == "Pilkada Serentak (diperbaiki)"


@pytest.mark.django_db
def test_the_admin_refuses_a_voting_date_outside_the_range_with_a_message(admin_client, kutim):
    """Finding 2 of issue 12: the admin writes reference dates, and the range constraint answers there too."""
    election = Election.objects.first()
    response = admin_client.post(
        reverse("admin:regions_election_change", args=[election.pk]),
        {
            "code": election.code,
            "name": election.name,
            "kind": election.kind,
            "voting_date": "0001-01-01",
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Tanggal harus antara 01/01/1900 dan 31/12/2100." in response.content.decode()
    election.refresh_from_db()
    assert election.voting_date.year > 1900
