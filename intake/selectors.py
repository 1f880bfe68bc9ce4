"""Reads of intake, scoped by the user: the unverified-intake queue of an area's operators, the log."""

from __future__ import annotations

from django.db.models import QuerySet

from incidents.selectors import TRIAGE_ROLES
from stakeholders.selectors import access_profile, area_scope_q

from .choices import IntakeStatus
from .models import InboundCall, InboundMessage, UnverifiedIntake


def intake_visible_to(user) -> QuerySet[UnverifiedIntake]:
    """Unverified intakes the user may triage: kabupaten-wide triage roles all, an operator their areas
    (an intake without a known place carries the kabupaten's code, so only kabupaten roles see it)."""
    if not user.is_authenticated or not user.has_perm("incidents.triage_incident"):
        return UnverifiedIntake.objects.none()
    intakes = UnverifiedIntake.objects.select_related("area", "category", "incident", "decided_by")
    if access_profile(user).kabupaten_wide:
        return intakes
    return intakes.filter(area_scope_q(user, field="area_code", roles=TRIAGE_ROLES))


def intake_pending_visible_to(user) -> QuerySet[UnverifiedIntake]:
    """The queue: intakes still waiting for a decision, oldest first."""
    return intake_visible_to(user).filter(status=IntakeStatus.PENDING).order_by("created_at", "id")


def intake_pending_count(user) -> int:
    return intake_visible_to(user).filter(status=IntakeStatus.PENDING).count()


def inbound_call_visible_to(user) -> QuerySet[InboundCall]:
    """The intake log: administrators only (it holds raw messages of anyone)."""
    if not user.is_authenticated or not user.has_perm("intake.view_inboundcall"):
        return InboundCall.objects.none()
    return InboundCall.objects.all()


def inbound_message_for_external_id(*, channel: str, external_id: str) -> InboundMessage | None:
    return InboundMessage.objects.filter(channel=channel, external_id=external_id).first()
