"""Writes of the escalation settings: policies, their steps and targets, grouping rules, test alerts.

Kept apart from ``services`` (the engine's protocol): these change data the engine reads when an
escalation starts (a running escalation keeps its frozen copy). Every change is kept in the
history (simple_history) with the acting user.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AlertGroupRule, EscalationPolicy, EscalationPolicyStep, EscalationStepTarget

if TYPE_CHECKING:
    from stakeholders.models import Forum, Person

POLICY_FIELDS = (
    "name",
    "description",
    "is_active",
    "priority",
    "track",
    "min_severity",
    "include_early_warnings",
    "repeat_last_step",
    "max_repeats",
)
STEP_FIELDS = ("order", "wait_minutes", "active_from_hour", "active_until_hour")
TARGET_FIELDS = ("kind", "office", "level", "person")
RULE_FIELDS = ("name", "is_active", "area", "window_minutes", "distance_m")


def _history_user(instance, by_user) -> None:
    instance._history_user = by_user


def _assign(instance, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


@transaction.atomic
def escalationpolicy_save(
    *, policy: EscalationPolicy | None = None, by_user, categories=None, areas=None, **data
) -> EscalationPolicy:
    """Create or change a policy (what it matches and how it repeats); a field error for bad input."""
    from .selectors import escalationpolicy_areas_refusal

    if areas is not None and (refusal := escalationpolicy_areas_refusal(user=by_user, areas=list(areas))):
        raise ValidationError({"areas": [refusal]})
    policy = EscalationPolicy.objects.select_for_update().get(pk=policy.pk) if policy else EscalationPolicy()
    _assign(policy, data, POLICY_FIELDS)
    policy.full_clean()
    _history_user(policy, by_user)
    policy.save()
    if categories is not None:
        policy.categories.set(categories)
    if areas is not None:
        policy.areas.set(areas)
    return policy


@transaction.atomic
def escalationpolicystep_save(
    *, policy: EscalationPolicy, step: EscalationPolicyStep | None = None, by_user, **data
) -> EscalationPolicyStep:
    """Create or change one step: its order, its wait for an acknowledgement and its hours window."""
    if step is None:
        step = EscalationPolicyStep(policy=policy)
    elif step.policy_id != policy.pk:
        raise ValidationError(_("Langkah ini bukan milik kebijakan tersebut."))
    _assign(step, data, STEP_FIELDS)
    if EscalationPolicyStep.objects.filter(policy=policy, order=step.order).exclude(pk=step.pk or 0).exists():
        raise ValidationError({"order": [_("Sudah ada langkah dengan urutan ini.")]})
    step.full_clean()
    _history_user(step, by_user)
    step.save()
    return step


@transaction.atomic
def escalationpolicystep_delete(*, step: EscalationPolicyStep, by_user) -> None:
    for target in step.targets.all():
        _history_user(target, by_user)
        target.delete()
    _history_user(step, by_user)
    step.delete()


@transaction.atomic
def escalationsteptarget_save(
    *, step: EscalationPolicyStep, by_user, target: EscalationStepTarget | None = None, **data
) -> EscalationStepTarget:
    """Add (or change) whom a step notifies; the fields a kind does not use are cleared."""
    from .choices import TargetKind

    target = target or EscalationStepTarget(step=step)
    _assign(target, data, TARGET_FIELDS)
    if target.kind not in (TargetKind.OFFICE, TargetKind.ROSTER):
        target.office, target.level = "", ""
    if target.kind != TargetKind.PERSON:
        target.person = None
    target.full_clean()
    _history_user(target, by_user)
    target.save()
    return target


@transaction.atomic
def escalationsteptarget_delete(*, target: EscalationStepTarget, by_user) -> None:
    _history_user(target, by_user)
    target.delete()


@transaction.atomic
def alertgrouprule_save(
    *, rule: AlertGroupRule | None = None, by_user, categories=None, **data
) -> AlertGroupRule:
    """Create or change a grouping rule (its kabupaten, window, distance, related categories); a field
    error when the user may not give it that kabupaten (``alertgrouprule_area_refusal``)."""
    from .selectors import alertgrouprule_area_refusal

    rule = AlertGroupRule.objects.select_for_update().get(pk=rule.pk) if rule else AlertGroupRule()
    # Both the kabupaten the rule has (another's, or the installation's, stays theirs) and the new one.
    for area in {rule.area, data.get("area", rule.area)} if rule.pk else {data.get("area")}:
        if refusal := alertgrouprule_area_refusal(user=by_user, area=area):
            raise ValidationError({"area": [refusal]})
    _assign(rule, data, RULE_FIELDS)
    rule.full_clean()
    _history_user(rule, by_user)
    rule.save()
    if categories is not None:
        rule.categories.set(categories)
    return rule


def test_alert_key_new() -> str:
    return f"uji-peringatan|{uuid.uuid4().hex}"


@transaction.atomic
def escalation_test_alert(
    *, by_user, person: Person | None = None, forum: Forum | None = None, on=None
) -> tuple[str, list[Person]]:
    """Send a test alert over the real channels to one person (a seat holder) or every holder of a
    forum's seats today; returns (its message key, the people) for the result page.

    Critical urgency, so every verified channel of each person is tried at once: the result shows
    which of them work.
    """
    from notifications.choices import Urgency
    from notifications.services import notification_send
    from stakeholders.selectors import forum_seat_holders

    if (person is None) == (forum is None):
        raise ValidationError(_("Pilih satu orang atau satu forum."))
    if forum is not None:
        people: dict[int, Person] = {}
        for _seat, positions in forum_seat_holders(forum=forum, on=on):
            for position in positions:
                people.setdefault(position.person_id, position.person)
        recipients = list(people.values())
        if not recipients:
            raise ValidationError({"forum": [_("Forum ini tidak punya pemegang kursi hari ini.")]})
        to = forum.name
    else:
        recipients = [person]
        to = str(person)
    who = (by_user.get_full_name() or by_user.get_username()) if by_user else "-"
    key = test_alert_key_new()
    notification_send(
        text=_("UJI PERINGATAN untuk %(to)s dari %(who)s. Ini hanya uji kanal; tidak ada kejadian.")
        % {"to": to, "who": who},
        long_text=_("Pesan ini memeriksa bahwa kanal Anda dapat menerima peringatan eskalasi."),
        recipients=recipients,
        idempotency_key=key,
        link=settings.SITE_URL + "/",
        urgency=Urgency.CRITICAL,
        group_key=key,
    )
    return key, recipients
