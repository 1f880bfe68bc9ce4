"""Provider callbacks: WhatsApp Cloud API status updates (delivered, read, failed), signed by Meta.

People's messages arrive on the same webhook; the registered receivers (intake) take them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .choices import Channel
from .hooks import webhook_receivers_run

logger = logging.getLogger(__name__)


def _signature_ok(request) -> bool:
    secret = getattr(settings, "WHATSAPP_APP_SECRET", "")
    if not secret:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Hub-Signature-256", ""))


@csrf_exempt  # called by Meta's servers, authenticated by the HMAC signature instead
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    """GET: Meta's subscription check. POST: status updates, each applied to its delivery."""
    if request.method == "GET":
        token = getattr(settings, "WHATSAPP_WEBHOOK_VERIFY_TOKEN", "")
        if (
            token
            and request.GET.get("hub.mode") == "subscribe"
            and hmac.compare_digest(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    signature_ok = _signature_ok(request)
    # First: the intake log keeps the call as received, and reads people's messages out of it.
    webhook_receivers_run(Channel.WHATSAPP, request=request, signature_ok=signature_ok)
    if not signature_ok:
        return HttpResponseForbidden()
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    for entry in payload.get("entry", []) if isinstance(payload, dict) else []:
        for change in entry.get("changes", []):
            for status in change.get("value", {}).get("statuses", []):
                provider_id = str(status.get("id", ""))
                state = status.get("status")
                if state in ("delivered", "read"):
                    services.delivery_mark_delivered(
                        channel=Channel.WHATSAPP, provider_message_id=provider_id
                    )
                elif state == "failed":
                    errors = status.get("errors") or [{}]
                    error = f"{errors[0].get('code', '')} {errors[0].get('title', '')}".strip()
                    services.delivery_mark_failed_by_provider(
                        channel=Channel.WHATSAPP, provider_message_id=provider_id, error=error or "failed"
                    )
    return HttpResponse(status=200)
