"""The admin lists the intake log, the queue and the answers read-only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["inboundcall", "inboundmessage", "unverifiedintake", "intakereply"])
def test_the_admin_lists_every_intake_model(admin_client, model):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(reverse(f"admin:intake_{model}_changelist")).status_code == 200
