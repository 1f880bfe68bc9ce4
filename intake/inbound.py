"""Reading a provider's call into messages (pure: the stored call in, ``Incoming`` rows out).

Each extractor raises ValueError/KeyError/TypeError on a body it cannot read; the pipeline then keeps
the call as ``tak_terbaca`` (nothing is lost: the raw body stays in the intake log).
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qs

from django.conf import settings

from .services.log import Incoming


def normalise_number(raw: str) -> str:
    """A phone number as the registry stores it (+62 E.164) when it is one; else the text as sent."""
    from django.core.exceptions import ValidationError

    from stakeholders.services import phone_normalise

    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return phone_normalise(raw if raw.startswith(("+", "0")) else "+" + raw)
    except ValidationError:
        return raw[:100]


def _json(call) -> dict:
    data = json.loads(call.body or "")
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    return data


# --- WhatsApp Cloud API ----------------------------------------------------------------------------


def whatsapp_extract(call) -> list[Incoming]:
    """Messages of a Cloud API webhook call (statuses are notifications' business and ignored here)."""
    data = _json(call)
    found: list[Incoming] = []
    for entry in data.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                str(c.get("wa_id", "")): str((c.get("profile") or {}).get("name", ""))
                for c in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                kind = str(message.get("type", "text"))
                sender = str(message["from"])
                payload: dict = {"type": kind}
                text = ""
                if kind == "text":
                    text = str((message.get("text") or {}).get("body", ""))
                elif kind == "interactive":
                    reply = (message.get("interactive") or {}).get("button_reply") or {}
                    payload["button_id"] = str(reply.get("id", ""))
                    text = str(reply.get("title", ""))
                elif kind == "button":
                    button = message.get("button") or {}
                    payload["button_id"] = str(button.get("payload", ""))
                    text = str(button.get("text", ""))
                elif kind in ("image", "document", "audio", "video"):
                    media = message.get(kind) or {}
                    payload["media_id"] = str(media.get("id", ""))
                    payload["mime_type"] = str(media.get("mime_type", ""))
                    text = str(media.get("caption", ""))
                elif kind == "location":
                    location = message.get("location") or {}
                    payload["lat"], payload["lng"] = location.get("latitude"), location.get("longitude")
                    text = str(location.get("name", "") or location.get("address", ""))
                found.append(
                    Incoming(
                        external_id=str(message["id"]),
                        sender=normalise_number(sender),
                        sender_name=names.get(sender, ""),
                        kind=kind,
                        text=text,
                        payload=payload,
                    )
                )
    return found


# --- the generic SMS gateway ------------------------------------------------------------------------


def sms_fields(call) -> dict[str, str]:
    """The gateway's fields: a JSON object or a form (or query) body, values as text."""
    body = call.body or ""
    if body.lstrip().startswith("{"):
        return {str(k): str(v) for k, v in _json(call).items()}
    return {key: values[-1] for key, values in parse_qs(body, keep_blank_values=True).items()}


def sms_extract(call) -> list[Incoming]:
    """One SMS, read through the configured field mapping (INTAKE_SMS_FIELD_*)."""
    fields = sms_fields(call)
    sender = fields.get(settings.INTAKE_SMS_FIELD_FROM, "").strip()
    if not sender:
        raise ValueError(f"no sender in field {settings.INTAKE_SMS_FIELD_FROM!r}")
    text = fields.get(settings.INTAKE_SMS_FIELD_TEXT, "")
    external_id = fields.get(settings.INTAKE_SMS_FIELD_ID, "").strip()
    if not external_id:
        # A gateway without message ids: the same sender, text and sending time is the same SMS.
        sent = fields.get(settings.INTAKE_SMS_FIELD_TIME, "")
        external_id = "h:" + hashlib.sha256(f"{sender}|{text}|{sent}".encode()).hexdigest()[:40]
    return [Incoming(external_id=external_id, sender=normalise_number(sender), text=text, kind="text")]


# --- Telegram Bot API -------------------------------------------------------------------------------


def telegram_extract(call) -> list[Incoming]:
    """One update (a message, a pressed button, a shared location or photo)."""
    update = _json(call)
    update_id = update["update_id"]
    if "callback_query" in update:
        query = update["callback_query"]
        chat = ((query.get("message") or {}).get("chat") or {}).get("id") or (query.get("from") or {}).get(
            "id"
        )
        person = query.get("from") or {}
        return [
            Incoming(
                external_id=str(update_id),
                sender=str(chat),
                sender_name=" ".join(filter(None, [person.get("first_name"), person.get("last_name")])),
                kind="callback",
                text=str(query.get("data", "")),
                payload=update,
            )
        ]
    message = update.get("message") or update.get("edited_message")
    if not message:
        return []
    person = message.get("from") or {}
    kind = "location" if "location" in message else "photo" if "photo" in message else "text"
    return [
        Incoming(
            external_id=str(update_id),
            sender=str(message["chat"]["id"]),
            sender_name=" ".join(filter(None, [person.get("first_name"), person.get("last_name")])),
            kind=kind,
            text=str(message.get("text") or message.get("caption") or ""),
            payload=update,
        )
    ]
