"""Follow-up actions (tindak lanjut) and referrals; the first referral to Bawaslu stops the legal clock."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import EventKind, ReferralTarget
from ..models import FollowUpAction, Incident, Referral
from .base import FUTURE_TOLERANCE, _event, _refuse_if_closed

if TYPE_CHECKING:
    from stakeholders.models import Person


@transaction.atomic
def follow_up_add(
    *, incident: Incident, description: str, owner: Person, due_date: date, by_user
) -> FollowUpAction:
    """Add a follow-up action (tindak lanjut) with an owner and a due date."""
    _refuse_if_closed(incident)
    action = FollowUpAction(
        incident=incident, description=description.strip(), owner=owner, due_date=due_date, created_by=by_user
    )
    action.full_clean()
    action.save()
    _event(
        incident,
        kind=EventKind.FOLLOW_UP,
        by_user=by_user,
        new={"description": action.description, "owner": owner, "due_date": due_date},
    )
    return action


@transaction.atomic
def follow_up_complete(*, action: FollowUpAction, by_user) -> FollowUpAction:
    """Mark a follow-up action done."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at:
        return action
    _refuse_if_closed(action.incident)
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    _event(
        action.incident,
        kind=EventKind.FOLLOW_UP,
        by_user=by_user,
        old={"description": action.description, "done": False},
        new={"description": action.description, "done": True},
    )
    return action


@transaction.atomic
def referral_add(
    *,
    incident: Incident,
    target: str,
    referred_at: datetime,
    by_user,
    register_number: str = "",
    note: str = "",
) -> Referral:
    """Record a referral; the first referral to Bawaslu stops the legal clock."""
    _refuse_if_closed(incident)
    if referred_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"referred_at": [_("Tanggal rujukan tidak boleh di masa depan.")]})
    referral = Referral(
        incident=incident,
        target=target,
        referred_at=referred_at,
        register_number=register_number.strip(),
        note=note.strip(),
        created_by=by_user,
    )
    referral.full_clean()
    referral.save()
    if target == ReferralTarget.BAWASLU:
        Incident.objects.filter(pk=incident.pk, bawaslu_referred_at__isnull=True).update(
            bawaslu_referred_at=referred_at
        )
    _event(
        incident,
        kind=EventKind.REFERRAL,
        by_user=by_user,
        new={"target": target, "register_number": referral.register_number, "referred_at": referred_at},
    )
    return referral
