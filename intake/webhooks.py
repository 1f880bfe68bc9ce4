"""Inbound webhooks: the SMS gateway (shared secret), the Telegram bot (secret token), and the receiver
of WhatsApp calls (which arrive on notifications' signed webhook). Each stores the call first."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.clientip import client_ip

from . import services
from .choices import CallOutcome, IntakeChannel, SignatureCheck

logger = logging.getLogger(__name__)


def _record(request, channel: str, signature: str):
    return services.inbound_call_record(
        channel=channel,
        body=request.body,
        signature=signature,
        headers=dict(request.headers),
        remote_addr=client_ip(request),
        content_type=request.content_type or "",
    )


def _extract(call) -> dict[str, int] | None:
    """Read the call into messages now; on an unexpected error the sweep tries again later."""
    try:
        return services.inbound_call_extract(call_id=call.pk)
    except Exception:  # the call is stored; the sweep extracts it again
        logger.exception("intake: extracting call %s failed; the sweep will retry", call.pk)
        return None


def _secret_matches(given: str, expected: str) -> str:
    if not expected:
        return SignatureCheck.INVALID  # a channel without its secret set takes nothing
    if not given:
        return SignatureCheck.MISSING
    return SignatureCheck.VALID if hmac.compare_digest(given, expected) else SignatureCheck.INVALID


def whatsapp_receive(*, request, signature_ok: bool) -> None:
    """notifications' WhatsApp webhook hands every POST here first (registered in IntakeConfig.ready)."""
    has_signature = bool(request.headers.get("X-Hub-Signature-256"))
    signature = (
        SignatureCheck.VALID
        if signature_ok
        else SignatureCheck.INVALID
        if has_signature
        else SignatureCheck.MISSING
    )
    call = _record(request, IntakeChannel.WHATSAPP, signature)
    if not signature_ok:
        services.inbound_call_settle(call=call, outcome=CallOutcome.FORGED, detail="X-Hub-Signature-256")
        return
    _extract(call)


@csrf_exempt  # called by the gateway, authenticated by the shared secret instead
@require_POST
def sms_webhook(request):
    """An SMS from the generic gateway: fields mapped by INTAKE_SMS_FIELD_*, secret in a header or a field."""
    request.body  # noqa: B018 - read the raw body first, so the form below parses a copy of it
    given = request.headers.get("X-Intake-Secret", "") or request.GET.get(
        settings.INTAKE_SMS_FIELD_SECRET, ""
    )
    if not given and request.content_type != "application/json":
        given = request.POST.get(settings.INTAKE_SMS_FIELD_SECRET, "")
    signature = _secret_matches(given, settings.INTAKE_SMS_SECRET)
    call = _record(request, IntakeChannel.SMS, signature)
    if signature != SignatureCheck.VALID:
        services.inbound_call_settle(call=call, outcome=CallOutcome.FORGED, detail="shared secret")
        return HttpResponseForbidden()
    counts = _extract(call)
    call.refresh_from_db(fields=["outcome", "detail"])
    if call.outcome == CallOutcome.MALFORMED:
        return JsonResponse({"ok": False, "error": call.detail}, status=400)
    return JsonResponse({"ok": True, "received": call.pk, **(counts or {})})


@csrf_exempt  # called by Telegram, authenticated by the webhook's secret token instead
@require_POST
def telegram_webhook(request):
    """A Telegram update; X-Telegram-Bot-Api-Secret-Token must be TELEGRAM_WEBHOOK_SECRET."""
    signature = _secret_matches(
        request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), settings.TELEGRAM_WEBHOOK_SECRET
    )
    call = _record(request, IntakeChannel.TELEGRAM, signature)
    if signature != SignatureCheck.VALID:
        services.inbound_call_settle(call=call, outcome=CallOutcome.FORGED, detail="secret token")
        return HttpResponseForbidden()
    _extract(call)
    return HttpResponse(status=200)
