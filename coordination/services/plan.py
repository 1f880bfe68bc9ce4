"""Every write to the action plan (rencana aksi terpadu): the plan of a year, its activities (each a
tracked action of source "rencana_aksi"), and the progress the responsible agency records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ActionSource, ActionStatus
from ..models import ActionPlan, PlanActivity
from .actions import action_create, history_user_set

if TYPE_CHECKING:
    from regions.models import AdminUnit
    from stakeholders.models import Organisation, Person


@transaction.atomic
def plan_create(*, year: int, title: str, by_user, notes: str = "") -> ActionPlan:
    """Start the action plan of a year (one per year)."""
    plan = ActionPlan(
        year=year,
        title=(title or "").strip() or _("Rencana aksi terpadu %(year)s") % {"year": year},
        notes=(notes or "").strip(),
        created_by=by_user,
    )
    if ActionPlan.objects.filter(year=year).exists():
        raise ValidationError({"year": [_("Rencana aksi tahun %(year)s sudah ada.") % {"year": year}]})
    plan.full_clean(validate_unique=False)
    history_user_set(plan, by_user)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"year": [_("Rencana aksi tahun %(year)s sudah ada.") % {"year": year}]}
        ) from exc
    return plan


def _check_dates(plan: ActionPlan, planned_start: date, planned_end: date) -> None:
    errors: dict[str, list[str]] = {}
    if planned_start.year != plan.year:
        errors["planned_start"] = [_("Rencana mulai harus di tahun %(year)s.") % {"year": plan.year}]
    if planned_end.year != plan.year:
        errors["planned_end"] = [_("Rencana selesai harus di tahun %(year)s.") % {"year": plan.year}]
    elif planned_end < planned_start:
        errors["planned_end"] = [_("Rencana selesai sebelum rencana mulai.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_activity_add(
    *,
    plan: ActionPlan,
    title: str,
    area: AdminUnit,
    organisation: Organisation | None,
    target: str,
    planned_start: date,
    planned_end: date,
    by_user,
    phase: str = "",
    description: str = "",
    owner: Person | None = None,
) -> PlanActivity:
    """Add an activity to a plan: a tracked action due at the planned end, for the responsible agency,
    in an area the user covers, with its phase, target and planned start (both dates in the plan's year)."""
    _check_dates(plan, planned_start, planned_end)
    action = action_create(
        title=title,
        description=description,
        due_date=planned_end,
        area=area,
        owner=owner,
        organisation=organisation,
        source=ActionSource.RENCANA_AKSI,
        source_label=plan.title,
        by_user=by_user,
    )
    activity = PlanActivity(
        plan=plan, action=action, phase=phase, target=(target or "").strip(), planned_start=planned_start
    )
    activity.full_clean()
    history_user_set(activity, by_user)
    activity.save()
    return activity


@transaction.atomic
def plan_progress_record(
    *,
    activity: PlanActivity,
    progress: int,
    by_user,
    note: str = "",
    actual_start: date | None = None,
    actual_end: date | None = None,
) -> PlanActivity:
    """Record an activity's progress (0-100 %) with its actual dates; the tracked action follows:
    started (berjalan) above 0 %, done (selesai) at 100 % (the actual end then required, today by
    default), reopened when a done activity goes below 100 %."""
    activity = PlanActivity.objects.select_for_update().select_related("action").get(pk=activity.pk)
    action = activity.action
    if action.status == ActionStatus.BATAL:
        raise ValidationError(_("Kegiatan ini sudah dibatalkan."))
    errors: dict[str, list[str]] = {}
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Kemajuan antara 0 dan 100 persen.")]
    today = timezone.localdate()
    if progress > 0 and actual_start is None:
        actual_start = activity.actual_start or today
    if progress == 100 and actual_end is None:
        actual_end = activity.actual_end or today
    if progress < 100 and actual_end is not None:
        errors["actual_end"] = [_("Tanggal realisasi selesai hanya untuk kegiatan yang selesai 100 persen.")]
    for field, value in (("actual_start", actual_start), ("actual_end", actual_end)):
        if value is not None and value > today:
            errors[field] = [_("Tanggal realisasi belum tiba.")]
    if actual_start and actual_end and actual_end < actual_start:
        errors["actual_end"] = [_("Realisasi selesai sebelum realisasi mulai.")]
    if errors:
        raise ValidationError(errors)
    activity.progress = progress
    activity.actual_start = actual_start
    activity.actual_end = actual_end
    activity.progress_note = (note or "").strip()
    activity.progress_at = timezone.now()
    activity.progress_by = by_user
    activity.full_clean()
    history_user_set(activity, by_user)
    activity.save()
    status: str
    if progress == 100:
        status = ActionStatus.SELESAI
    elif progress > 0 or action.status == ActionStatus.SELESAI:
        status = ActionStatus.BERJALAN
    else:
        status = action.status
    if status != action.status:
        action.status = status
        action.completed_at = timezone.now() if status == ActionStatus.SELESAI else None
        action.status_note = activity.progress_note or _("Kemajuan %(n)s%%.") % {"n": progress}
        action.full_clean()
        history_user_set(action, by_user)
        action.save()
    return activity
