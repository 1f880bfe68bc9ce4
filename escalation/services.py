"""Every write of the escalation engine: start, run a step, acknowledge, un-acknowledge, stop, audit.

The protocol, so that a due step is never dropped and never runs after an acknowledgement:

1. ``escalation_start`` runs inside the incident service's transaction (a hook, see incidents/hooks.py): it
   freezes the matching policy onto an Escalation row, stores the first step's due time in
   PostgreSQL and enqueues the step task after commit.
2. ``escalation_step_run`` (the task on the ``critical`` queue) locks the incident row, then the
   escalation row, and re-checks everything: the token is current, the escalation is active, the
   step is the one expected and is due, the incident is not resolved. It resolves the targets for
   the incident's area on that day, hands one message per recipient to ``notifications`` (each with
   the recipient's own signed acknowledge link), records the step run and a timeline event, and
   stores the next due time, all in one transaction.
3. ``escalation_acknowledge`` takes the same locks in the same order, so an acknowledgement and a
   step are serialised: whichever commits first wins, and a step that comes second sees
   ``acknowledged`` and does nothing. The acknowledgement cancels every pending delivery of the
   escalation's message group.
4. ``escalation_audit`` (Celery beat) enqueues every active escalation whose due time has passed
   without its step running, so a lost broker message or a killed worker delays a step, never drops it.

What the writes use and that writes nothing of its own is in ``escalation.engine``: policy matching
and time windows (pure), target resolution, acknowledge links, the alert's text.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import enqueue_on_commit
from incidents.choices import EventKind, Severity, Status
from incidents.selectors import incident_for_update
from incidents.services import incident_event_record
from notifications.choices import Reach
from stakeholders.selectors import person_for_user, person_list

from .choices import ESCALATION_STOP_STATUSES, OPEN_ESCALATION_STATUSES, AckVia, EscalationStatus
from .engine.grouping import group_accepts
from .engine.links import AckLinkError, ack_link_read, ack_links_make
from .engine.matching import escalation_policy_for, policy_snapshot
from .engine.messages import (
    acknowledged_note,
    additional_report_key,
    additional_report_message,
    escalation_message,
    escalation_message_key,
    escalation_message_key_parse,
    unreached_message,
    unreached_message_key,
    when_label,
)
from .engine.targets import area_operators, incident_area_chain, people_dedupe, target_resolve
from .engine.windows import window_contains, window_next_opening
from .hooks import escalation_acknowledged_hooks_run
from .models import (
    AlertGroup,
    AlertGroupMember,
    AlertGroupRule,
    AlertGroupStatus,
    Escalation,
    EscalationAckLink,
    EscalationStepRun,
)
from .tasks import escalation_step_run_task

if TYPE_CHECKING:
    from incidents.models import Incident, IncidentEvent
    from stakeholders.models import Person


def _setting(name: str, default):
    return getattr(settings, name, default)


def step_queue() -> str:
    """The Celery queue of step tasks (``critical``)."""
    return str(_setting("ESCALATION_QUEUE", "critical"))


def countdown_max_s() -> float:
    """The longest countdown a step task is enqueued with; later steps are left to the auditor."""
    return float(_setting("ESCALATION_COUNTDOWN_MAX_S", 1800))


def audit_grace_s() -> float:
    return float(_setting("ESCALATION_AUDIT_GRACE_S", 15))


class EscalationStateError(ValidationError):
    """The escalation is not in a state that allows the action (already acknowledged, stopped, ...)."""


# --- start and stop ------------------------------------------------------------------------------


def _open_escalation(incident: Incident, *, lock: bool = True) -> Escalation | None:
    escalations = Escalation.objects.filter(incident=incident, status__in=list(OPEN_ESCALATION_STATUSES))
    if lock:
        escalations = escalations.select_for_update()
    return escalations.first()


def _timeline(incident: Incident, *, kind: str, by_user=None, new: dict | None = None, note: str = ""):
    """A timeline event of the engine (no hooks: the engine does not trigger itself)."""
    return incident_event_record(incident=incident, kind=kind, by_user=by_user, new=new, note=note)


def _enqueue_step(escalation: Escalation, *, now: datetime | None = None) -> None:
    """After commit, enqueue the step task for the escalation's due step when its countdown is short.

    A later due time is left to the auditor (deadlines live in PostgreSQL, not in broker ETAs).
    """
    if escalation.status != EscalationStatus.ACTIVE or escalation.next_due_at is None:
        return
    now = now or timezone.now()
    countdown = max((escalation.next_due_at - now).total_seconds(), 0.0)
    if countdown > countdown_max_s():
        escalation.enqueued_at = None
        return
    escalation.enqueued_at = escalation.next_due_at if countdown else now
    # A broker outage after commit is logged, never turned into an error for the committed change;
    # the auditor enqueues the step from PostgreSQL later.
    enqueue_on_commit(
        escalation_step_run_task,
        escalation.pk,
        str(escalation.token),
        escalation.run_count + 1,
        queue=step_queue(),
        countdown=countdown or None,
    )


@transaction.atomic
def escalation_start(
    *, incident: Incident, by_user=None, reason: str = EventKind.CREATED
) -> Escalation | None:
    """Freeze the matching policy onto the incident and plan its first step (due at once); None if none matches.

    Runs in the caller's transaction with the incident row locked (or new); does nothing while an
    escalation of the incident is still open. The first step's task is enqueued after commit. A past
    event entered afterwards (``is_historical``) never escalates: it would alert today's officials
    about a case handled long ago.
    """
    if incident.is_historical:
        return None
    if incident.status in ESCALATION_STOP_STATUSES or _open_escalation(incident) is not None:
        return None
    policy = escalation_policy_for(incident)
    if policy is None:
        return None
    snapshot = policy_snapshot(policy)
    if not snapshot["steps"]:
        return None
    now = timezone.now()
    escalation = Escalation(
        incident=incident,
        policy=policy,
        policy_snapshot=snapshot,
        status=EscalationStatus.ACTIVE,
        next_step=0,
        next_due_at=window_next_opening(now, snapshot["steps"][0]["hours"]),
        started_at=now,
        started_by=by_user,
        start_reason=reason,
    )
    escalation.full_clean(exclude=["incident", "policy", "started_by"])
    escalation.save()
    _enqueue_step(escalation, now=now)
    escalation.save(update_fields=["enqueued_at"])
    _timeline(
        incident,
        kind=EventKind.ESCALATION_STARTED,
        by_user=by_user,
        new={"_escalation": escalation.pk, "_policy": policy.pk},
        note=_("Eskalasi dimulai dengan kebijakan “%(policy)s”; langkah 1 pada %(due)s.")
        % {"policy": policy.name, "due": when_label(escalation.next_due_at)},
    )
    return escalation


@transaction.atomic
def escalation_stop(*, escalation: Escalation, by_user=None, reason: str) -> Escalation:
    """Stop an open escalation for good: no further step, every pending delivery cancelled."""
    from notifications.services import notification_cancel_group

    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.is_open:
        return escalation
    escalation.status = EscalationStatus.STOPPED
    escalation.token = _new_token()
    escalation.next_due_at = None
    escalation.ended_at = timezone.now()
    escalation.end_reason = reason[:200]
    escalation.save()
    notification_cancel_group(group_key=escalation.group_key)
    _timeline(
        escalation.incident,
        kind=EventKind.ESCALATION_STOPPED,
        by_user=by_user,
        new={"_escalation": escalation.pk},
        note=reason,
    )
    return escalation


# --- alert groups --------------------------------------------------------------------------------


def _active_membership(incident: Incident) -> AlertGroupMember | None:
    return (
        AlertGroupMember.objects.filter(incident=incident, left_at__isnull=True)
        .select_related("group", "group__primary")
        .first()
    )


def _group_to_join(incident: Incident, *, now: datetime) -> tuple[AlertGroup | None, AlertGroupRule | None]:
    """(the open group the incident joins, or None; the rule that covers it, or None).

    Locks every active rule first: grouping decisions are serialised, so two reports of one clash
    committed at the same moment make one group, never two (the second waits, then reads the first).

    Each kabupaten keeps its own rules: those of the report's kabupaten and the installation's apply,
    and a report joins only a group of its own kabupaten's reports.
    """
    rules = [
        rule
        for rule in AlertGroupRule.objects.select_for_update(of=("self",))
        .select_related("area")
        .filter(is_active=True)
        .order_by("id")
        if rule.holds_in(incident.area_code)
    ]
    if not rules:
        return None, None
    categories = {rule.pk: list(rule.categories.values_list("id", flat=True)) for rule in rules}
    covering = [r for r in rules if not categories[r.pk] or incident.category_id in categories[r.pk]]
    if not covering:
        return None, None
    longest = max(rule.window_minutes for rule in covering)
    candidates = (
        AlertGroup.objects.filter(
            status=AlertGroupStatus.OPEN,
            last_report_at__gte=now - timedelta(minutes=longest),
            last_report_at__lte=now + timedelta(minutes=longest),
        )
        .filter(
            Exists(
                Escalation.objects.filter(
                    incident=OuterRef("primary"), status__in=list(OPEN_ESCALATION_STATUSES)
                )
            )
        )
        .exclude(primary=incident)
        .select_related("primary")
        .order_by("-last_report_at", "-id")
    )
    kabupaten = incident.area_code.split(".")[:2]
    for group in candidates:
        # Never another kabupaten's group, whatever the rule (the installation's, with a distance, too):
        # a report joined there would start no ladder of its own kabupaten.
        if group.primary.area_code.split(".")[:2] != kabupaten:
            continue
        for rule in covering:
            if group_accepts(rule, categories[rule.pk], group, incident, now=now):
                return group, rule
    return None, covering[0]


@transaction.atomic
def escalation_start_or_join(*, incident: Incident, by_user=None, reason: str = EventKind.CREATED):
    """A new (or promoted, or reopened) report: join an open alert group if a grouping rule says so,
    otherwise start its own escalation (and open a group for the reports that may follow).

    Returns the escalation started, or the group joined, or None.
    """
    if incident.status in ESCALATION_STOP_STATUSES or _open_escalation(incident) is not None:
        return None
    member = _active_membership(incident)
    if member is not None:
        if member.group.primary_id == incident.pk:
            return escalation_start(incident=incident, by_user=by_user, reason=reason)
        if _open_escalation(member.group.primary, lock=False) is not None:
            return None  # the group's escalation still speaks for this report
        member.left_at = timezone.now()  # the group's event is over: this report stands on its own
        member.save(update_fields=["left_at"])
    if escalation_policy_for(incident) is None:
        return None  # a report that would not escalate has no page to spare: nothing to group
    now = timezone.now()
    # The window runs between the reports' own times (an imported or late-entered report is compared
    # with the reports of its hour, not with today's).
    reported = incident.reported_at or now
    group, rule = _group_to_join(incident, now=reported)
    if group is not None:
        return alertgroup_join(group=group, incident=incident, by_user=by_user, now=now)
    escalation = escalation_start(incident=incident, by_user=by_user, reason=reason)
    if escalation is not None and rule is not None:
        group = AlertGroup(
            rule=rule,
            primary=incident,
            area_code=incident.area_code,
            severity=incident.severity,
            opened_at=now,
            last_report_at=reported,
        )
        group.full_clean(exclude=["primary", "rule"])
        group.save()
        AlertGroupMember.objects.create(group=group, incident=incident, joined_at=now)
    return escalation


def alertgroup_join(
    *, group: AlertGroup, incident: Incident, by_user=None, now: datetime | None = None
) -> AlertGroup:
    """Add a report to an open group: no new page; the people the group's escalation already alerted get a
    "laporan tambahan" update, and the group takes the higher severity (see ``_group_raise``).

    Runs in the caller's transaction with the incident row and the grouping rules locked.
    """
    now = now or timezone.now()
    group = AlertGroup.objects.select_for_update().select_related("primary").get(pk=group.pk)
    AlertGroupMember.objects.create(group=group, incident=incident, joined_at=now)
    group.last_report_at = max(group.last_report_at, incident.reported_at or now)
    group.save(update_fields=["last_report_at"])
    primary = group.primary
    _timeline(
        incident,
        kind=EventKind.LINK,
        by_user=by_user,
        new={"_group": group.pk, "_primary": primary.pk},
        note=_(
            "Digabung ke kelompok peringatan %(number)s (kejadian yang sama); tidak ada eskalasi baru, "
            "penerima peringatan diberi kabar laporan tambahan."
        )
        % {"number": primary.number},
    )
    _timeline(
        primary,
        kind=EventKind.LINK,
        by_user=by_user,
        new={"_group": group.pk, "_member": incident.pk},
        note=_("Laporan tambahan %(number)s: %(title)s (tingkat %(severity)s).")
        % {"number": incident.number, "title": incident.title, "severity": incident.severity},
    )
    escalation = (
        Escalation.objects.select_for_update()
        .filter(incident=primary, status__in=list(OPEN_ESCALATION_STATUSES))
        .first()
    )
    if escalation is not None:
        _additional_report_send(escalation=escalation, incident=incident)
    _group_raise(group, incident, by_user=by_user)
    return group


def _additional_report_send(*, escalation: Escalation, incident: Incident) -> None:
    """Tell everyone the group's escalation alerted so far about the new report: an update, not a page."""
    from notifications.choices import Urgency
    from notifications.services import notification_send

    ids = sorted({r["id"] for run in escalation.runs.all() for r in run.recipients})
    if not ids:
        return
    text, long_text = additional_report_message(
        incident, incident_area_chain(incident), primary_number=escalation.incident.number
    )
    notification_send(
        text=text,
        long_text=long_text,
        recipients=list(person_list(ids=ids)),
        idempotency_key=additional_report_key(escalation_id=escalation.pk, incident_id=incident.pk),
        link=settings.SITE_URL + incident.get_absolute_url(),
        urgency=Urgency.NORMAL,
        group_key=escalation.group_key,
    )


def _group_raise(group: AlertGroup, incident: Incident, *, by_user=None) -> None:
    """The group takes the highest severity of its reports; when that calls for another policy and nobody
    has acknowledged yet, the escalation continues under it from the more severe report."""
    if incident.severity <= group.severity:
        return
    group.severity = incident.severity
    group.save(update_fields=["severity"])
    escalation = (
        Escalation.objects.select_for_update()
        .filter(incident_id=group.primary_id, status__in=list(OPEN_ESCALATION_STATUSES))
        .first()
    )
    if escalation is None or not escalation.is_unacknowledged:
        return
    best = escalation_policy_for(incident)
    if best is None or best.pk == escalation.policy_id:
        return
    escalation_stop(
        escalation=escalation,
        by_user=by_user,
        reason=_("Diganti kebijakan “%(policy)s”: laporan %(number)s dalam kelompok ini lebih parah.")
        % {"policy": best.name, "number": incident.number},
    )
    if escalation_start(incident=incident, by_user=by_user, reason=EventKind.SEVERITY) is not None:
        group.primary = incident
        group.save(update_fields=["primary"])


@transaction.atomic
def alertgroup_split(*, incident: Incident, by_user) -> Escalation | None:
    """An operator takes a report out of its group: it is a separate event and escalates on its own."""
    incident = incident_for_update(pk=incident.pk, with_category=True)
    member = (
        AlertGroupMember.objects.select_for_update(of=("self",))
        .select_related("group", "group__primary")
        .filter(incident=incident, left_at__isnull=True)
        .first()
    )
    if member is None:
        raise ValidationError(_("Laporan ini tidak tergabung dalam kelompok peringatan."), code="not_member")
    primary = member.group.primary
    if primary.pk == incident.pk:
        raise ValidationError(
            _("Laporan utama kelompok tidak dapat dipisahkan; pisahkan laporan tambahannya."), code="primary"
        )
    member.left_at = timezone.now()
    member.left_by = by_user
    member.save(update_fields=["left_at", "left_by"])
    _timeline(
        primary,
        kind=EventKind.LINK,
        by_user=by_user,
        new={"_group": member.group_id, "_split": incident.pk},
        note=_("Laporan %(number)s dipisahkan dari kelompok peringatan ini.") % {"number": incident.number},
    )
    escalation = escalation_start(incident=incident, by_user=by_user, reason=EventKind.LINK)
    _timeline(
        incident,
        kind=EventKind.LINK,
        by_user=by_user,
        new={"_group": member.group_id, "_split": incident.pk},
        note=_("Dipisahkan dari kelompok peringatan %(number)s.") % {"number": primary.number}
        + " "
        + (
            _("Eskalasinya sendiri dimulai.")
            if escalation is not None
            else _("Tidak ada kebijakan eskalasi yang cocok.")
        ),
    )
    return escalation


def _new_token() -> uuid.UUID:
    return uuid.uuid4()


def escalation_on_incident_event(*, incident: Incident, event: IncidentEvent) -> None:
    """The incidents hook: start, re-plan or stop the escalation after a recorded change.

    - created, promoted (early warning -> incident), or reopened back to baru: start if a policy matches;
    - severity raised: start if none is open; an active (unacknowledged) escalation whose policy is
      no longer the best match is replaced by one under the new policy;
    - status ditolak / selesai / ditutup: stop.
    """
    kind = event.kind
    by_user = event.actor
    restarts = kind == EventKind.REOPENED and event.new.get("status") == Status.BARU
    if kind in (EventKind.CREATED, EventKind.PROMOTED) or restarts:
        escalation_start_or_join(incident=incident, by_user=by_user, reason=kind)
    elif kind == EventKind.SEVERITY and event.new.get("severity", 0) > event.old.get("severity", 0):
        current = _open_escalation(incident)
        member = _active_membership(incident) if current is None else None
        if member is not None and member.group.primary_id != incident.pk:
            # A report of a group: the group's escalation takes the higher severity, nothing new pages.
            group = AlertGroup.objects.select_for_update().get(pk=member.group_id)
            _group_raise(group, incident, by_user=by_user)
            return
        if current is None:
            escalation_start(incident=incident, by_user=by_user, reason=kind)
            return
        best = escalation_policy_for(incident)
        if current.is_unacknowledged and best is not None and best.pk != current.policy_id:
            escalation_stop(
                escalation=current,
                by_user=by_user,
                reason=_("Diganti kebijakan “%(policy)s” karena tingkat keparahan naik.")
                % {"policy": best.name},
            )
            escalation_start(incident=incident, by_user=by_user, reason=kind)
    elif kind == EventKind.STATUS and event.new.get("status") in ESCALATION_STOP_STATUSES:
        current = _open_escalation(incident)
        if current is not None:
            escalation_stop(
                escalation=current,
                by_user=by_user,
                reason=_("Insiden berstatus %(status)s.") % {"status": Status(event.new["status"]).label},
            )


# --- acknowledge, un-acknowledge -------------------------------------------------------------------


def _lock_pair(escalation: Escalation) -> tuple[Incident, Escalation]:
    """Lock the incident row, then the escalation row: the one lock order every writer uses."""
    incident = incident_for_update(pk=escalation.incident_id)
    return incident, Escalation.objects.select_for_update().get(pk=escalation.pk)


def _who(escalation: Escalation) -> str:
    if escalation.acknowledged_by_person_id:
        return str(escalation.acknowledged_by_person)
    user = escalation.acknowledged_by
    if user is not None:
        return user.get_full_name() or user.get_username()
    return _("seseorang")


@transaction.atomic
def escalation_acknowledge(
    *, escalation: Escalation, by_user=None, by_person: Person | None = None, via: str = AckVia.APP
) -> Escalation:
    """Someone takes charge: no later step runs, and every pending delivery of the escalation is cancelled.

    The first acknowledgement wins; a second raises EscalationStateError(code="already") naming who and when.
    """
    from notifications.services import notification_cancel_group, notification_close_group

    incident, escalation = _lock_pair(escalation)
    if escalation.status == EscalationStatus.ACKNOWLEDGED:
        raise EscalationStateError(
            _("Peringatan ini sudah dikonfirmasi oleh %(who)s pada %(when)s.")
            % {"who": _who(escalation), "when": when_label(escalation.acknowledged_at)},
            code="already",
        )
    if escalation.status == EscalationStatus.STOPPED:
        raise EscalationStateError(
            _("Eskalasi ini sudah dihentikan (%(reason)s); tidak perlu dikonfirmasi.")
            % {"reason": escalation.end_reason or "-"},
            code="stopped",
        )
    if by_person is None and by_user is not None:
        by_person = person_for_user(by_user)
    now = timezone.now()
    escalation.status = EscalationStatus.ACKNOWLEDGED
    escalation.token = _new_token()
    escalation.acknowledged_at = now
    escalation.acknowledged_by = by_user
    escalation.acknowledged_by_person = by_person
    escalation.acknowledged_via = via
    # next_due_at is kept: un-acknowledging resumes from it (never earlier than now).
    escalation.save()
    cancelled = notification_cancel_group(group_key=escalation.group_key)
    # Cancelled deliveries settle no hook: note now what the runs whose sends were cut short reached.
    for sequence in escalation.runs.filter(reach_noted_at__isnull=True).values_list("sequence", flat=True):
        _run_reach_note(incident_id=incident.pk, escalation_id=escalation.pk, sequence=sequence)
    who = (
        str(by_person)
        if by_person
        else (by_user.get_full_name() or by_user.get_username())
        if by_user
        else "-"
    )
    # Every recipient's inbox item now says who handled it, instead of asking to acknowledge.
    notification_close_group(group_key=escalation.group_key, note=acknowledged_note(who=who, at=now))
    _timeline(
        incident,
        kind=EventKind.ACKNOWLEDGED,
        by_user=by_user,
        new={"_escalation": escalation.pk, "_via": via, "_person": by_person.pk if by_person else None},
        note=_("Dikonfirmasi oleh %(who)s (%(via)s); %(n)s pengiriman tertunda dibatalkan.")
        % {"who": who, "via": AckVia(via).label.lower(), "n": cancelled},
    )
    escalation_acknowledged_hooks_run(escalation=escalation, incident=incident)
    return escalation


@transaction.atomic
def escalation_unacknowledge(*, escalation: Escalation, by_user) -> Escalation:
    """Withdraw an acknowledgement: the escalation resumes where it stood (the next step at its due
    time, or at once if that passed); with no step left it is exhausted, waiting for an acknowledgement."""
    from notifications.services import notification_reopen_group

    incident, escalation = _lock_pair(escalation)
    if escalation.status != EscalationStatus.ACKNOWLEDGED:
        raise EscalationStateError(_("Eskalasi ini tidak sedang dikonfirmasi."), code="not_acknowledged")
    if incident.status in ESCALATION_STOP_STATUSES:
        raise EscalationStateError(_("Insiden ini sudah selesai atau ditolak."), code="stopped")
    now = timezone.now()
    escalation.token = _new_token()
    previous = escalation.acknowledged_by_person or escalation.acknowledged_by
    escalation.acknowledged_at = None
    escalation.acknowledged_by = None
    escalation.acknowledged_by_person = None
    escalation.acknowledged_via = ""
    notification_reopen_group(group_key=escalation.group_key)
    if escalation.next_due_at is not None:
        escalation.status = EscalationStatus.ACTIVE
        step = escalation.steps[escalation.next_step]
        escalation.next_due_at = window_next_opening(max(escalation.next_due_at, now), step["hours"])
        _enqueue_step(escalation, now=now)
    else:
        escalation.status = EscalationStatus.EXHAUSTED
    escalation.save()
    _timeline(
        incident,
        kind=EventKind.UNACKNOWLEDGED,
        by_user=by_user,
        new={"_escalation": escalation.pk},
        note=(
            _("Konfirmasi %(who)s dibatalkan; langkah %(n)s pada %(due)s.")
            % {
                "who": previous or "-",
                "n": escalation.next_step + 1,
                "due": when_label(escalation.next_due_at),
            }
            if escalation.status == EscalationStatus.ACTIVE
            else _("Konfirmasi %(who)s dibatalkan; semua langkah sudah dijalankan.")
            % {"who": previous or "-"}
        ),
    )
    return escalation


@transaction.atomic
def escalation_acknowledge_by_link(*, signed: str) -> Escalation:
    """Acknowledge as the link's recipient and mark the link used; the first acknowledgement wins.

    Raises AckLinkError (invalid, expired, used) or EscalationStateError (already acknowledged by
    someone, stopped).
    """
    link = ack_link_read(signed)
    incident_for_update(pk=link.escalation.incident_id)
    link = EscalationAckLink.objects.select_for_update().get(pk=link.pk)
    if link.used_at is not None:
        raise AckLinkError(
            _("Tautan konfirmasi ini sudah dipakai pada %(when)s.") % {"when": when_label(link.used_at)},
            code="used",
        )
    escalation = escalation_acknowledge(
        escalation=link.escalation, by_person=link.person, by_user=link.person.user, via=AckVia.LINK
    )
    link.used_at = escalation.acknowledged_at
    link.save(update_fields=["used_at"])
    return escalation


# --- running a step ------------------------------------------------------------------------------


@transaction.atomic
def escalation_step_run(*, escalation_id: int, token: str, sequence: int, now: datetime | None = None) -> str:
    """Run the due step of an escalation once; returns what happened ("ran", or why it did nothing).

    Safe to run twice and in any number of workers: the incident and escalation rows are locked and
    the token, status, expected sequence and due time re-checked before anything is sent.
    """
    from notifications.choices import Urgency
    from notifications.selectors import person_without_notifiable_contact
    from notifications.services import Outgoing, notification_send_many

    incident_id = Escalation.objects.filter(pk=escalation_id).values_list("incident_id", flat=True).first()
    if incident_id is None:
        return "gone"
    incident = incident_for_update(pk=incident_id, with_category=True)
    escalation = Escalation.objects.select_for_update().get(pk=escalation_id)
    now = now or timezone.now()
    if str(escalation.token) != str(token):
        return "stale token"
    if escalation.status != EscalationStatus.ACTIVE:
        return f"status {escalation.status}"
    if escalation.run_count + 1 != sequence:
        return "already ran"
    if incident.status in ESCALATION_STOP_STATUSES:
        # The hook stops escalations on these moves; this is the belt to those braces.
        escalation_stop(escalation=escalation, reason=_("Insiden sudah selesai atau ditolak."))
        return "incident closed"
    # An active escalation always has a due time (constraint escalation_active_has_due).
    due = cast(datetime, escalation.next_due_at)
    if due > now + timedelta(seconds=1):
        return "not due yet"
    steps = escalation.steps
    if escalation.next_step >= len(steps):  # cannot happen through the services; never loop on it
        escalation.status, escalation.next_due_at = EscalationStatus.EXHAUSTED, None
        escalation.save(update_fields=["status", "next_due_at", "updated_at"])
        return "no such step"
    step = steps[escalation.next_step]
    if not window_contains(now, step["hours"]):
        escalation.next_due_at = window_next_opening(now, step["hours"])
        _enqueue_step(escalation, now=now)
        escalation.save(update_fields=["next_due_at", "enqueued_at", "updated_at"])
        return "deferred to window"

    areas = incident_area_chain(incident)
    resolved = [target_resolve(target, areas=areas, at=now) for target in step["targets"]]
    recipients = people_dedupe([person for target in resolved for person in target.people])
    unreachable = list(
        person_without_notifiable_contact(person_list(ids=[p.pk for p in recipients])).values_list(
            "pk", flat=True
        )
    )
    text, long_text, action = escalation_message(
        incident, areas, step_number=escalation.next_step + 1, steps=len(steps)
    )
    urgency = Urgency.CRITICAL if incident.severity >= Severity.TINGGI else Urgency.HIGH
    links = ack_links_make(escalation=escalation, people=recipients)
    outgoing = [
        Outgoing(
            text=text,
            long_text=long_text,
            action_text=action,
            recipients=[person],
            idempotency_key=escalation_message_key(
                incident_id=incident.pk, escalation_id=escalation.pk, sequence=sequence, person_id=person.pk
            ),
            link=links[person.pk],
        )
        for person in recipients
    ]
    # One message per recipient (each carries that recipient's own link), written in one batch.
    notification_send_many(messages=outgoing, urgency=urgency, group_key=escalation.group_key)
    keys = [message.idempotency_key for message in outgoing]
    repeat = escalation.repeats_done if escalation.next_step == len(steps) - 1 else 0
    run = EscalationStepRun(
        escalation=escalation,
        sequence=sequence,
        step_index=escalation.next_step,
        repeat=repeat,
        due_at=due,
        ran_at=now,
        lateness_s=max((now - due).total_seconds(), 0.0),
        targets=[target.as_json() for target in resolved],
        recipients=[{"id": p.pk, "name": str(p)} for p in recipients],
        unreachable=[{"id": p.pk, "name": str(p)} for p in recipients if p.pk in unreachable],
        message_keys=keys,
    )
    run.save()
    escalation.run_count = sequence
    _plan_next(escalation, step=step, now=now, reached=bool(recipients))
    escalation.save()
    gaps = [target.gap for target in resolved if target.gap]
    note = _("Langkah %(n)s: %(targets)s; peringatan dikirim kepada %(count)s orang.") % {
        "n": run.step_number,
        "targets": ", ".join(target.label for target in resolved) or "-",
        "count": len(recipients),
    }
    if repeat:
        note += " " + _("(pengulangan ke-%(n)s)") % {"n": repeat}
    if unreachable:
        note += " " + _("%(n)s orang tanpa kontak yang bisa dikirimi notifikasi.") % {"n": len(unreachable)}
    if gaps:
        note += " " + " ".join(gaps)
    _timeline(
        incident,
        kind=EventKind.ESCALATION_STEP,
        new={
            "_escalation": escalation.pk,
            "_step": run.step_number,
            "_sequence": sequence,
            "_recipients": len(recipients),
            "_unreachable": len(unreachable),
        },
        note=note,
    )
    # Nobody reachable by any channel settles at once; otherwise the last delivery to settle notes it.
    _run_reach_note(incident_id=incident.pk, escalation_id=escalation.pk, sequence=sequence)
    return "ran"


# --- who a step reached ---------------------------------------------------------------------------


def escalation_on_delivery_settled(*, message_keys: list[str]) -> None:
    """notifications' hook: once every delivery of a step run has settled, the timeline says who it reached."""
    runs = {parsed for key in message_keys if (parsed := escalation_message_key_parse(key))}
    for incident_id, escalation_id, sequence in sorted(runs):
        _run_reach_note(incident_id=incident_id, escalation_id=escalation_id, sequence=sequence)


def _run_reach_note(*, incident_id: int, escalation_id: int, sequence: int) -> bool:
    """Write the run's "Hasil langkah" timeline event once none of its deliveries is pending; True if written.

    Two deliveries of a run may settle at once in two workers: the incident's row lock serialises
    them, so the second one reads the first one's committed status and writes the note.
    """
    from notifications.selectors import delivery_list_for_message_keys, delivery_pending_exists, person_reach

    unnoted = EscalationStepRun.objects.filter(
        escalation_id=escalation_id, sequence=sequence, reach_noted_at__isnull=True
    )
    if not unnoted.exists():
        return False
    incident = incident_for_update(pk=incident_id)
    run = unnoted.select_for_update().first()
    # Every delivery but the last asks only whether one is still pending (no rows read): reading the
    # run's deliveries at each of them made a step of n recipients cost n² rows.
    if run is None or delivery_pending_exists(keys=run.message_keys):
        return False
    deliveries = list(delivery_list_for_message_keys(keys=run.message_keys))
    reach = person_reach(deliveries)
    missed = [
        {"id": r.person.pk, "name": str(r.person), "reasons": r.reasons}
        for r in reach
        if r.state == Reach.NOT_REACHED
    ]
    told = _operators_tell(incident=incident, run=run, missed=missed) if missed else []
    note = reach_note(step_number=run.step_number, reach=reach)
    if missed:
        note += " " + (
            _("Operator wilayah diberi tahu: %(people)s.") % {"people": ", ".join(str(p) for p in told)}
            if told
            else _("Tidak ada operator wilayah terdaftar yang bisa diberi tahu.")
        )
    _timeline(
        incident,
        kind=EventKind.ESCALATION_STEP,
        new={
            "_escalation": escalation_id,
            "_step": run.step_number,
            "_sequence": sequence,
            "_reached": [r.person.pk for r in reach if r.state == Reach.REACHED],
            "_not_reached": [r.person.pk for r in reach if r.state == Reach.NOT_REACHED],
            "_waiting": [r.person.pk for r in reach if r.state == Reach.WAITING],
            "_alarm": any(r.state == Reach.NOT_REACHED for r in reach),
            "_operators": [p.pk for p in told],
        },
        note=note,
    )
    run.reach_noted_at = timezone.now()
    run.not_reached = missed
    run.operators_told = [p.pk for p in told]
    run.save(update_fields=["reach_noted_at", "not_reached", "operators_told"])
    return True


def _operators_tell(*, incident: Incident, run: EscalationStepRun, missed: list[dict]) -> list[Person]:
    """An unreached recipient is itself an alert: the area's operators get a notice on every channel.

    Its own message group, so an acknowledgement of the alert does not cancel it (the contact still
    needs fixing); one notice per run (idempotency key).
    """
    from notifications.choices import Urgency
    from notifications.services import notification_send

    areas = incident_area_chain(incident)
    missed_ids = {m["id"] for m in missed}
    operators = [p for p in area_operators(areas) if p.pk not in missed_ids]
    if not operators:
        return []
    text, long_text = unreached_message(incident, step_number=run.step_number, missed=missed)
    notification_send(
        text=text,
        long_text=long_text,
        recipients=operators,
        idempotency_key=unreached_message_key(
            incident_id=incident.pk, escalation_id=run.escalation_id, sequence=run.sequence
        ),
        link=settings.SITE_URL + incident.get_absolute_url() + "#eskalasi",
        urgency=Urgency.HIGH,
    )
    return operators


def reach_note(*, step_number: int, reach: list) -> str:
    """ "Hasil langkah 1: 2 dari 3 orang terjangkau; 1 tidak terjangkau: <who> (<channel>: <reason>...)"."""
    reached = [r for r in reach if r.state == Reach.REACHED]
    missed = [r for r in reach if r.state == Reach.NOT_REACHED]
    waiting = [r for r in reach if r.state == Reach.WAITING]
    note = _("Hasil langkah %(n)s: %(reached)s dari %(total)s orang terjangkau") % {
        "n": step_number,
        "reached": len(reached),
        "total": len(reach),
    }
    if missed:
        note += "; " + _("%(count)s tidak terjangkau: %(people)s") % {
            "count": len(missed),
            "people": "; ".join(f"{r.person} ({', '.join(r.reasons) or '-'})" for r in missed),
        }
    if waiting:
        note += "; " + _("%(count)s belum membaca di aplikasi: %(people)s") % {
            "count": len(waiting),
            "people": ", ".join(str(r.person) for r in waiting),
        }
    return note + "."


def _plan_next(escalation: Escalation, *, step: dict, now: datetime, reached: bool) -> None:
    """After a step ran: plan the next step (or a repeat of the last), or mark the escalation exhausted.

    A step that reached nobody does not wait for an acknowledgement that cannot come: the next one
    is due at once.
    """
    steps = escalation.steps
    wait = timedelta(minutes=step["wait_minutes"]) if reached else timedelta(0)
    if escalation.next_step + 1 < len(steps):
        escalation.next_step += 1
    elif escalation.repeats_done < escalation.policy_snapshot.get("max_repeats", 0):
        escalation.repeats_done += 1
    else:
        escalation.status = EscalationStatus.EXHAUSTED
        escalation.next_due_at = None
        escalation.enqueued_at = None
        return
    escalation.next_due_at = window_next_opening(now + wait, steps[escalation.next_step]["hours"])
    _enqueue_step(escalation, now=now)


# --- audit ---------------------------------------------------------------------------------------


def escalation_audit(*, now: datetime | None = None) -> dict:
    """Enqueue the step of every active escalation that is due and has no live task (lost or never sent).

    A step enqueued with a countdown is left alone until ``ESCALATION_AUDIT_GRACE_S`` after its
    expected start; after that it is enqueued again (a duplicate is a no-op). Returns counts and the
    worst overdue seconds seen.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=audit_grace_s())
    limit = int(_setting("ESCALATION_AUDIT_BATCH", 1000))
    with transaction.atomic():
        rows = list(
            Escalation.objects.select_for_update(skip_locked=True)
            .filter(status=EscalationStatus.ACTIVE, next_due_at__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - grace))
            .order_by("next_due_at")
            .only("id", "token", "run_count", "next_due_at", "enqueued_at")[:limit]
        )
        if rows:
            Escalation.objects.filter(pk__in=[row.pk for row in rows]).update(enqueued_at=now)
            queue = step_queue()
            for row in rows:
                enqueue_on_commit(
                    escalation_step_run_task, row.pk, str(row.token), row.run_count + 1, queue=queue
                )
    worst = max(((now - row.next_due_at).total_seconds() for row in rows if row.next_due_at), default=0.0)
    return {"enqueued": len(rows), "worst_overdue_s": round(worst, 1)}
