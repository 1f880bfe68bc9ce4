"""Programmes (Bimtek) and their agenda: batches (angkatan), quotas per organisation type, sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regions.selectors import election_for_event

from ..models import Batch, GuestSpeaker, OrgTypeQuota, Programme, Session
from ..selectors import programme_organiser_refusal
from .history import history_user_set


def _organiser_check(*, organiser, by_user) -> None:
    if by_user is not None and organiser is not None:
        refusal = programme_organiser_refusal(user=by_user, organiser=organiser)
        if refusal:
            raise ValidationError({"organiser": [refusal]})


@transaction.atomic
def programme_create(*, by_user, partners=(), **fields) -> Programme:
    """Create a programme; the creating user manages it (a kabupaten's Kesbangpol, of several served,
    for an organiser of its own kabupaten only). Without an election it belongs to the election
    whose calendar covers its start (else the current one)."""
    if fields.get("election") is None and fields.get("start_date") is not None:
        fields["election"] = election_for_event(moment=fields["start_date"])
    _organiser_check(organiser=fields.get("organiser"), by_user=by_user)
    programme = Programme(created_by=by_user, **fields)
    programme.full_clean()
    history_user_set(programme, by_user)
    programme.save()
    if partners:
        programme.partners.set(partners)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, by_user, partners=None, **fields) -> Programme:
    """Change a programme; its sessions must still fall within the new dates."""
    if "organiser" in fields:
        _organiser_check(organiser=fields["organiser"], by_user=by_user)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    if (
        programme.pk
        and programme.sessions.filter(
            Q(date__lt=programme.start_date) | Q(date__gt=programme.end_date)
        ).exists()
    ):
        raise ValidationError({"start_date": _("Ada sesi di luar tanggal baru. Pindahkan sesi itu dulu.")})
    history_user_set(programme, by_user)
    programme.save()
    if partners is not None:
        programme.partners.set(partners)
    return programme


@transaction.atomic
def batch_create(*, programme: Programme, number: int, label: str = "", by_user=None) -> Batch:
    """Add an angkatan to a programme."""
    if Batch.objects.filter(programme=programme, number=number).exists():
        raise ValidationError({"number": _("Angkatan ke-%(n)s sudah ada.") % {"n": number}})
    batch = Batch(programme=programme, number=number, label=label)
    batch.full_clean()
    history_user_set(batch, by_user)
    batch.save()
    return batch


@transaction.atomic
def org_type_quota_set(*, programme: Programme, org_type: str, quota: int, by_user=None) -> OrgTypeQuota:
    """Cap the peserta from one organisation type."""
    row, _created = OrgTypeQuota.objects.get_or_create(
        programme=programme, org_type=org_type, defaults={"quota": quota}
    )
    row.quota = quota
    row.full_clean()
    history_user_set(row, by_user)
    row.save()
    return row


@transaction.atomic
def session_create(
    *,
    programme: Programme,
    date: date,
    start_time: time,
    end_time: time,
    topic: str,
    room: str = "",
    trainers=(),
    speakers=(),
    guest_speakers: Sequence[tuple[str, str]] = (),
    by_user=None,
) -> Session:
    """Add a session; it must fall within the programme dates and not overlap another in the same room.
    Speakers come from the registry (``speakers``) or, for those not in it, as (name, office) pairs."""
    errors: dict[str, str] = {}
    if not (programme.start_date <= date <= programme.end_date):
        errors["date"] = _("Tanggal sesi harus di antara %(start)s dan %(end)s.") % {
            "start": date_format(programme.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(programme.end_date, "SHORT_DATE_FORMAT"),
        }
    if end_time <= start_time:
        errors["end_time"] = _("Jam selesai harus setelah jam mulai.")
    guests = [(name.strip(), office.strip()) for name, office in guest_speakers]
    if any(not name or len(name) > 150 or len(office) > 200 for name, office in guests):
        errors["guest_speakers"] = _(
            "Setiap narasumber tamu perlu nama (paling banyak 150 karakter) dan jabatan paling banyak 200 karakter."
        )
    if errors:
        raise ValidationError(errors)
    # Lock the programme so two concurrent additions cannot both pass the overlap check.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    clash = (
        Session.objects.filter(
            programme=programme,
            date=date,
            room__iexact=room.strip(),
            start_time__lt=end_time,
            end_time__gt=start_time,
        ).first()
        if room.strip()
        else None
    )
    if clash is not None:
        raise ValidationError(
            {
                "room": _('Ruang %(room)s sudah dipakai sesi "%(topic)s" (%(start)s-%(end)s).')
                % {
                    "room": room,
                    "topic": clash.topic,
                    "start": clash.start_time.strftime("%H.%M"),
                    "end": clash.end_time.strftime("%H.%M"),
                }
            }
        )
    session = Session(
        programme=programme,
        date=date,
        start_time=start_time,
        end_time=end_time,
        topic=topic,
        room=room.strip(),
    )
    session.full_clean()
    history_user_set(session, by_user)
    session.save()
    session.trainers.set(trainers)
    session.speakers.set(speakers)
    for order, (name, office) in enumerate(guests, start=1):
        guest = GuestSpeaker(session=session, name=name, office=office, order=order)
        guest.full_clean()
        history_user_set(guest, by_user)
        guest.save()
    return session


def programme_dates_label(programme: Programme) -> str:
    start, end = programme.start_date, programme.end_date
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} - {date_format(end, 'j F Y')}"
