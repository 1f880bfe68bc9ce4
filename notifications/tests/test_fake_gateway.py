"""The harness's fake provider against the real Telegram and SMS channel code."""

from types import SimpleNamespace

import pytest

from core.benchharness import RecordingGateway
from notifications.channels.sms import SmsChannel
from notifications.channels.telegram import TelegramChannel


def _message(text):
    return SimpleNamespace(text=text, long_text="", link="", urgency="normal")


@pytest.fixture
def gateway():
    server = RecordingGateway().start()
    yield server
    server.stop()


def test_the_fake_gateway_records_what_the_real_telegram_and_sms_channels_send(gateway, settings):
    for name, value in gateway.settings_env().items():
        setattr(settings, name, value)
    assert TelegramChannel().send("1001", _message("Halo satu")) == "1"
    assert SmsChannel().send("+6281200000001", _message("Halo dua")) == "sms-2"
    requests = gateway.snapshot()
    assert [(r.channel, r.address, r.text) for r in requests] == [
        ("telegram", "1001", "Halo satu"),
        ("sms", "+6281200000001", "Halo dua"),
    ]
    assert requests[0].at <= requests[1].at
    assert gateway.duplicates() == {}


def test_the_fake_gateway_counts_a_second_send_of_the_same_thing_as_a_duplicate(gateway, settings):
    for name, value in gateway.settings_env().items():
        setattr(settings, name, value)
    TelegramChannel().send("1001", _message("Sama"))
    TelegramChannel().send("1001", _message("Sama"))
    TelegramChannel().send("1002", _message("Sama"))
    assert gateway.duplicates() == {("telegram", "1001", "Sama"): 2}
