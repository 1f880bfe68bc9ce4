"""A generic SMS gateway over HTTP: URL, method, parameter template and credentials come from settings."""

from __future__ import annotations

from urllib.parse import quote_plus

from django.conf import settings

from ..choices import FailureReason
from .base import (
    BaseChannel,
    NotConfiguredError,
    PermanentError,
    ack_sms_hint,
    asks_for_action,
    http_call,
    message_text,
)


def json_path(data, path: str):
    """Follow a dotted path ('messages.0.id') through dicts and lists."""
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


# Three concatenated SMS parts of 153 characters.
SMS_MAX_CHARS = 459


def sms_text(message) -> str:
    """The text one SMS carries for ``message``: short text and link, and the "Balas OK" hint where
    the message asks for an action (kept whole by cutting the text before it)."""
    text = message_text(message, with_long_text=False)
    if asks_for_action(message):
        # "OK" back to the gateway's inbound webhook acknowledges (intake).
        hint = ack_sms_hint()
        text = text[: SMS_MAX_CHARS - len(hint) - 1] + "\n" + hint
    return text[:SMS_MAX_CHARS]


class SmsChannel(BaseChannel):
    """Fills SMS_GATEWAY_PARAMS ('to={to}&text={text}&key={key}') and sends it as query (GET) or form (POST)."""

    name = "sms"

    def is_configured(self) -> bool:
        return bool(getattr(settings, "SMS_GATEWAY_URL", ""))

    def send(self, address: str, message) -> str:
        if not self.is_configured():
            raise NotConfiguredError("sms: SMS_GATEWAY_URL is not set")
        number = address if address.startswith("+") else f"+{address}"
        values = {
            "to": number,
            "to_62": number.lstrip("+"),
            "to_0": "0" + number[3:] if number.startswith("+62") else number,
            "text": sms_text(message),
            "key": getattr(settings, "SMS_GATEWAY_KEY", ""),
            "sender": getattr(settings, "SMS_GATEWAY_SENDER", ""),
        }
        template = getattr(settings, "SMS_GATEWAY_PARAMS", "") or "to={to}&text={text}"
        try:
            params = template.format_map({name: quote_plus(str(value)) for name, value in values.items()})
        except (KeyError, ValueError, IndexError) as exc:
            raise PermanentError(
                f"sms: SMS_GATEWAY_PARAMS has an unknown placeholder: {exc}",
                reason=FailureReason.NOT_CONFIGURED,
            ) from exc
        headers = {}
        auth = getattr(settings, "SMS_GATEWAY_AUTH_HEADER", "")
        if auth and ":" in auth:
            name, value = auth.split(":", 1)
            headers[name.strip()] = value.strip()
        method = (getattr(settings, "SMS_GATEWAY_METHOD", "") or "POST").upper()
        url = settings.SMS_GATEWAY_URL
        if method == "GET":
            response = http_call("GET", f"{url}{'&' if '?' in url else '?'}{params}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = http_call(method, url, data=params, headers=headers)
        path = getattr(settings, "SMS_GATEWAY_ID_JSON_PATH", "")
        if not path:
            return ""
        try:
            return str(json_path(response.json(), path))
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise PermanentError(
                f"sms: no provider id at {path!r} in {response.text[:200]}", reason=FailureReason.BAD_ANSWER
            ) from exc
