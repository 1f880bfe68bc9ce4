"""Users of every access role (incidents' fixtures), private media and the seeded taxonomy."""

import hashlib
import hmac
import json

import pytest
import requests

from incidents.tests.conftest import (  # noqa: F401 - fixtures
    categories,
    kab_admin,
    operator,
    other_operator,
    private_media,
    reporter,
    viewer,
)
from notifications.tests.conftest import providers  # noqa: F401 - fixture

SMS_SECRET = "rahasia-gateway-sms"
TELEGRAM_SECRET = "rahasia-bot-telegram"
WHATSAPP_SECRET = "rahasia-aplikasi-meta"


@pytest.fixture
def channels(settings, providers, live_server, celery_worker):  # noqa: F811
    """The running test server with every inbound channel's secret set, the providers' APIs on a local
    HTTP server (every send answered), and the real worker processing the messages."""
    settings.INTAKE_SMS_SECRET = SMS_SECRET
    settings.TELEGRAM_WEBHOOK_SECRET = TELEGRAM_SECRET
    settings.WHATSAPP_APP_SECRET = WHATSAPP_SECRET
    providers.expect_request("/sms/send").respond_with_json({"data": [{"id": "sms-out"}]})
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": True, "result": {"message_id": 1}}
    )
    providers.expect_request("/bot123:ABC/answerCallbackQuery").respond_with_json(
        {"ok": True, "result": True}
    )
    providers.expect_request("/1055/messages").respond_with_json({"messages": [{"id": "wamid.OUT"}]})
    return Channels(live_server.url, providers)


class Channels:
    """Posts to the running server as each provider does; reads what was sent back to the providers."""

    def __init__(self, base: str, provider_server):
        self.base, self.providers = base, provider_server

    def sms(self, *, secret: str = SMS_SECRET, **fields) -> requests.Response:
        return requests.post(
            f"{self.base}/laporan-masuk/webhook/sms/",
            data=fields,
            headers={"X-Intake-Secret": secret},
            timeout=10,
        )

    def whatsapp(self, payload: dict, *, secret: str = WHATSAPP_SECRET) -> requests.Response:
        body = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return requests.post(
            f"{self.base}/notifikasi/webhook/whatsapp/",
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
            timeout=10,
        )

    def telegram(self, update: dict, *, secret: str = TELEGRAM_SECRET) -> requests.Response:
        return requests.post(
            f"{self.base}/laporan-masuk/webhook/telegram/",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            timeout=10,
        )

    def sent(self, path: str) -> list[dict]:
        """Every request body the server sent to a provider path, decoded (JSON or form)."""
        from urllib.parse import parse_qs

        found = []
        for request, _response in self.providers.log:
            if request.path != path:
                continue
            if request.data.startswith(b"{"):
                found.append(json.loads(request.data))
            else:
                found.append({k: v[-1] for k, v in parse_qs(request.data.decode()).items()})
        return found


def whatsapp_text(wamid: str, sender: str, text: str, *, name: str = "Warga") -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "contacts": [{"profile": {"name": name}, "wa_id": sender}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": wamid,
                                    "timestamp": "1",
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


_update_ids = iter(range(1000, 10**6))


def tg_message(chat: int, text: str = "", **extra) -> dict:
    message = {
        "message_id": 1,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "first_name": "Wati"},
    }
    if text:
        message["text"] = text
    message.update(extra)
    return {"update_id": next(_update_ids), "message": message}


def tg_callback(chat: int, data: str) -> dict:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"cb{chat}{data}",
            "from": {"id": chat, "first_name": "Wati"},
            "message": {"message_id": 2, "chat": {"id": chat, "type": "private"}},
            "data": data,
        },
    }
