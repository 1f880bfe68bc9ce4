"""Every write to tracked actions: create, edit, move through their statuses, add evidence.

Each service is atomic, validates before saving and names the acting user on the history row
(simple_history), so the action's page shows who changed what and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.selectors import organisation_current_for

from ..choices import OPEN_ACTION_STATUSES, ActionSource, ActionStatus
from ..models import ActionEvidence, TrackedAction
from ..selectors import action_area_allowed
from .uploads import upload_check

if TYPE_CHECKING:
    from incidents.models import Incident
    from regions.models import AdminUnit
    from stakeholders.models import Organisation, Person

    from ..models import Meeting

# Fields a user edits on the action's form (status and evidence have their own services).
EDITABLE_FIELDS = ("title", "description", "owner", "organisation", "due_date", "area")


def history_user_set(instance, by_user) -> None:
    """Name the acting user on the history row the next save writes."""
    instance._history_user = by_user


def _check_area(area, by_user) -> None:
    if by_user is not None and not action_area_allowed(by_user, area):
        raise ValidationError({"area": [_("Wilayah ini di luar cakupan Anda.")]})


@transaction.atomic
def action_create(
    *,
    title: str,
    due_date: date,
    area: AdminUnit,
    by_user,
    owner: Person | None = None,
    organisation: Organisation | None = None,
    description: str = "",
    source: str = ActionSource.LAINNYA,
    source_label: str = "",
    incidents: Iterable[Incident] = (),
    meeting: Meeting | None = None,
) -> TrackedAction:
    """Record a tracked action in an area the user covers (``by_user=None``: the system, e.g. the
    Inpres obligations of a serious incident). Without an organisation, the owner's current one."""
    _check_area(area, by_user)
    if owner is not None and organisation is None:
        organisation = organisation_current_for(person=owner)
    action = TrackedAction(
        title=(title or "").strip(),
        description=(description or "").strip(),
        owner=owner,
        organisation=organisation,
        due_date=due_date,
        area=area,
        area_code=area.code,
        source=source,
        source_label=(source_label or "").strip()[:300],
        meeting=meeting,
        created_by=by_user,
    )
    action.full_clean()
    history_user_set(action, by_user)
    action.save()
    linked = list(incidents)
    if linked:
        action.incidents.add(*linked)
    return action


def action_for_update(*, action: TrackedAction) -> TrackedAction:
    """The action's row, locked for the rest of the transaction."""
    return TrackedAction.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def action_update(
    *, action: TrackedAction, by_user, incidents: Iterable[Incident] | None = None, **changes
) -> TrackedAction:
    """Edit the recorded facts of an action (``EDITABLE_FIELDS``) and, when given, its linked incidents."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    action = action_for_update(action=action)
    if "area" in changes and changes["area"].pk != action.area_id:
        _check_area(changes["area"], by_user)
    for name, value in changes.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    action.area_code = action.area.code
    action.full_clean()
    history_user_set(action, by_user)
    action.save()
    if incidents is not None:
        action.incidents.set(list(incidents))
    return action


@transaction.atomic
def action_status_set(*, action: TrackedAction, status: str, by_user, note: str = "") -> TrackedAction:
    """Move an action to a status. Done needs evidence or a note saying what was done; cancelled
    needs a reason. A done or cancelled action can be reopened (berjalan) with a note."""
    action = action_for_update(action=action)
    note = (note or "").strip()
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Status tidak dikenal.")]})
    if status == action.status:
        raise ValidationError({"status": [_("Tindak lanjut sudah berstatus ini.")]})
    if status == ActionStatus.SELESAI and not note and not action.evidence.exists():
        raise ValidationError(
            {"note": [_("Tulis apa yang sudah dikerjakan atau tambahkan bukti lebih dulu.")]}
        )
    if status == ActionStatus.BATAL and not note:
        raise ValidationError({"note": [_("Tulis alasan pembatalan.")]})
    if action.status not in OPEN_ACTION_STATUSES and status == ActionStatus.TERBUKA:
        status = ActionStatus.BERJALAN
    if action.status not in OPEN_ACTION_STATUSES and not note:
        raise ValidationError({"note": [_("Tulis alasan membuka kembali tindak lanjut ini.")]})
    action.status = status
    action.completed_at = timezone.now() if status == ActionStatus.SELESAI else None
    action.status_note = note
    action.full_clean()
    history_user_set(action, by_user)
    action.save()
    return action


@transaction.atomic
def action_evidence_add(
    *, action: TrackedAction, by_user, note: str = "", uploaded_file=None
) -> ActionEvidence:
    """Add a note and/or a file as evidence. A file is checked by size and content (magic bytes) as an
    incident's evidence is, and stored privately under the detected type's extension."""
    action = action_for_update(action=action)
    if action.status == ActionStatus.BATAL:
        raise ValidationError(_("Tindak lanjut ini sudah dibatalkan."))
    note = (note or "").strip()
    evidence = ActionEvidence(action=action, note=note, added_by=by_user)
    if uploaded_file is not None:
        checked = upload_check(uploaded_file)
        evidence.original_name = checked.original_name
        evidence.kind = checked.kind
        evidence.content_type = checked.content_type
        evidence.extension = checked.extension
        evidence.size = checked.size
        evidence.sha256 = checked.sha256
        evidence.file.save(f"bukti.{checked.extension}", uploaded_file, save=False)
    elif not note:
        raise ValidationError({"note": [_("Isi catatan atau pilih berkas.")]})
    evidence.full_clean()
    history_user_set(evidence, by_user)
    evidence.save()
    if action.status == ActionStatus.TERBUKA:
        # Work has started once there is evidence of it.
        action.status = ActionStatus.BERJALAN
        history_user_set(action, by_user)
        action.save(update_fields=["status", "updated_at"])
    return evidence
