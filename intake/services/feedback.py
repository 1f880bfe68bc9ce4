"""Feedback to the reporter: when their report is verified, assigned, resolved or rejected they are told,
on the channel they reported from (in the app's inbox for a web report), with the reason of a rejection.

``feedback_on_incident_event`` is an incident hook (registered in ``IntakeConfig.ready``): it runs inside
the change's transaction, so the answer is queued with the change and sent after commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from incidents.choices import EventKind, RejectReason, Status
from notifications.services import notification_send

from ..choices import IntakeStatus
from ..models import InboundMessage, UnverifiedIntake
from .replies import reply_queue

if TYPE_CHECKING:
    from incidents.models import Incident, IncidentEvent

# The status moves a reporter is told about.
TOLD = (Status.TERVERIFIKASI, Status.DITANGANI, Status.SELESAI, Status.DITOLAK)


def feedback_text(incident: Incident, status: str) -> str:
    """What the reporter reads, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if status == Status.TERVERIFIKASI:
            return _("Laporan %(number)s sudah diverifikasi petugas. Terima kasih.") % {
                "number": incident.number
            }
        if status == Status.DITANGANI:
            return _("Laporan %(number)s sedang ditangani oleh %(org)s.") % {
                "number": incident.number,
                "org": incident.lead_organisation or _("petugas"),
            }
        if status == Status.SELESAI:
            return _("Laporan %(number)s sudah selesai ditangani. Terima kasih atas laporan Anda.") % {
                "number": incident.number
            }
        reason = RejectReason(incident.reject_reason).label if incident.reject_reason else "-"
        note = f" ({incident.reject_note})" if incident.reject_note else ""
        return _("Laporan %(number)s ditolak: %(reason)s%(note)s.") % {
            "number": incident.number,
            "reason": reason,
            "note": note,
        }


def _origin(incident: Incident) -> tuple[str, str] | None:
    """(channel, address) the report came from, or None for a report made in the app."""
    message = (
        InboundMessage.objects.filter(incident=incident).exclude(sender="").order_by("received_at").first()
    )
    if message is not None:
        return message.channel, message.sender
    intake = (
        UnverifiedIntake.objects.filter(incident=incident, status=IntakeStatus.ACCEPTED)
        .exclude(sender="")
        .first()
    )
    if intake is not None:
        return intake.channel, intake.sender
    return None


def feedback_on_incident_event(*, incident: Incident, event: IncidentEvent) -> None:
    """Tell the reporter of a status move they care about (once per event)."""
    if event.kind not in (EventKind.STATUS, EventKind.ASSIGNED):
        return
    status = (event.new or {}).get("status")
    old = (event.old or {}).get("status")
    if status not in TOLD or status == old:
        return
    text = feedback_text(incident, status)
    key = f"umpan-balik|{incident.pk}|{event.pk}"
    origin = _origin(incident)
    if origin is not None:
        reply_queue(channel=origin[0], address=origin[1], text=text, idempotency_key=key)
        return
    person = incident.reporter_person
    if person is None or incident.reporter_id == event.actor_id:
        return
    notification_send(
        text=text,
        recipients=[person],
        idempotency_key=key,
        link=settings.SITE_URL + incident.get_absolute_url(),
    )


def feedback_intake_rejected(*, intake: UnverifiedIntake) -> None:
    """Tell the sender of a rejected intake why (on their channel; nothing for a form without a contact)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Laporan Anda tidak dapat kami proses: %(reason)s") % {"reason": intake.reason}
    reply_queue(
        channel=intake.channel, address=intake.sender, text=text, idempotency_key=f"ditolak|{intake.pk}"
    )
