"""What a WhatsApp or SMS text becomes: an acknowledgement ("OK"), a status answer, a structured report
(``LAPOR ...``) or a free-text report; a registry person's is a normal report, anyone else's an
unverified intake. The answer says the number given, or exactly what to fix."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.conf import in_served_kabupaten, kabupaten_codes
from core.imports.parsers import Area, AreaIndex
from incidents.selectors import incident_by_number
from regions.choices import AdminLevel
from regions.selectors import adminunit_aliases, adminunit_find, adminunit_list
from stakeholders.choices import ContactKind
from stakeholders.selectors import person_by_verified_contact, person_positions

from ..choices import IntakeChannel, MessageOutcome
from ..parsing import FORMAT_HINT, LaporError, is_lapor, parse_ack, parse_lapor, parse_status
from .ack import channel_ack_reply
from .log import Handled
from .queue import channel_report_create, intake_receive

if TYPE_CHECKING:
    from incidents.models import Incident
    from regions.models import AdminUnit
    from stakeholders.models import Person

    from ..models import InboundMessage

# The contact kinds that vouch for a sender on each channel.
SENDER_KINDS: dict[str, list[str]] = {
    IntakeChannel.WHATSAPP: [ContactKind.WHATSAPP, ContactKind.PHONE],
    IntakeChannel.SMS: [ContactKind.PHONE, ContactKind.WHATSAPP],
    IntakeChannel.TELEGRAM: [ContactKind.TELEGRAM],
}


@lru_cache(maxsize=1)
def _area_index(kabupaten: str) -> AreaIndex:
    units = list(
        adminunit_list(with_parent=False).only("id", "code", "name", "level", "village_type", "parent_id")
    )
    by_id = {unit.pk: unit for unit in units}
    return AreaIndex(
        [
            Area(
                code=unit.code,
                name=unit.name,
                level="kelurahan" if unit.village_type == "kelurahan" else unit.level,
                parent_code=by_id[unit.parent_id].code if unit.parent_id in by_id else "",
            )
            for unit in units
            if any(unit.code == k or unit.code.startswith(k + ".") for k in kabupaten.split(","))
        ],
        aliases=adminunit_aliases(),
    )


def area_index() -> AreaIndex:
    """The areas of the served kabupaten by name and code (built once per process and set of kabupaten)."""
    return _area_index(",".join(kabupaten_codes()))


def sender_person(channel: str, sender: str) -> Person | None:
    """The registry person whose verified contact this sender is, or None."""
    return person_by_verified_contact(kinds=SENDER_KINDS.get(channel, []), value=sender)


def person_home_area(person: Person) -> AdminUnit | None:
    """The desa or kecamatan of the person's newest position in the kabupaten (a free-text report's place)."""
    today = timezone.localdate()
    for position in person_positions(person=person):
        if position.end_date and position.end_date < today:
            continue
        area = position.area
        if area.level in (AdminLevel.DESA, AdminLevel.KECAMATAN) and in_served_kabupaten(area.code):
            return area
    return None


def received_number(intake) -> str:
    """The number an unverified intake is known by to its sender."""
    return f"MSK-{intake.pk}"


def status_answer(*, person: Person | None, sender_channel: str, sender: str, number: str) -> str:
    """The state of the sender's own report (by number); never someone else's."""
    from ..models import InboundMessage, UnverifiedIntake

    if not number:
        return _("Tulis nomornya: STATUS INS-2024-000123.")
    incident: Incident | None = incident_by_number(number=number)
    own = incident is not None and (
        (person is not None and incident.reporter_person_id == person.pk)
        or InboundMessage.objects.filter(incident=incident, channel=sender_channel, sender=sender).exists()
        or UnverifiedIntake.objects.filter(incident=incident, channel=sender_channel, sender=sender).exists()
    )
    if incident is None or not own:
        if number.startswith("MSK-") and number[4:].isdigit():
            intake = UnverifiedIntake.objects.filter(
                pk=int(number[4:]), channel=sender_channel, sender=sender
            ).first()
            if intake is not None:
                if intake.incident is not None:
                    return _("Laporan %(msk)s sudah diterima petugas sebagai %(number)s (%(status)s).") % {
                        "msk": number,
                        "number": intake.incident.number,
                        "status": intake.incident.get_status_display(),
                    }
                return _("Laporan %(msk)s: %(status)s.") % {
                    "msk": number,
                    "status": intake.get_status_display(),
                }
        return _("Laporan %(number)s tidak ditemukan di antara laporan Anda.") % {"number": number}
    return _("Laporan %(number)s: %(status)s.") % {
        "number": incident.number,
        "status": incident.get_status_display(),
    }


def text_handle(message: InboundMessage) -> Handled:
    """Handle a WhatsApp or SMS text (see the module's docstring)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _text_handle(message)


def _text_handle(message: InboundMessage) -> Handled:
    channel, sender, text = message.channel, message.sender, (message.text or "").strip()
    person = sender_person(channel, sender)
    button = (message.payload or {}).get("button_id", "")
    if button:
        from .ack import channel_ack_button

        answer = channel_ack_button(channel=channel, address=sender, data=button)
        return Handled(outcome=MessageOutcome.ACKNOWLEDGED, detail=button, reply=answer, person=person)
    is_ack, code = parse_ack(text)
    if is_ack:
        acked = channel_ack_reply(channel=channel, address=sender, code=code)
        if acked is not None:
            return Handled(outcome=MessageOutcome.ACKNOWLEDGED, detail=code, reply=acked, person=person)
    is_status, number = parse_status(text)
    if is_status:
        return Handled(
            outcome=MessageOutcome.ANSWERED,
            reply=status_answer(person=person, sender_channel=channel, sender=sender, number=number),
            person=person,
        )
    if not text and not message.attachments.exists():
        return Handled(
            outcome=MessageOutcome.INVALID,
            detail="empty",
            reply=_("Pesan kosong. Kirim laporan dengan format: %(format)s") % {"format": FORMAT_HINT},
            person=person,
        )
    area = None
    severity = None
    body = text
    if is_lapor(text):
        try:
            lapor = parse_lapor(text, area_index())
        except LaporError as exc:
            return Handled(outcome=MessageOutcome.INVALID, detail=str(exc), reply=str(exc), person=person)
        area, severity, body = adminunit_find(code=lapor.area_code), lapor.severity, lapor.text
    label = _("dilaporkan melalui %(channel)s dari %(sender)s") % {
        "channel": IntakeChannel(channel).label,
        "sender": sender,
    }
    if person is not None:
        place = area or person_home_area(person)
        if place is not None:
            incident = channel_report_create(
                person=person, text=body, area=place, severity=severity or 2, channel_label=label
            )
            return Handled(
                outcome=MessageOutcome.REPORT,
                incident=incident,
                person=person,
                reply=_("Laporan diterima dengan nomor %(number)s. Cek dengan: STATUS %(number)s")
                % {"number": incident.number},
            )
    result = intake_receive(
        channel=channel,
        external_id=message.external_id,
        text=body,
        sender=sender,
        sender_name=message.sender_name,
        person=person,
        area=area,
        severity=severity,
        payload={"text": text},
        message=message,
    )
    intake = result.intake
    hint = (
        ""
        if area is not None
        else " " + _("Agar lebih cepat, sebutkan tempatnya: %(format)s") % {"format": FORMAT_HINT}
    )
    return Handled(
        outcome=MessageOutcome.UNVERIFIED,
        intake=intake,
        person=person,
        reply=_("Laporan Anda diterima dengan nomor %(number)s dan akan diperiksa petugas.")
        % {"number": received_number(intake)}
        + hint,
    )
