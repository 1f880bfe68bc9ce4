"""The Telegram bot: ``/lapor`` as a short guided conversation in Bahasa Indonesia (what happened;
kecamatan and desa by buttons or a shared location; how bad; a photo, optional; confirm), ``/batal``,
a time-out, ``/status INS-...`` for the sender's own report, linking a chat to a person by the app's
one-time code, and the *Saya tangani* button of an alert.

The conversation's state is a ``TelegramConversation`` row per chat, locked while a message is
handled. A chat linked to a person (a verified Telegram contact) files a normal report of that person;
any other chat's report is an unverified intake.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.conf import in_served_kabupaten, kabupaten_codes
from incidents.choices import Severity
from regions.choices import AdminLevel
from regions.selectors import adminunit_containing_point, adminunit_find, adminunit_list
from stakeholders.choices import ContactKind
from stakeholders.selectors import person_home_kabupaten
from stakeholders.services import contact_point_confirm

from ..choices import IntakeChannel, MessageOutcome
from ..models import ChannelLinkCode, InboundMessage, TelegramConversation
from .ack import ACK_PREFIX, channel_ack_button
from .log import Handled
from .queue import Attachment, channel_report_create, intake_receive
from .replies import telegram_call
from .text import received_number, sender_person, status_answer

WHAT, KECAMATAN, DESA, SEVERITY, PHOTO, CONFIRM = "apa", "kecamatan", "desa", "tingkat", "foto", "konfirmasi"


def conversation_timeout() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "INTAKE_TELEGRAM_TIMEOUT_S", 1800)))


def _keyboard(rows: list[list[tuple[str, str]]]) -> dict:
    return {
        "inline_keyboard": [[{"text": text, "callback_data": data} for text, data in row] for row in rows]
    }


def _in_rows(buttons: list[tuple[str, str]], per_row: int = 2) -> list[list[tuple[str, str]]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _help() -> str:
    return _(
        "Bot pelaporan Pilkada Mitigasi.\n"
        "/lapor - laporkan kejadian atau potensi konflik\n"
        "/status INS-2024-000123 - status laporan Anda\n"
        "/batal - batalkan laporan yang sedang diisi\n"
        "/tautkan KODE - tautkan akun Telegram ini dengan akun aplikasi (kode dari halaman profil)"
    )


def _ask_kecamatan(kabupaten_code: str | None = None) -> Handled:
    """The kecamatan of one served kabupaten as buttons: the one named, else the only one served, else
    the sender's own; a sender of no single kabupaten (unknown, or provincial) picks the kabupaten first."""
    served = kabupaten_codes()
    code = kabupaten_code if kabupaten_code in served else served[0] if len(served) == 1 else None
    if code is None:
        units = adminunit_list(level=AdminLevel.KABUPATEN, codes=served, with_parent=False)
        return Handled(
            outcome=MessageOutcome.CONVERSATION,
            reply=_("Di kabupaten/kota mana? Pilih di bawah, atau bagikan lokasi Anda (ikon klip > Lokasi)."),
            markup=_keyboard(_in_rows([(unit.name, f"kab:{unit.code}") for unit in units], 2)),
        )
    kabupaten = adminunit_find(code=code)
    buttons = [
        (unit.name, f"kec:{unit.code}")
        for unit in adminunit_list(level=AdminLevel.KECAMATAN, parent=kabupaten)
    ]
    return Handled(
        outcome=MessageOutcome.CONVERSATION,
        reply=_("Di kecamatan mana? Pilih di bawah, atau bagikan lokasi Anda (ikon klip > Lokasi)."),
        markup=_keyboard(_in_rows(buttons, 2)),
    )


def _ask_desa(kecamatan_code: str) -> Handled:
    kecamatan = adminunit_find(code=kecamatan_code)
    buttons = [(unit.name, f"desa:{unit.code}") for unit in adminunit_list(parent=kecamatan)]
    rows = [[(_("Seluruh kecamatan / tidak tahu desanya"), f"desa:{kecamatan_code}")], *_in_rows(buttons, 2)]
    return Handled(
        outcome=MessageOutcome.CONVERSATION,
        reply=_("Desa/kelurahan mana di Kecamatan %(name)s?")
        % {"name": kecamatan.name if kecamatan else "-"},
        markup=_keyboard(rows),
    )


def _ask_severity() -> Handled:
    rows = [[(str(Severity(level).label), f"tingkat:{level}")] for level in Severity.values]
    return Handled(outcome=MessageOutcome.CONVERSATION, reply=_("Seberapa parah?"), markup=_keyboard(rows))


def _ask_photo() -> Handled:
    return Handled(
        outcome=MessageOutcome.CONVERSATION,
        reply=_("Kirim satu foto bila ada (opsional), atau tekan Lewati."),
        markup=_keyboard([[(_("Lewati"), "foto:lewati")]]),
    )


def _summary(data: dict) -> Handled:
    area = adminunit_find(code=data.get("area", "")) if data.get("area") else None
    text = _(
        "Periksa laporan Anda:\nApa: %(what)s\nTempat: %(place)s\nTingkat: %(severity)s\nFoto: %(photo)s\n\nKirim?"
    ) % {
        "what": data.get("text", "-"),
        "place": area.name if area else "-",
        "severity": Severity(int(data.get("severity", 2))).label,
        "photo": _("ada") if data.get("photo") else _("tidak ada"),
    }
    return Handled(
        outcome=MessageOutcome.CONVERSATION,
        reply=text,
        markup=_keyboard([[(_("Kirim"), "kirim:ya"), (_("Batal"), "kirim:batal")]]),
    )


def _download_photo(file_id: str) -> Attachment | None:
    """The photo's bytes from the Bot API (getFile, then the file URL); None when it cannot be fetched."""
    from notifications.channels import ChannelError
    from notifications.channels.base import http_call

    try:
        info = telegram_call("getFile", {"file_id": file_id})
        path = info.get("file_path", "")
        base = settings.TELEGRAM_API_BASE.rstrip("/")
        response = http_call("GET", f"{base}/file/bot{settings.TELEGRAM_BOT_TOKEN}/{path}")
    except ChannelError:
        return None
    return Attachment(name=path.rsplit("/", 1)[-1] or "foto.jpg", data=response.content)


def _submit(message: InboundMessage, data: dict, person) -> Handled:
    area = adminunit_find(code=data["area"])
    severity = int(data.get("severity", 2))
    photo = _download_photo(data["photo"]) if data.get("photo") else None
    attachments = [photo] if photo else []
    label = _("dilaporkan melalui Telegram")
    try:
        if person is not None and area is not None:
            incident = channel_report_create(
                person=person,
                text=data["text"],
                area=area,
                severity=severity,
                lat=data.get("lat"),
                lng=data.get("lng"),
                attachments=attachments,
                channel_label=label,
            )
            return Handled(
                outcome=MessageOutcome.REPORT,
                incident=incident,
                person=person,
                reply=_("Laporan diterima dengan nomor %(number)s. Cek dengan /status %(number)s")
                % {"number": incident.number},
            )
        result = intake_receive(
            channel=IntakeChannel.TELEGRAM,
            external_id=message.external_id,
            text=data["text"],
            sender=message.sender,
            sender_name=message.sender_name,
            area=area,
            severity=severity,
            lat=data.get("lat"),
            lng=data.get("lng"),
            payload=data,
            attachments=attachments,
            message=message,
        )
    except ValidationError as exc:
        return Handled(outcome=MessageOutcome.INVALID, detail=str(exc.messages), reply=" ".join(exc.messages))
    return Handled(
        outcome=MessageOutcome.UNVERIFIED,
        intake=result.intake,
        reply=_("Laporan Anda diterima dengan nomor %(number)s dan akan diperiksa petugas. Terima kasih.")
        % {"number": received_number(result.intake)},
    )


def _link(chat_id: str, code: str) -> str:
    now = timezone.now()
    link = ChannelLinkCode.objects.select_for_update().filter(code=code.strip().upper()).first()
    if link is None or link.used_at is not None or link.expires_at < now:
        return _("Kode tidak berlaku. Buat kode baru di aplikasi (Profil > Tautkan Telegram).")
    contact_point_confirm(person=link.person, kind=ContactKind.TELEGRAM, value=chat_id)
    link.used_at, link.used_by_chat = now, chat_id
    link.save(update_fields=["used_at", "used_by_chat"])
    return _(
        "Akun Telegram ini sekarang tertaut dengan %(person)s. Laporan Anda akan tercatat atas nama Anda."
    ) % {"person": link.person}


def telegram_handle(message: InboundMessage) -> Handled:
    """Handle one Telegram update (see the module's docstring)."""
    with translation.override(settings.LANGUAGE_CODE):
        handled = _handle(message)
    if message.kind == "callback":
        # Telegram shows a spinner on the button until the callback is answered.
        handled.markup = {
            **handled.markup,
            "callback_query_id": (message.payload.get("callback_query") or {}).get("id", ""),
        }
    return handled


def _handle(message: InboundMessage) -> Handled:
    chat = message.sender
    text = (message.text or "").strip()
    person = sender_person(IntakeChannel.TELEGRAM, chat)
    if message.kind == "callback" and text.startswith(ACK_PREFIX):
        answer = channel_ack_button(channel=IntakeChannel.TELEGRAM, address=chat, data=text)
        return Handled(outcome=MessageOutcome.ACKNOWLEDGED, detail=text, reply=answer, person=person)
    command, _space, argument = text.partition(" ")
    command = command.split("@", 1)[0].lower()
    if command in ("/start", "/tautkan") and argument.strip():
        return Handled(outcome=MessageOutcome.ANSWERED, reply=_link(chat, argument), person=person)
    if command in ("/start", "/bantuan", "/help"):
        return Handled(outcome=MessageOutcome.ANSWERED, reply=_help(), person=person)
    if command == "/status":
        return Handled(
            outcome=MessageOutcome.ANSWERED,
            reply=status_answer(
                person=person,
                sender_channel=IntakeChannel.TELEGRAM,
                sender=chat,
                number=argument.strip().upper(),
            ),
            person=person,
        )
    conversation = TelegramConversation.objects.select_for_update().filter(chat_id=chat).first()
    if command == "/batal":
        if conversation is not None:
            conversation.delete()
        return Handled(outcome=MessageOutcome.CONVERSATION, reply=_("Laporan dibatalkan."), person=person)
    if command == "/lapor":
        if conversation is not None:
            conversation.delete()
        TelegramConversation.objects.create(chat_id=chat, step=WHAT, data={})
        return Handled(
            outcome=MessageOutcome.CONVERSATION,
            reply=_("Apa yang terjadi? Tulis singkat: siapa, apa, di mana. (/batal untuk membatalkan)"),
            person=person,
        )
    if conversation is None:
        return Handled(outcome=MessageOutcome.ANSWERED, reply=_help(), person=person)
    if conversation.updated_at < timezone.now() - conversation_timeout():
        conversation.delete()
        return Handled(
            outcome=MessageOutcome.CONVERSATION,
            reply=_("Laporan yang belum selesai sudah kedaluwarsa dan dibatalkan. Mulai lagi dengan /lapor."),
            person=person,
        )
    handled = _step(message, conversation, text, person)
    handled.person = person
    return handled


def _step(message: InboundMessage, conversation: TelegramConversation, text: str, person) -> Handled:
    data, step = dict(conversation.data), conversation.step
    location = (message.payload.get("message") or {}).get("location") if message.kind == "location" else None

    def go(next_step: str, handled: Handled) -> Handled:
        conversation.step, conversation.data = next_step, data
        conversation.save(update_fields=["step", "data", "updated_at"])
        return handled

    if step == WHAT:
        if message.kind != "text" or len(text) < 5 or text.startswith("/"):
            return Handled(
                outcome=MessageOutcome.CONVERSATION,
                reply=_("Tulis apa yang terjadi (paling sedikit 5 huruf)."),
            )
        data["text"] = text[:4000]
        return go(KECAMATAN, _ask_kecamatan(person_home_kabupaten(person)))
    if step in (KECAMATAN, DESA) and location:
        lat, lng = float(location.get("latitude")), float(location.get("longitude"))
        desa = adminunit_containing_point(
            lat=lat, lng=lng, level=AdminLevel.DESA
        ) or adminunit_containing_point(lat=lat, lng=lng, level=AdminLevel.KECAMATAN)
        if desa is None or not in_served_kabupaten(desa.code):
            return Handled(
                outcome=MessageOutcome.CONVERSATION,
                reply=_("Lokasi itu di luar wilayah yang dilayani. Pilih kecamatan dengan tombol."),
            )
        data.update(area=desa.code, lat=lat, lng=lng)
        return go(SEVERITY, _ask_severity())
    if step == KECAMATAN:
        if text.startswith("kab:") and text[4:] in kabupaten_codes():
            return _ask_kecamatan(text[4:])
        if text.startswith("kec:") and in_served_kabupaten(text[4:]) and adminunit_find(code=text[4:]):
            data["kecamatan"] = text[4:]
            return go(DESA, _ask_desa(text[4:]))
        return _ask_kecamatan(person_home_kabupaten(person))
    if step == DESA:
        code = text[5:] if text.startswith("desa:") else ""
        if code and code.startswith(data.get("kecamatan", "-")) and adminunit_find(code=code):
            data["area"] = code
            return go(SEVERITY, _ask_severity())
        return _ask_desa(data.get("kecamatan", ""))
    if step == SEVERITY:
        level = text[8:] if text.startswith("tingkat:") else text
        if level.isdigit() and int(level) in Severity.values:
            data["severity"] = int(level)
            return go(PHOTO, _ask_photo())
        return _ask_severity()
    if step == PHOTO:
        photos = (message.payload.get("message") or {}).get("photo") or []
        if photos:
            data["photo"] = photos[-1].get("file_id", "")  # the largest size comes last
            return go(CONFIRM, _summary(data))
        if text == "foto:lewati":
            return go(CONFIRM, _summary(data))
        return _ask_photo()
    if step == CONFIRM:
        if text == "kirim:ya":
            conversation.delete()
            return _submit(message, data, person)
        if text == "kirim:batal":
            conversation.delete()
            return Handled(outcome=MessageOutcome.CONVERSATION, reply=_("Laporan dibatalkan."))
        return _summary(data)
    conversation.delete()
    return Handled(outcome=MessageOutcome.ANSWERED, reply=_help())
