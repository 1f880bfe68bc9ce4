"""A partner system's webhook: the message's JSON payload POSTed to a URL, signed with HMAC-SHA256.

The signature header (docs/webhooks.md tells the receiver how to check it)::

    X-Pilkada-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>

The timestamp is inside what is signed, so a receiver rejects a replay by refusing a ``t`` older
than a few minutes, and a repeated delivery by the ``X-Pilkada-Idempotency-Key`` it already saw
(every retry of one event carries the same key and body, with a fresh ``t``). Redirects are not
followed: a 3xx is refused, so a signed event never travels to an address nobody registered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from ..choices import FailureReason
from ..hooks import webhook_secret_for
from .base import BaseChannel, PermanentError, http_call

SIGNATURE_HEADER = "X-Pilkada-Signature"
IDEMPOTENCY_HEADER = "X-Pilkada-Idempotency-Key"
EVENT_HEADER = "X-Pilkada-Event"
USER_AGENT = "PilkadaMitigasi-Webhook/1"


def webhook_body(payload) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted, UTF-8; the same for every retry."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def webhook_signature(*, secret: bytes, timestamp: int, body: bytes) -> str:
    """The header value ``t=<timestamp>,v1=<hex>`` for a body signed with ``secret``."""
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class WebhookChannel(BaseChannel):
    """POSTs ``message.payload`` to the address (the URL) with the signature; any 2xx is success.

    Idempotent for the delivery protocol: the receiver is told to drop a repeated idempotency key,
    so an attempt whose outcome is unknown (a worker killed mid-call) is simply sent again.
    """

    name = "webhook"
    idempotent = True

    def send(self, address: str, message) -> str:
        secret = webhook_secret_for(group_key=getattr(message, "group_key", ""), url=address)
        if not secret:
            raise PermanentError(
                f"webhook: no active subscription signs {message.group_key!r} to {address}",
                reason=FailureReason.ENDPOINT_GONE,
            )
        body = webhook_body(message.payload)
        payload = message.payload if isinstance(message.payload, dict) else {}
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: webhook_signature(secret=secret, timestamp=int(time.time()), body=body),
            IDEMPOTENCY_HEADER: message.idempotency_key,
            EVENT_HEADER: str(payload.get("type", "")),
        }
        response = http_call("POST", address, data=body, headers=headers, allow_redirects=False)
        if not 200 <= response.status_code < 300:
            raise PermanentError(
                f"HTTP {response.status_code}: redirect to {response.headers.get('Location', '?')} not followed",
                reason=FailureReason.REDIRECTED,
            )
        return f"HTTP {response.status_code}"
