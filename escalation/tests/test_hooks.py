"""The acknowledgement hook: higher layers learn of an acknowledgement inside its transaction."""

import pytest

from escalation.choices import EscalationStatus
from escalation.hooks import escalation_acknowledged_hook_register, escalation_acknowledged_hook_unregister
from escalation.services import escalation_acknowledge
from incidents.tests.factories import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook_calls():
    calls = []

    def hook(*, escalation, incident):
        calls.append((escalation.pk, escalation.status, incident.pk))

    escalation_acknowledged_hook_register(hook)
    yield calls
    escalation_acknowledged_hook_unregister(hook)


def test_an_acknowledgement_runs_the_hook_with_the_acknowledged_escalation(kutim, hook_calls):
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    assert hook_calls == [(escalation.pk, EscalationStatus.ACKNOWLEDGED, incident.pk)]


def test_a_hook_that_raises_rolls_the_acknowledgement_back(kutim):
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()

    def refuse(*, escalation, incident):
        raise RuntimeError("refused")

    escalation_acknowledged_hook_register(refuse)
    try:
        with pytest.raises(RuntimeError, match="refused"):
            escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    finally:
        escalation_acknowledged_hook_unregister(refuse)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACTIVE
