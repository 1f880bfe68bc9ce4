"""After an acknowledgement, every other recipient's inbox item and acknowledge link say who handled it."""

from urllib.parse import urlsplit

import pytest

from escalation.services import escalation_acknowledge, escalation_step_run, escalation_unacknowledge
from incidents.tests.factories import make_incident
from notifications.channels.base import message_text
from notifications.models import Message
from stakeholders.choices import ForumKind, Office
from stakeholders.tests.factories import UserFactory

from .factories import forum_holders

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted(kutim):
    """A first step run to Camat, Kapolsek and Danramil, each with an account."""
    people = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK, Office.DANRAMIL]
    )
    for n, person in enumerate(people):
        person.user = UserFactory(username=f"penerima.{n}")
        person.save()
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1)
    return escalation, people


def _inbox(client, person) -> str:
    client.force_login(person.user)
    return client.get("/notifikasi/").content.decode()


def test_the_alert_asks_for_acknowledgement_on_every_channel_until_acknowledged(alerted):
    escalation, _ = alerted
    message = Message.objects.filter(group_key=escalation.group_key).first()
    assert message.action_text == "Mohon konfirmasi."
    assert message.text.endswith("Kecamatan Sangatta Utara.")
    assert "Mohon konfirmasi" not in message.text
    assert message_text(message).splitlines()[0].endswith(". Mohon konfirmasi.")


def test_after_acknowledgement_the_other_recipients_inbox_says_who_handled_it_and_when(alerted, client):
    escalation, (camat, kapolsek, danramil) = alerted
    assert "Mohon konfirmasi" in _inbox(client, kapolsek)
    escalation_acknowledge(escalation=escalation, by_person=camat, by_user=camat.user)
    escalation.refresh_from_db()
    for person in (kapolsek, danramil):
        page = _inbox(client, person)
        assert "Mohon konfirmasi" not in page
        assert f"Sudah ditangani oleh {camat}, " in page
        assert " WITA." in page
        assert 'data-testid="inbox-closed"' in page


def test_withdrawing_the_acknowledgement_asks_again(alerted, client):
    escalation, (camat, kapolsek, _) = alerted
    escalation_acknowledge(escalation=escalation, by_person=camat, by_user=camat.user)
    escalation_unacknowledge(escalation=escalation, by_user=camat.user)
    page = _inbox(client, kapolsek)
    assert "Mohon konfirmasi" in page
    assert "Sudah ditangani" not in page


def test_another_recipients_link_says_it_was_already_acknowledged_and_by_whom(alerted, client):
    escalation, (camat, kapolsek, _) = alerted
    escalation_acknowledge(escalation=escalation, by_person=camat, by_user=camat.user)
    link = Message.objects.get(
        group_key=escalation.group_key, deliveries__person=kapolsek, deliveries__channel="in_app"
    ).link
    path = urlsplit(link).path
    page = client.get(path).content.decode()
    assert f"Dikonfirmasi oleh {camat}" in page
    assert 'data-testid="ack-confirm"' not in page
    answer = client.post(path).content.decode()
    assert f"sudah dikonfirmasi oleh {camat}" in answer
