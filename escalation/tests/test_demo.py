"""The demo shows a running and an acknowledged escalation, and nothing else keeps escalating."""

import pytest

from core import demo as base_demo
from escalation import demo
from escalation.choices import EscalationStatus
from escalation.models import Escalation
from incidents import demo as incidents_demo
from notifications.models import Message
from stakeholders import demo as stakeholders_demo

pytestmark = pytest.mark.demo


def test_the_demo_has_a_running_and_an_acknowledged_escalation_and_is_idempotent(kutim):
    base_demo.seed()
    stakeholders_demo.seed()
    incidents_demo.seed()
    demo.seed()
    running = Escalation.objects.get(incident__title__contains="contoh eskalasi berjalan")
    acknowledged = Escalation.objects.get(incident__title__contains="contoh eskalasi dikonfirmasi")
    assert running.status == EscalationStatus.ACTIVE
    assert running.runs.count() == 1
    assert acknowledged.status == EscalationStatus.ACKNOWLEDGED
    assert acknowledged.acknowledged_by_person.user.username == "kapolsek.sangatta.utara"
    # The demo's camat (a login with an email address) got the first alert with an acknowledge link.
    camat_alert = Message.objects.get(
        group_key=running.group_key, inbox_items__person__user__username="camat.sangatta.utara"
    )
    assert "/insiden/konfirmasi/" in camat_alert.link
    # Historical demo reports do not escalate now.
    assert set(Escalation.objects.filter(status=EscalationStatus.ACTIVE).values_list("pk", flat=True)) == {
        running.pk
    }
    counts = Escalation.objects.count(), Message.objects.count()
    incidents_demo.seed()
    demo.seed()
    assert (Escalation.objects.count(), Message.objects.count()) == counts
