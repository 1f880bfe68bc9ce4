"""The webhook channel: a signed JSON POST to a local HTTP server; the secret comes from a resolver."""

import hashlib
import hmac
import json

import pytest

from notifications.channels import PermanentError, TransientError, channel_for
from notifications.channels.webhook import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, webhook_body
from notifications.choices import Channel, DeliveryStatus, FailureReason
from notifications.hooks import _SECRET_RESOLVERS, webhook_secret_resolver_register
from notifications.models import Delivery, Message
from notifications.services import notification_send_webhook

SECRET = b"whsec-uji"
PAYLOAD = {"type": "incident.created", "id": "evt-1", "data": {"number": "INS-2026-000001", "title": "Ricuh"}}


@pytest.fixture
def resolver():
    """Signs every group ``mitra|1`` with SECRET (what the webhooks app does for an active subscription)."""

    def resolve(*, group_key, url):
        return SECRET if group_key == "mitra|1" else None

    webhook_secret_resolver_register(resolve)
    yield resolve
    _SECRET_RESOLVERS.remove(resolve)


def _message(group_key="mitra|1"):
    return Message(text="incident.created", payload=PAYLOAD, idempotency_key="evt-1", group_key=group_key)


def test_the_body_is_posted_with_a_signature_the_receiver_can_check(providers, resolver):
    providers.expect_request("/hook", method="POST").respond_with_data("ok", status=202)
    provider_id = channel_for(Channel.WEBHOOK).send(providers.url_for("/hook"), _message())
    request = providers.log[-1][0]
    body = request.get_data()
    assert json.loads(body) == PAYLOAD
    assert body == webhook_body(PAYLOAD)
    parts = dict(part.split("=", 1) for part in request.headers[SIGNATURE_HEADER].split(","))
    expected = hmac.new(SECRET, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert request.headers[IDEMPOTENCY_HEADER] == "evt-1"
    assert provider_id == "HTTP 202"


def test_an_endpoint_no_resolver_signs_is_not_called(providers, resolver):
    with pytest.raises(PermanentError, match="no active subscription") as caught:
        channel_for(Channel.WEBHOOK).send(providers.url_for("/hook"), _message(group_key="mitra|2"))
    assert caught.value.reason == FailureReason.ENDPOINT_GONE
    assert providers.log == []


def test_a_429_is_transient_and_carries_retry_after(providers, resolver):
    providers.expect_request("/hook").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    with pytest.raises(TransientError) as caught:
        channel_for(Channel.WEBHOOK).send(providers.url_for("/hook"), _message())
    assert (caught.value.reason, caught.value.retry_after) == (FailureReason.RATE_LIMITED, 7.0)


def test_a_redirect_is_refused_not_followed(providers, resolver):
    providers.expect_request("/hook").respond_with_data("", status=302, headers={"Location": "/lain"})
    with pytest.raises(PermanentError, match="not followed") as caught:
        channel_for(Channel.WEBHOOK).send(providers.url_for("/hook"), _message())
    assert caught.value.reason == FailureReason.REDIRECTED
    assert [request.path for request, _ in providers.log] == ["/hook"]


@pytest.mark.django_db
def test_sending_a_webhook_twice_with_one_key_makes_one_delivery_without_a_person():
    first = notification_send_webhook(
        url="http://127.0.0.1:9/hook", payload=PAYLOAD, idempotency_key="evt-1", text="t", group_key="mitra|1"
    )
    again = notification_send_webhook(
        url="http://127.0.0.1:9/hook", payload=PAYLOAD, idempotency_key="evt-1", text="t", group_key="mitra|1"
    )
    assert first.pk == again.pk
    delivery = Delivery.objects.get(message=first)
    assert (delivery.channel, delivery.person_id, delivery.status) == (
        Channel.WEBHOOK,
        None,
        DeliveryStatus.QUEUED,
    )
    assert delivery.address == "http://127.0.0.1:9/hook"
