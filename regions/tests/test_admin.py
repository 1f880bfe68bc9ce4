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
            "voting_date": election.voting_date.isoformat(),
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    election.refresh_from_db()
    assert election.name == "Pilkada Serentak (diperbaiki)"
