"""The Telegram report's kecamatan buttons with several kabupaten served: the sender's own kabupaten's
kecamatan, or the kabupaten first for a sender of none (unknown, or a provincial office)."""

import pytest

from intake.choices import IntakeChannel, SignatureCheck
from intake.models import InboundCall, InboundMessage
from intake.services.telegram import telegram_handle
from stakeholders.choices import ContactKind, Office
from stakeholders.models import ContactPoint, Person
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db

BONTANG = "64.74"
_ids = iter(range(10**6))


def _say(chat: str, text: str, kind: str = "text") -> dict:
    call = InboundCall.objects.create(channel=IntakeChannel.TELEGRAM, signature=SignatureCheck.VALID)
    message = InboundMessage.objects.create(
        call=call,
        channel=IntakeChannel.TELEGRAM,
        external_id=f"uji-{next(_ids)}",
        sender=chat,
        kind=kind,
        text=text,
    )
    handled = telegram_handle(message)
    return {b["callback_data"] for row in handled.markup.get("inline_keyboard", []) for b in row}


def _report(chat: str) -> set[str]:
    _say(chat, "/lapor")
    return _say(chat, "Ada pengerahan massa di depan kantor kelurahan")


def _linked(chat: str, office: str, code: str) -> None:
    person = Person.objects.get(user=user_with_office(office, code))
    ContactPoint.objects.create(person=person, kind=ContactKind.TELEGRAM, value=chat, verified=True)


@pytest.fixture
def two_kabupaten(bontang, seeded_defaults):
    return bontang


def test_with_one_kabupaten_the_kecamatan_come_straight_away(kutim, seeded_defaults):
    buttons = _report("7001")
    assert "kec:64.08.04" in buttons
    assert not any(b.startswith("kab:") for b in buttons)


def test_a_sender_of_the_second_kabupaten_gets_its_kecamatan(two_kabupaten):
    _linked("7002", Office.PETUGAS_LAPANGAN, "64.74.01.1001")
    buttons = _report("7002")
    assert buttons
    assert all(b.startswith(f"kec:{BONTANG}.") for b in buttons)


def test_a_sender_of_kutai_timur_gets_kutai_timurs_kecamatan(two_kabupaten):
    _linked("7003", Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    buttons = _report("7003")
    assert "kec:64.08.04" in buttons
    assert not any(b.startswith(f"kec:{BONTANG}") for b in buttons)


@pytest.mark.parametrize("linked", [False, True])
def test_an_unknown_or_provincial_sender_picks_the_kabupaten_first(two_kabupaten, linked):
    if linked:
        _linked("7004", Office.KAPOLDA, "64")
    assert _report("7004") == {"kab:64.08", f"kab:{BONTANG}"}
    buttons = _say("7004", f"kab:{BONTANG}", kind="callback")
    assert buttons
    assert all(b.startswith(f"kec:{BONTANG}.") for b in buttons)
    assert any(b.startswith("desa:64.74.01.") for b in _say("7004", "kec:64.74.01", kind="callback"))
