"""WhatsApp Business Cloud API: POST /{phone-number-id}/messages, a text or an approved template."""

from __future__ import annotations

from django.conf import settings

from .base import BaseChannel, NotConfiguredError, PermanentError, http_call, message_text


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
        else:
            payload["type"] = "text"
            payload["text"] = {"body": text[:4096], "preview_url": bool(message.link)}
        response = http_call(
            "POST", url, json=payload, headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"}
        )
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise PermanentError(f"whatsapp: unexpected answer {response.text[:200]}") from exc
