"""Invitations and reminders to a programme's participants, each with their ticket link."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.selectors import message_keys_existing
from notifications.services import notification_send

from ..choices import ACTIVE_STATUSES, RegistrationStatus
from ..models import InvitationSend, Programme
from .programmes import programme_dates_label

INVITATION_STATUSES: dict[str, tuple[str, ...]] = {
    InvitationSend.Kind.UNDANGAN: ACTIVE_STATUSES,
    InvitationSend.Kind.PENGINGAT: (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED),
}


def _invitation_text(*, programme: Programme, kind: str) -> str:
    values = {"title": programme.title, "dates": programme_dates_label(programme), "venue": programme.venue}
    if kind == InvitationSend.Kind.PENGINGAT:
        return _("Pengingat Bimtek %(title)s, %(dates)s di %(venue)s. Tiket Anda:") % values
    return _("Undangan Bimtek %(title)s, %(dates)s di %(venue)s. Tiket Anda:") % values


@transaction.atomic
def programme_invitations_send(
    *, programme: Programme, by_user, kind: str = InvitationSend.Kind.UNDANGAN
) -> int:
    """Send the invitation (or reminder) to every participant in a fitting status; returns how many were new.

    Each participant's message has its own idempotency key (per programme, kind and registration, and
    per day for reminders), so pressing twice sends once. A press that sent something is logged.
    """
    if kind not in INVITATION_STATUSES:
        raise ValidationError({"kind": _("Jenis pengiriman tidak dikenal.")})
    suffix = f"|{timezone.localdate().isoformat()}" if kind == InvitationSend.Kind.PENGINGAT else ""
    registrations = list(
        programme.registrations.filter(status__in=INVITATION_STATUSES[kind]).select_related("person")
    )
    keys = {reg.pk: f"training|{kind}|{programme.pk}|{reg.pk}{suffix}" for reg in registrations}
    already = message_keys_existing(keys=keys.values())
    text = _invitation_text(programme=programme, kind=kind)
    sent = 0
    for reg in registrations:
        if keys[reg.pk] in already:
            continue
        link = f"{settings.SITE_URL}{reg.get_absolute_url()}"
        notification_send(
            text=f"{text} {link}",
            recipients=[reg.person],
            idempotency_key=keys[reg.pk],
            link=link,
            group_key=f"training|{kind}|{programme.pk}",
        )
        sent += 1
    if sent:
        InvitationSend.objects.create(programme=programme, kind=kind, count=sent, sent_by=by_user)
    return sent


def programme_reminders_due(*, today: date | None = None) -> int:
    """Send the reminder of every programme whose first session (or start date) is tomorrow.

    Run hourly by Celery beat; the per-day key of a reminder makes the later runs of the day no-ops,
    and a trainer who already pressed "Kirim pengingat" today is not repeated.
    """
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    programmes = (
        Programme.objects.annotate(first_day=Min("sessions__date"))
        .filter(Q(first_day=tomorrow) | Q(first_day__isnull=True, start_date=tomorrow))
        .order_by("pk")
    )
    return sum(
        programme_invitations_send(programme=programme, by_user=None, kind=InvitationSend.Kind.PENGINGAT)
        for programme in programmes
    )
