import json
import threading
import time
from urllib.parse import parse_qs

import pytest
from werkzeug import Response

from notifications.channels import (
    ChannelError,
    NotConfiguredError,
    PermanentError,
    TransientError,
    channel_for,
)
from notifications.choices import FailureReason, Urgency
from notifications.models import Message


def _sent(server, path):
    """The requests the local server received on a path (a slow earlier test may log late)."""
    return [request for request, _ in server.log if request.path == path]


def _message(**kwargs):
    fields = {
        "text": "Bentrokan di Sangatta Utara",
        "long_text": "Dua kelompok pendukung bentrok di depan kantor desa.",
        "link": "https://contoh.invalid/insiden/1",
        "urgency": Urgency.HIGH,
        "idempotency_key": "k",
    }
    fields.update(kwargs)
    return Message(**fields)


def test_telegram_posts_send_message_and_returns_the_message_id(providers):
    providers.expect_request("/bot123:ABC/sendMessage", method="POST").respond_with_json(
        {"ok": True, "result": {"message_id": 777}}
    )
    assert channel_for("telegram").send("12345", _message()) == "777"
    request = _sent(providers, "/bot123:ABC/sendMessage")[0]
    body = json.loads(request.data)
    assert body["chat_id"] == "12345"
    assert body["text"].startswith("[SEGERA] Bentrokan di Sangatta Utara")
    assert "https://contoh.invalid/insiden/1" in body["text"]


def test_telegram_5xx_is_transient(providers):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_data("down", status=502)
    with pytest.raises(TransientError, match="HTTP 502"):
        channel_for("telegram").send("12345", _message())


def test_telegram_429_is_transient(providers):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": False, "description": "Too Many Requests"}, status=429
    )
    with pytest.raises(TransientError, match="HTTP 429"):
        channel_for("telegram").send("12345", _message())


def test_telegram_4xx_is_permanent(providers):
    providers.expect_request("/bot123:ABC/sendMessage").respond_with_json(
        {"ok": False, "description": "Bad Request: chat not found"}, status=400
    )
    with pytest.raises(PermanentError, match="chat not found"):
        channel_for("telegram").send("12345", _message())


def test_a_provider_that_does_not_answer_in_time_is_transient(providers, settings):
    finished = threading.Event()

    def slow(request):
        time.sleep(settings.NOTIFICATIONS_HTTP_TIMEOUT_S + 0.3)  # answers after the client gave up
        finished.set()
        return Response("{}", content_type="application/json")

    providers.expect_request("/bot123:ABC/sendMessage").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(TransientError, match="timeout"):
        channel_for("telegram").send("12345", _message())
    assert time.monotonic() - started < 0.75
    # The local server answers one request at a time: let it finish before the next test.
    assert finished.wait(5)


def test_telegram_without_a_token_is_reported_not_configured(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(NotConfiguredError, match="TELEGRAM_BOT_TOKEN"):
        channel_for("telegram").send("12345", _message())


def test_whatsapp_posts_a_text_message_with_the_bearer_token(providers):
    providers.expect_request(
        "/1055/messages", method="POST", headers={"Authorization": "Bearer wa-token"}
    ).respond_with_json({"messaging_product": "whatsapp", "messages": [{"id": "wamid.ABC"}]})
    assert channel_for("whatsapp").send("+6281234567890", _message()) == "wamid.ABC"
    body = json.loads(_sent(providers, "/1055/messages")[0].data)
    assert body["to"] == "6281234567890"
    assert body["type"] == "text"
    assert "Dua kelompok" in body["text"]["body"]


def test_whatsapp_uses_the_approved_template_when_one_is_named(providers, settings):
    settings.WHATSAPP_TEMPLATE_NAME = "peringatan_insiden"
    providers.expect_request("/1055/messages").respond_with_json({"messages": [{"id": "wamid.T"}]})
    channel_for("whatsapp").send("+6281234567890", _message())
    body = json.loads(_sent(providers, "/1055/messages")[0].data)
    assert body["template"]["name"] == "peringatan_insiden"
    assert body["template"]["language"]["code"] == "id"


def test_whatsapp_4xx_is_permanent_and_5xx_transient(providers):
    providers.expect_oneshot_request("/1055/messages").respond_with_json({"error": "bad"}, status=400)
    providers.expect_oneshot_request("/1055/messages").respond_with_json({"error": "x"}, status=503)
    with pytest.raises(PermanentError, match="HTTP 400"):
        channel_for("whatsapp").send("+6281234567890", _message())
    with pytest.raises(TransientError, match="HTTP 503"):
        channel_for("whatsapp").send("+6281234567890", _message())


def test_whatsapp_without_credentials_is_reported_not_configured(settings):
    settings.WHATSAPP_TOKEN = ""
    with pytest.raises(NotConfiguredError, match="WHATSAPP"):
        channel_for("whatsapp").send("+6281234567890", _message())


def test_sms_gateway_posts_the_filled_template_with_the_auth_header(providers):
    providers.expect_request(
        "/sms/send", method="POST", headers={"X-Api-Key": "kunci-sms"}
    ).respond_with_json({"data": [{"id": "sms-42"}]})
    assert channel_for("sms").send("+6281234567890", _message()) == "sms-42"
    form = parse_qs(_sent(providers, "/sms/send")[0].get_data(as_text=True))
    assert form["to"] == ["+6281234567890"]
    assert form["key"] == ["rahasia"]
    assert form["text"][0].startswith("[SEGERA] Bentrokan")
    assert "Dua kelompok" not in form["text"][0]


def test_an_alert_by_sms_carries_the_ok_hint_whole_and_is_exactly_the_text_sms_text_gives(providers):
    """The chaos benchmark matches what the gateway received against ``sms_text``: they must agree."""
    from notifications.channels.sms import SMS_MAX_CHARS, sms_text

    providers.expect_request("/sms/send", method="POST").respond_with_json({"data": [{"id": "sms-43"}]})
    alert = _message(pk=5, text="Bentrokan " * 60, action_text="Mohon konfirmasi.")
    channel_for("sms").send("+6281234567890", alert)
    sent = parse_qs(_sent(providers, "/sms/send")[0].get_data(as_text=True))["text"][0]
    assert sent == sms_text(alert)
    assert len(sent) == SMS_MAX_CHARS
    assert sent.endswith("\nBalas OK bila Anda menangani.")


def test_sms_gateway_by_get_sends_the_local_number_format_in_the_query(providers, settings):
    settings.SMS_GATEWAY_METHOD = "GET"
    settings.SMS_GATEWAY_PARAMS = "nohp={to_0}&pesan={text}&userkey={key}"
    settings.SMS_GATEWAY_ID_JSON_PATH = "messageId"
    providers.expect_request("/sms/send", method="GET").respond_with_json({"messageId": 9})
    assert channel_for("sms").send("+6281234567890", _message()) == "9"
    assert _sent(providers, "/sms/send")[0].args["nohp"] == "081234567890"
    assert _sent(providers, "/sms/send")[0].args["userkey"] == "rahasia"


def test_sms_gateway_errors_are_classified(providers):
    providers.expect_oneshot_request("/sms/send").respond_with_data("saldo habis", status=402)
    providers.expect_oneshot_request("/sms/send").respond_with_data("busy", status=500)
    with pytest.raises(PermanentError, match="saldo habis"):
        channel_for("sms").send("+6281234567890", _message())
    with pytest.raises(TransientError, match="HTTP 500"):
        channel_for("sms").send("+6281234567890", _message())


def test_sms_gateway_without_a_url_is_reported_not_configured(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(NotConfiguredError, match="SMS_GATEWAY_URL"):
        channel_for("sms").send("+6281234567890", _message())


def test_email_goes_through_a_real_smtp_server(smtp_server):
    provider_id = channel_for("email").send("budi@contoh.invalid", _message())
    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["budi@contoh.invalid"]
    content = envelope.content.decode()
    assert "Subject: [Segera] Bentrokan di Sangatta Utara" in content
    assert "https://contoh.invalid/insiden/1" in content
    assert provider_id in content


def test_email_to_a_refused_recipient_is_permanent(smtp_server):
    smtp_server.refuse["hilang@contoh.invalid"] = "550 5.1.1 No such user"
    with pytest.raises(PermanentError, match="recipient refused"):
        channel_for("email").send("hilang@contoh.invalid", _message())


def test_email_when_the_mailbox_is_busy_is_transient(smtp_server):
    smtp_server.refuse["sibuk@contoh.invalid"] = "451 4.3.0 Try again later"
    with pytest.raises(TransientError, match="for now"):
        channel_for("email").send("sibuk@contoh.invalid", _message())


def test_email_when_the_smtp_server_is_down_is_transient(smtp_server, settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(TransientError, match="SMTP unreachable"):
        channel_for("email").send("budi@contoh.invalid", _message())


def test_email_without_a_host_is_reported_not_configured(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    with pytest.raises(NotConfiguredError, match="EMAIL_HOST"):
        channel_for("email").send("budi@contoh.invalid", _message())


# Each provider answer a channel can get, and the reason in Indonesian a coordinator is shown for it.
HTTP_REASONS = [
    (
        "telegram",
        "/bot123:ABC/sendMessage",
        429,
        {"ok": False, "parameters": {"retry_after": 3}},
        "rate_limited",
    ),
    ("telegram", "/bot123:ABC/sendMessage", 502, {}, "provider_down"),
    ("telegram", "/bot123:ABC/sendMessage", 401, {"ok": False, "description": "Unauthorized"}, "credentials"),
    ("telegram", "/bot123:ABC/sendMessage", 404, {"ok": False, "description": "Not Found"}, "credentials"),
    ("telegram", "/bot123:ABC/sendMessage", 403, {"ok": False, "description": "bot was blocked"}, "blocked"),
    (
        "telegram",
        "/bot123:ABC/sendMessage",
        400,
        {"ok": False, "description": "chat not found"},
        "address_rejected",
    ),
    (
        "telegram",
        "/bot123:ABC/sendMessage",
        400,
        {"ok": False, "description": "message is too long"},
        "rejected",
    ),
    ("whatsapp", "/1055/messages", 401, {"error": {"code": 190}}, "credentials"),
    ("whatsapp", "/1055/messages", 400, {"error": {"code": 131047}}, "outside_window"),
    ("whatsapp", "/1055/messages", 400, {"error": {"code": 131026}}, "address_rejected"),
    ("whatsapp", "/1055/messages", 400, {"error": {"code": 131030}}, "address_rejected"),
    ("whatsapp", "/1055/messages", 429, {"error": {"code": 130429}}, "rate_limited"),
    ("whatsapp", "/1055/messages", 400, {"error": {"code": 131056}}, "rate_limited"),
    ("whatsapp", "/1055/messages", 400, {"error": {"code": 100}}, "rejected"),
    ("whatsapp", "/1055/messages", 503, {"error": {"code": 131016}}, "provider_down"),
    ("sms", "/sms/send", 401, {}, "credentials"),
    ("sms", "/sms/send", 402, {}, "rejected"),
    ("sms", "/sms/send", 429, {}, "rate_limited"),
    ("sms", "/sms/send", 500, {}, "provider_down"),
]


@pytest.mark.parametrize(("channel", "path", "status", "body", "reason"), HTTP_REASONS)
def test_each_provider_error_has_a_reason_in_indonesian(providers, channel, path, status, body, reason):
    providers.expect_request(path).respond_with_json(body, status=status)
    address = "12345" if channel == "telegram" else "+6281234567890"
    with pytest.raises(ChannelError, match=f"HTTP {status}") as caught:
        channel_for(channel).send(address, _message())
    assert caught.value.reason == reason
    assert FailureReason(reason).label  # every reason has words for the user


def test_a_timeout_and_a_refused_connection_have_their_own_reasons(providers, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:1/sms"  # nothing listens there
    with pytest.raises(TransientError) as caught:
        channel_for("sms").send("+6281234567890", _message())
    assert caught.value.reason == FailureReason.UNREACHABLE


@pytest.mark.parametrize("channel", ["telegram", "whatsapp", "sms"])
def test_an_unreadable_answer_is_its_own_reason(providers, settings, channel):
    path = {"telegram": "/bot123:ABC/sendMessage", "whatsapp": "/1055/messages", "sms": "/sms/send"}[channel]
    providers.expect_request(path).respond_with_data("<html>proxy</html>", status=200)
    with pytest.raises(PermanentError) as caught:
        channel_for(channel).send("12345", _message())
    assert caught.value.reason == FailureReason.BAD_ANSWER


@pytest.mark.parametrize(
    ("setting", "value", "channel"),
    [
        ("TELEGRAM_BOT_TOKEN", "", "telegram"),
        ("WHATSAPP_TOKEN", "", "whatsapp"),
        ("SMS_GATEWAY_URL", "", "sms"),
    ],
)
def test_a_channel_without_settings_says_so_in_indonesian(settings, setting, value, channel):
    setattr(settings, setting, value)
    with pytest.raises(NotConfiguredError) as caught:
        channel_for(channel).send("12345", _message())
    assert caught.value.reason == FailureReason.NOT_CONFIGURED
    assert FailureReason(caught.value.reason).label == (
        "Kanal ini belum disiapkan di server (hubungi administrator)"
    )


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("550 5.1.1 No such user", FailureReason.ADDRESS_REJECTED),
        ("451 4.3.0 Try again later", FailureReason.PROVIDER_DOWN),
    ],
)
def test_smtp_refusals_have_their_reasons(smtp_server, answer, reason):
    smtp_server.refuse["x@contoh.invalid"] = answer
    with pytest.raises(ChannelError) as caught:
        channel_for("email").send("x@contoh.invalid", _message())
    assert caught.value.reason == reason


def test_smtp_down_is_unreachable(smtp_server, settings):
    settings.EMAIL_PORT = 1
    with pytest.raises(TransientError) as caught:
        channel_for("email").send("budi@contoh.invalid", _message())
    assert caught.value.reason == FailureReason.UNREACHABLE
