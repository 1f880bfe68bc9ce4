"""Telegram Bot API: sendMessage to a chat id (or @channel name)."""

from __future__ import annotations

from django.conf import settings

from .base import BaseChannel, NotConfiguredError, PermanentError, http_call, message_text


class TelegramChannel(BaseChannel):
    """POST {TELEGRAM_API_BASE}/bot{TELEGRAM_BOT_TOKEN}/sendMessage; the message_id is the provider id."""

    name = "telegram"

    def is_configured(self) -> bool:
        return bool(
            getattr(settings, "TELEGRAM_BOT_TOKEN", "") and getattr(settings, "TELEGRAM_API_BASE", "")
        )

    def send(self, address: str, message) -> str:
        if not self.is_configured():
            raise NotConfiguredError("telegram: TELEGRAM_BOT_TOKEN is not set")
        url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
        response = http_call(
            "POST",
            url,
            json={"chat_id": address, "text": message_text(message)[:4096], "disable_web_page_preview": True},
        )
        try:
            body = response.json()
        except ValueError as exc:
            raise PermanentError(f"telegram: answer is not JSON: {response.text[:200]}") from exc
        if not body.get("ok"):
            raise PermanentError(f"telegram: {body.get('description', body)}")
        return str(body.get("result", {}).get("message_id", ""))
