"""The engine with a real worker, Redis and a local SMS gateway: alerts go out, acknowledgement stops them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import celery_worker_idle
from escalation.choices import EscalationStatus, TargetKind
from escalation.defaults import escalation_policy_defaults_ensure
from escalation.models import Escalation
from escalation.services import escalation_acknowledge, escalation_audit
from incidents.tests.factories import make_incident
from notifications.choices import DeliveryStatus
from notifications.models import Delivery
from stakeholders.choices import ContactKind, ForumKind, Office

from .conftest import wait_until
from .factories import forum_holders, policy_with_steps

pytestmark = pytest.mark.django_db(transaction=True)

SMS = "/sms/send"


@pytest.fixture
def gateway(settings, httpserver):
    """The SMS gateway setting pointed at a local HTTP server; fast retries."""
    settings.SMS_GATEWAY_URL = httpserver.url_for(SMS)
    settings.SMS_GATEWAY_METHOD = "POST"
    settings.SMS_GATEWAY_PARAMS = "to={to}&text={text}"
    settings.SMS_GATEWAY_ID_JSON_PATH = "id"
    settings.NOTIFICATIONS_HTTP_TIMEOUT_S = 0.5
    settings.NOTIFICATIONS_RETRY_BASE_S = 1.0
    settings.NOTIFICATIONS_RETRY_MAX_S = 1.5
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 10
    escalation_policy_defaults_ensure()
    return httpserver


def _sms_requests(httpserver) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == SMS)


def test_a_new_incident_alerts_its_forkopimcam_by_sms_within_seconds(celery_worker, kutim, gateway):
    gateway.expect_request(SMS).respond_with_json({"id": "sms-ok"})
    holders = forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK], contact=ContactKind.PHONE
    )
    escalation = make_incident(severity=4).escalations.get()
    assert wait_until(
        lambda: Delivery.objects.filter(message__group_key=escalation.group_key, channel="sms", status=DeliveryStatus.SENT).count() == 2,
        timeout=20,
    )  # fmt: skip
    assert {r["id"] for r in escalation.runs.get().recipients} == {p.pk for p in holders}
    escalation.refresh_from_db()
    assert escalation.next_step == 1
    assert escalation.runs.get().lateness_s < 5


def test_no_alert_is_sent_after_the_acknowledgement_even_while_a_gateway_is_retrying(
    celery_worker, kutim, gateway, settings
):
    gateway.expect_request(SMS).respond_with_data("sibuk", status=503)
    forum_holders(
        ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT, Office.KAPOLSEK], contact=ContactKind.PHONE
    )
    incident = make_incident(severity=4)
    escalation = incident.escalations.get()
    assert wait_until(lambda: _sms_requests(gateway) >= 2, timeout=20)
    escalation_acknowledge(escalation=escalation, by_user=incident.reporter)
    at_acknowledgement = _sms_requests(gateway)
    # Every retry already scheduled falls due within NOTIFICATIONS_RETRY_MAX_S and finds the alert
    # acknowledged: an attempt already in flight may finish (one per recipient), nothing starts after.
    wait_until(celery_worker_idle, timeout=settings.NOTIFICATIONS_RETRY_MAX_S + 15)
    assert _sms_requests(gateway) <= at_acknowledgement + 2
    assert not Delivery.objects.filter(
        message__group_key=escalation.group_key, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]
    ).exists()
    # Even when the next step falls due, it does not run.
    Escalation.objects.filter(pk=escalation.pk).update(next_due_at=timezone.now() - timedelta(minutes=5))
    escalation_audit()
    wait_until(celery_worker_idle, timeout=15)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    assert escalation.runs.count() == 1


def test_steps_with_no_wait_run_back_to_back_through_the_countdown_path(celery_worker, kutim, gateway):
    gateway.expect_request(SMS).respond_with_json({"id": "sms-ok"})
    person = forum_holders(ForumKind.FORKOPIMCAM, "64.08.04", [Office.CAMAT], contact=ContactKind.PHONE)[0]
    target = [{"kind": TargetKind.PERSON, "person": person}]
    policy_with_steps([(0, target), (0, target), (0, target)])
    escalation = make_incident(severity=3).escalations.get()
    assert wait_until(lambda: escalation.runs.count() == 3, timeout=20)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.EXHAUSTED
    assert [run.step_index for run in escalation.runs.all()] == [0, 1, 2]
    assert wait_until(lambda: _sms_requests(gateway) == 3, timeout=10)
