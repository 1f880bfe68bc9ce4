"""Telegram Bot API: sendMessage to a chat id (or @channel name)."""

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


def telegram_reason(response: requests.Response) -> str | None:
    """Read a Bot API error: 401/404 mean a bad token, 403 a user who blocked the bot or never started
    it, 400 "chat not found" an unknown chat id; anything else keeps the HTTP status's reason."""
    description = str(json_or_empty(response).get("description", "")).lower()
    if response.status_code in (401, 404):
        return FailureReason.CREDENTIALS
    if response.status_code == 403:
        return FailureReason.BLOCKED
    if response.status_code == 400 and "chat not found" in description:
        return FailureReason.ADDRESS_REJECTED
    return None


# The Bot API's limit on a message's text.
TELEGRAM_MAX_CHARS = 4096


def telegram_text(message) -> str:
    """The text a Telegram message carries for ``message`` (sent, or edited in place)."""
    return message_text(message)[:TELEGRAM_MAX_CHARS]


class TelegramChannel(BaseChannel):
    """POST {TELEGRAM_API_BASE}/bot{TELEGRAM_BOT_TOKEN}/sendMessage; the message_id is the provider id."""

    name = "telegram"
    editable = True

    def is_configured(self) -> bool:
        return bool(
            getattr(settings, "TELEGRAM_BOT_TOKEN", "") and getattr(settings, "TELEGRAM_API_BASE", "")
        )

    def send(self, address: str, message) -> str:
        if not self.is_configured():
            raise NotConfiguredError("telegram: TELEGRAM_BOT_TOKEN is not set")
        url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
        payload: dict = {
            "chat_id": address,
            "text": telegram_text(message),
            "disable_web_page_preview": True,
        }
        if asks_for_action(message):
            # The inline button "Saya tangani": its callback comes back to intake's Telegram webhook.
            button = {"text": ack_button_label(), "callback_data": f"{ACK_BUTTON_PREFIX}{message.pk}"}
            payload["reply_markup"] = {"inline_keyboard": [[button]]}
        response = http_call("POST", url, classify=telegram_reason, json=payload)
        try:
            body = response.json()
        except ValueError as exc:
            raise PermanentError(
                f"telegram: answer is not JSON: {response.text[:200]}", reason=FailureReason.BAD_ANSWER
            ) from exc
        if not body.get("ok"):
            raise PermanentError(f"telegram: {body.get('description', body)}", reason=FailureReason.REJECTED)
        return str(body.get("result", {}).get("message_id", ""))

    def edit(self, address: str, provider_message_id: str, message) -> None:
        """editMessageText on the message sent earlier, e.g. to say who acknowledged an alert.

        Telegram answers 400 "message is not modified" when the text is unchanged: that is success.
        """
        if not self.is_configured():
            raise NotConfiguredError("telegram: TELEGRAM_BOT_TOKEN is not set")
        url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/editMessageText"
        try:
            http_call(
                "POST",
                url,
                classify=telegram_reason,
                json={
                    "chat_id": address,
                    "message_id": int(provider_message_id),
                    "text": telegram_text(message),
                    "disable_web_page_preview": True,
                },
            )
        except PermanentError as exc:
            if "message is not modified" not in str(exc):
                raise
