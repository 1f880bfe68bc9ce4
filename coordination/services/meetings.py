"""Every write to coordination meetings (rakor): schedule, invite (through the notification channels),
record attendance and minutes, and turn decisions into tracked actions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.qrcodes import qr_image
from core.qrtokens import QrTokenError, qrtoken_check, qrtoken_live_or_new, qrtoken_make, qrtoken_read
from notifications.services import notification_send
from stakeholders.selectors import forum_seat_holders

from ..choices import ActionSource, AttendanceMark, MeetingStatus
from ..models import Meeting, MeetingInvitee, TrackedAction
from .actions import _check_area, action_create, history_user_set

if TYPE_CHECKING:
    from incidents.models import Incident
    from regions.models import AdminUnit
    from stakeholders.models import Forum, Organisation, Person


def meeting_when_label(meeting: Meeting) -> str:
    """'Rabu, 30 Oktober 2024 09.00 WITA': the meeting's time as invitations and the minutes print it."""
    local = timezone.localtime(meeting.starts_at)
    return f"{date_format(local, 'l, j F Y')} {local:%H.%M} WITA"


def _refuse_if_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.BATAL:
        raise ValidationError(_("Rapat ini sudah dibatalkan."))


@transaction.atomic
def meeting_create(
    *,
    title: str,
    starts_at: datetime,
    place: str,
    agenda: str,
    by_user,
    forum: Forum | None = None,
    group_label: str = "",
    area: AdminUnit | None = None,
    people: Iterable[Person] = (),
) -> Meeting:
    """Schedule a meeting of a forum (its seat holders today are invited) or of an ad-hoc group (in an
    area the user covers), with any other people of the registry invited beside them."""
    if forum is None and not (group_label or "").strip():
        raise ValidationError({"group_label": [_("Pilih forum atau tulis nama kelompok rapat.")]})
    if forum is not None:
        area = forum.area
    if area is None:
        raise ValidationError({"area": [_("Wilayah wajib diisi untuk rapat tanpa forum.")]})
    _check_area(area, by_user)
    meeting = Meeting(
        title=(title or "").strip(),
        forum=forum,
        group_label="" if forum is not None else group_label.strip(),
        area=area,
        area_code=area.code,
        starts_at=starts_at,
        place=(place or "").strip(),
        agenda=(agenda or "").strip(),
        created_by=by_user,
    )
    meeting.full_clean()
    history_user_set(meeting, by_user)
    meeting.save()
    invited: dict[int, tuple[Person, str]] = {}
    if forum is not None:
        for seat, positions in forum_seat_holders(forum=forum):
            for position in positions:
                invited.setdefault(position.person_id, (position.person, str(seat)))
    for person in people:
        invited.setdefault(person.pk, (person, ""))
    _invitees_create(meeting, list(invited.values()), by_user)
    return meeting


def _invitees_create(meeting: Meeting, people: list[tuple[Person, str]], by_user) -> int:
    existing = set(meeting.invitees.values_list("person_id", flat=True))
    added = 0
    for person, label in people:
        if person.pk in existing:
            continue
        invitee = MeetingInvitee(meeting=meeting, person=person, role_label=label[:200])
        history_user_set(invitee, by_user)
        invitee.save()
        existing.add(person.pk)
        added += 1
    return added


@transaction.atomic
def meeting_invitees_add(*, meeting: Meeting, people: Iterable[Person], by_user) -> int:
    """Invite more people of the registry (those already invited are skipped); returns how many were added."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    return _invitees_create(meeting, [(person, "") for person in people], by_user)


@transaction.atomic
def meeting_invitations_send(*, meeting: Meeting, by_user) -> int:
    """Send the invitation to every invitee not invited yet, as one message through the notification
    channels (the same delivery machinery, log and reach as alerts and broadcasts); returns how many
    were invited. Sending again reaches only those added since."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    if meeting.status != MeetingStatus.DIJADWALKAN:
        raise ValidationError(_("Notulen rapat ini sudah dicatat; undangan tidak dikirim lagi."))
    pending = list(meeting.invitees.filter(invitation_key="").select_related("person"))
    if not pending:
        raise ValidationError(_("Semua undangan sudah dikirim; tambahkan orang lebih dulu."))
    key = f"rakor|{meeting.pk}|{uuid.uuid4().hex}"
    who = (by_user.get_full_name() or by_user.get_username()) if by_user else "-"
    text = _("Undangan %(title)s (%(group)s): %(when)s, di %(place)s.") % {
        "title": meeting.title,
        "group": meeting.group_name,
        "when": meeting_when_label(meeting),
        "place": meeting.place,
    }
    notification_send(
        text=f"{text} ({who})",
        long_text=_("Agenda:") + "\n" + meeting.agenda,
        recipients=[invitee.person for invitee in pending],
        idempotency_key=key,
        link=settings.SITE_URL + meeting.get_absolute_url(),
        group_key=f"rakor|{meeting.pk}",
    )
    now = timezone.now()
    for invitee in pending:
        invitee.invitation_key = key
        invitee.invited_at = now
        history_user_set(invitee, by_user)
        invitee.save(update_fields=["invitation_key", "invited_at"])
    return len(pending)


@transaction.atomic
def meeting_attendance_set(
    *, meeting: Meeting, present_person_ids: Iterable[int], by_user, mark: str = AttendanceMark.DAFTAR
) -> int:
    """Record who attended from the list of invitees (those not ticked are absent); returns how many attended."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    present = {int(pk) for pk in present_person_ids}
    now = timezone.now()
    count = 0
    for invitee in meeting.invitees.all():
        attended = invitee.person_id in present
        count += attended
        if attended == invitee.attended:
            continue
        invitee.attended = attended
        invitee.attendance_mark = mark if attended else ""
        invitee.attendance_at = now if attended else None
        history_user_set(invitee, by_user)
        invitee.save(update_fields=["attended", "attendance_mark", "attendance_at"])
    return count


@transaction.atomic
def meeting_minutes_record(*, meeting: Meeting, minutes: str, by_user) -> Meeting:
    """Record (or correct) the minutes (notulen); the meeting is then held (selesai)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": [_("Notulen wajib diisi.")]})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"minutes": [_("Notulen dicatat setelah rapat dimulai.")]})
    meeting.minutes = minutes
    meeting.minutes_recorded_at = timezone.now()
    meeting.status = MeetingStatus.SELESAI
    meeting.full_clean()
    history_user_set(meeting, by_user)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_decision_add(
    *,
    meeting: Meeting,
    title: str,
    due_date: date,
    by_user,
    owner: Person | None = None,
    organisation: Organisation | None = None,
    area: AdminUnit | None = None,
    description: str = "",
    incidents: Iterable[Incident] = (),
) -> TrackedAction:
    """A decision of the meeting, recorded as a tracked action (source: the meeting) in the meeting's area
    unless another is given."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    local = timezone.localtime(meeting.starts_at)
    return action_create(
        title=title,
        due_date=due_date,
        area=area or meeting.area,
        by_user=by_user,
        owner=owner,
        organisation=organisation,
        description=description,
        source=ActionSource.RAPAT,
        source_label=f"{meeting.title} ({local:%d/%m/%Y})",
        incidents=incidents,
        meeting=meeting,
    )


# --- attendance by the meeting's QR code ------------------------------------------------------------

CHECKIN_TOKEN_PURPOSE = "coordination.meeting_checkin"  # noqa: S105 - a signing salt, not a secret


def meeting_checkin_opens_at(meeting: Meeting) -> datetime:
    """The first moment attendance by QR is accepted: the meeting's start, less
    ``COORDINATION_ATTENDANCE_EARLY_MIN`` for invitees who arrive early."""
    return meeting.starts_at - timedelta(minutes=settings.COORDINATION_ATTENDANCE_EARLY_MIN)


def meeting_checkin_token(*, meeting: Meeting, current: str = "") -> str:
    """A signed token for the meeting's attendance QR code (valid ``COORDINATION_CHECKIN_QR_TTL_S``):
    ``current`` when it is still a live token of this meeting, else a fresh one."""
    if current:
        return qrtoken_live_or_new(
            current,
            purpose=CHECKIN_TOKEN_PURPOSE,
            object_id=meeting.pk,
            max_age=settings.COORDINATION_CHECKIN_QR_TTL_S,
        )
    return qrtoken_make(purpose=CHECKIN_TOKEN_PURPOSE, object_id=meeting.pk)


def meeting_checkin_url(*, token: str) -> str:
    """The absolute address an invitee's phone opens when it scans the meeting's QR code."""
    return f"{settings.SITE_URL}{reverse('coordination:meeting_self_checkin', args=[token])}"


def meeting_checkin_qr(*, token: str) -> bytes:
    """The meeting's attendance QR code (its address) as SVG bytes."""
    return qr_image(meeting_checkin_url(token=token))


def _token_error(code: str) -> ValidationError:
    messages = {
        "expired": _(
            "Kode QR ini sudah kedaluwarsa. Pindai lagi kode QR yang sedang ditampilkan di layar panitia rapat."
        ),
        "other_object": _("Kode QR ini untuk rapat lain. Pindai kode QR rapat yang sedang berlangsung."),
    }
    message = messages.get(
        code, _("Kode QR ini tidak sah. Pindai kode QR daftar hadir yang ditampilkan di layar panitia rapat.")
    )
    return ValidationError({"token": message}, code=code)


def meeting_from_checkin_token(*, token: str) -> Meeting:
    """The meeting a live attendance token names; a clear message for an expired or forged one."""
    try:
        meeting_id = qrtoken_read(
            token, purpose=CHECKIN_TOKEN_PURPOSE, max_age=settings.COORDINATION_CHECKIN_QR_TTL_S
        )
    except QrTokenError as exc:
        raise _token_error(exc.code) from None
    meeting = Meeting.objects.select_related("forum", "area").filter(pk=meeting_id).first()
    if meeting is None:
        raise _token_error("invalid")
    return meeting


@transaction.atomic
def meeting_attendance_self_mark(
    *, meeting: Meeting, person_id: int | None, token: str, by_user, now: datetime | None = None
) -> MeetingInvitee:
    """Mark an invitee present from their own phone (the meeting's live QR token, the logged-in user's
    registry person), with the history row naming them. Someone not on the list of invitees is refused:
    the list of attendance is the organiser's record, so the organiser adds a guest to the invitees first
    (then the guest scans again). Scanning twice changes nothing."""
    try:
        qrtoken_check(
            token,
            purpose=CHECKIN_TOKEN_PURPOSE,
            object_id=meeting.pk,
            max_age=settings.COORDINATION_CHECKIN_QR_TTL_S,
        )
    except QrTokenError as exc:
        raise _token_error(exc.code) from None
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_closed(meeting)
    now = now or timezone.now()
    opens = meeting_checkin_opens_at(meeting)
    if now < opens:
        local = timezone.localtime(opens)
        raise ValidationError(
            {
                "token": _("Rapat ini belum dimulai: kehadiran dapat dicatat mulai %(date)s pukul %(time)s.")
                % {"date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H.%M")}
            },
            code="not_started",
        )
    invitee = (
        MeetingInvitee.objects.select_for_update().filter(meeting=meeting, person_id=person_id).first()
        if person_id
        else None
    )
    if invitee is None:
        raise ValidationError({"token": meeting_not_invited_message(meeting)}, code="not_invited")
    if invitee.attended:
        return invitee
    invitee.attended = True
    invitee.attendance_mark = AttendanceMark.QR
    invitee.attendance_at = now
    history_user_set(invitee, by_user)
    invitee.save(update_fields=["attended", "attendance_mark", "attendance_at"])
    return invitee


def meeting_not_invited_message(meeting: Meeting) -> str:
    """What someone scanning the code of a meeting they are not invited to reads."""
    return _(
        "Anda tidak tercantum dalam daftar undangan %(title)s, sehingga kehadiran Anda tidak dicatat. "
        "Minta panitia rapat menambahkan Anda ke daftar undangan, lalu pindai kode QR sekali lagi."
    ) % {"title": meeting.title}
