"""WhatsApp Business Cloud API: POST /{phone-number-id}/messages, a text or an approved template."""

from __future__ import annotations

import requests
from django.conf import settings

from ..choices import FailureReason
from .base import (
    ACK_BUTTON_PREFIX,
    BaseChannel,
    NotConfiguredError,
    PermanentError,
    ack_button_label,
    asks_for_action,
    http_call,
    json_or_empty,
    message_text,
)

# Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
WHATSAPP_ERROR_REASONS: dict[int, str] = {
    0: FailureReason.CREDENTIALS,  # AuthException
    190: FailureReason.CREDENTIALS,  # access token expired
    10: FailureReason.CREDENTIALS,  # permission denied
    200: FailureReason.CREDENTIALS,  # permission denied
    4: FailureReason.RATE_LIMITED,  # too many calls
    80007: FailureReason.RATE_LIMITED,  # rate limit of the business account
    130429: FailureReason.RATE_LIMITED,  # throughput of the number reached
    131056: FailureReason.RATE_LIMITED,  # pair rate limit (same recipient too often)
    131026: FailureReason.ADDRESS_REJECTED,  # message undeliverable (no WhatsApp on the number)
    131030: FailureReason.ADDRESS_REJECTED,  # recipient not in the allowed list (test number)
    131047: FailureReason.OUTSIDE_WINDOW,  # re-engagement: more than 24 h since the recipient wrote
    131000: FailureReason.PROVIDER_DOWN,  # something went wrong
    131016: FailureReason.PROVIDER_DOWN,  # service unavailable
}


def whatsapp_reason(response: requests.Response) -> str | None:
    """Read a Cloud API error answer ({"error": {"code": ...}}) into a FailureReason, None if unknown."""
    error = json_or_empty(response).get("error")
    code = error.get("code") if isinstance(error, dict) else None
    return WHATSAPP_ERROR_REASONS.get(code) if isinstance(code, int) else None


class WhatsAppChannel(BaseChannel):
    """Sends text (or the template WHATSAPP_TEMPLATE_NAME with the text as its one parameter)."""

    name = "whatsapp"

    def is_configured(self) -> bool:
        return all(
            getattr(settings, name, "")
            for name in ("WHATSAPP_API_BASE", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_TOKEN")
        )

    def send(self, address: str, message) -> str:
        if not self.is_configured():
            raise NotConfiguredError("whatsapp: WHATSAPP_PHONE_NUMBER_ID / WHATSAPP_TOKEN are not set")
        url = f"{settings.WHATSAPP_API_BASE.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        text = message_text(message)
        payload: dict = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": address.lstrip("+"),
        }
        template = getattr(settings, "WHATSAPP_TEMPLATE_NAME", "")
        if template:
            payload["type"] = "template"
            payload["template"] = {
                "name": template,
                "language": {"code": getattr(settings, "WHATSAPP_TEMPLATE_LANGUAGE", "id")},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": text[:1000]}]}],
            }
            if asks_for_action(message) and getattr(settings, "WHATSAPP_TEMPLATE_ACK_BUTTON", False):
                # The template's first button is a quick reply; its payload names the message.
                payload["template"]["components"].append(
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "0",
                        "parameters": [{"type": "payload", "payload": f"{ACK_BUTTON_PREFIX}{message.pk}"}],
                    }
                )
        elif asks_for_action(message):
            # A quick-reply button "Saya tangani" (interactive messages carry at most 1024 characters).
            payload["type"] = "interactive"
            payload["interactive"] = {
                "type": "button",
                "body": {"text": text[:1024]},
                "action": {
                    "buttons": [
                        {
                            "type": "reply",
                            "reply": {
                                "id": f"{ACK_BUTTON_PREFIX}{message.pk}",
                                "title": ack_button_label()[:20],
                            },
                        }
                    ]
                },
            }
        else:
            payload["type"] = "text"
            payload["text"] = {"body": text[:4096], "preview_url": bool(message.link)}
        response = http_call(
            "POST",
            url,
            classify=whatsapp_reason,
            json=payload,
            headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"},
        )
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise PermanentError(
                f"whatsapp: unexpected answer {response.text[:200]}", reason=FailureReason.BAD_ANSWER
            ) from exc
