"""Reads of the escalation engine, scoped to what the requesting user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from incidents.selectors import incident_triageable_by, incident_visible_to
from notifications.selectors import PersonChannels, delivery_list_for_groups, inbox_read_pairs, person_reach
from regions.selectors import adminunit_list, code_within

from .choices import OPEN_ESCALATION_STATUSES, EscalationStatus
from .models import (
    AlertGroup,
    AlertGroupMember,
    AlertGroupRule,
    Escalation,
    EscalationPolicy,
    EscalationPolicyStep,
    EscalationStepRun,
    EscalationStepTarget,
)

if TYPE_CHECKING:
    from incidents.models import Incident


def escalation_visible_to(user) -> QuerySet[Escalation]:
    """Escalations of the incidents the user may see."""
    return Escalation.objects.filter(incident__in=incident_visible_to(user).values("pk"))


def escalation_acknowledgeable_by(user) -> QuerySet[Escalation]:
    """Escalations the user may acknowledge in the app: with the permission, of incidents they may see."""
    if not user.is_authenticated or not user.has_perm("escalation.acknowledge_escalation"):
        return Escalation.objects.none()
    return escalation_visible_to(user).select_related("incident")


def escalation_may_unacknowledge(*, escalation: Escalation, user) -> bool:
    """Who may withdraw an acknowledgement: the user who gave it, or one who may triage the incident."""
    if not user.is_authenticated:
        return False
    if escalation.acknowledged_by_id == user.pk:
        return True
    return incident_triageable_by(user).filter(pk=escalation.incident_id).exists()


def escalation_unacknowledged_visible_to(user) -> QuerySet[Escalation]:
    """Alerts nobody has acknowledged yet (running or with every step run), of incidents the user may see.

    For a dashboard count: ``escalation_unacknowledged_visible_to(user).count()`` (one query on the
    partial index ``escalation_unacked_idx``).
    """
    return escalation_visible_to(user).filter(
        status__in=[EscalationStatus.ACTIVE, EscalationStatus.EXHAUSTED]
    )


def incident_unacknowledged_q() -> Q:
    """Incidents with an alert nobody has acknowledged (one open escalation per incident at most)."""
    return Q(
        Exists(
            Escalation.objects.filter(
                incident=OuterRef("pk"), status__in=[EscalationStatus.ACTIVE, EscalationStatus.EXHAUSTED]
            )
        )
    )


def incident_unreached_q() -> Q:
    """Incidents whose open escalation has a step run that left someone unreached (every channel failed,
    or none), as recorded once the run's deliveries settled."""
    return Q(
        Exists(
            EscalationStepRun.objects.filter(
                escalation__incident=OuterRef("pk"),
                escalation__status__in=list(OPEN_ESCALATION_STATUSES),
            ).exclude(not_reached=[])
        )
    )


@dataclass
class RunView:
    """One step run on the incident page: its deliveries, and per recipient whether they were reached."""

    run: EscalationStepRun
    deliveries: list = field(default_factory=list)
    reach: list = field(default_factory=list)  # [notifications.selectors.PersonReach]

    @property
    def reached_count(self) -> int:
        return sum(1 for r in self.reach if r.reached)


@dataclass
class EscalationPanel:
    """What the incident page shows of one escalation: its runs with their deliveries, and permissions."""

    escalation: Escalation
    runs: list[RunView] = field(default_factory=list)
    other_deliveries: list = field(default_factory=list)
    may_acknowledge: bool = False
    may_unacknowledge: bool = False


def escalation_panels_for(incident: Incident, user) -> list[EscalationPanel]:
    """Every escalation of an incident, newest first, with runs, deliveries and who each run reached; four
    queries whatever the size."""
    escalations = list(
        Escalation.objects.filter(incident=incident)
        .select_related("acknowledged_by", "acknowledged_by_person")
        .prefetch_related(Prefetch("runs", queryset=EscalationStepRun.objects.order_by("sequence")))
        .order_by("-started_at", "-id")
    )
    if not escalations:
        return []
    by_key: dict[str, list] = {}
    deliveries = list(delivery_list_for_groups(group_keys=[e.group_key for e in escalations]))
    for delivery in deliveries:
        by_key.setdefault(delivery.message.idempotency_key, []).append(delivery)
    # One query for the in-app reads of every run; each run's reach comes from its own deliveries.
    read = inbox_read_pairs(deliveries)
    may_ack = user.is_authenticated and user.has_perm("escalation.acknowledge_escalation")
    panels = []
    for escalation in escalations:
        panel = EscalationPanel(escalation=escalation)
        for run in escalation.runs.all():
            run_deliveries = [d for key in run.message_keys for d in by_key.get(key, [])]
            panel.runs.append(
                RunView(run=run, deliveries=run_deliveries, reach=person_reach(run_deliveries, read=read))
            )
        panel.may_acknowledge = may_ack and escalation.is_unacknowledged
        panel.may_unacknowledge = (
            may_ack
            and escalation.status == EscalationStatus.ACKNOWLEDGED
            and escalation_may_unacknowledge(escalation=escalation, user=user)
        )
        panels.append(panel)
    return panels


def escalationpolicy_list_for(user) -> list[EscalationPolicy]:
    """Every policy in matching order with categories, areas, steps and targets; five queries whatever the size."""
    if not user.is_authenticated or not user.has_perm("escalation.view_escalationpolicy"):
        return []
    steps = EscalationPolicyStep.objects.order_by("order", "id").prefetch_related("targets__person")
    return list(
        EscalationPolicy.objects.order_by("priority", "id").prefetch_related(
            "categories", Prefetch("areas", queryset=_areas()), Prefetch("steps", queryset=steps)
        )
    )


def _areas():
    return adminunit_list(with_parent=False)


def escalation_open_for(incident: Incident) -> Escalation | None:
    """The incident's open escalation (running, acknowledged or exhausted), if any; one query."""
    return (
        Escalation.objects.filter(incident=incident, status__in=list(OPEN_ESCALATION_STATUSES))
        .order_by("-started_at")
        .first()
    )


@dataclass
class GroupView:
    """The alert group an incident belongs to, as its page shows it."""

    group: AlertGroup
    members: list  # [AlertGroupMember] still in the group, with their incidents
    is_primary: bool
    may_split: bool


def alertgroup_view_for(incident: Incident, user) -> GroupView | None:
    """The incident's alert group with its reports (only those the user may see); two queries."""
    member = (
        AlertGroupMember.objects.filter(incident=incident, left_at__isnull=True)
        .select_related("group", "group__primary")
        .first()
    )
    if member is None:
        return None
    group = member.group
    visible = incident_visible_to(user).values("pk")
    members = list(
        AlertGroupMember.objects.filter(group=group, left_at__isnull=True, incident__in=visible)
        .select_related("incident")
        .order_by("joined_at", "id")
    )
    is_primary = group.primary_id == incident.pk
    may_split = (
        not is_primary
        and user.is_authenticated
        and incident_triageable_by(user).filter(pk=incident.pk).exists()
    )
    return GroupView(group=group, members=members, is_primary=is_primary, may_split=may_split)


def escalation_detail_panel_shown() -> Q:
    """When the "Eskalasi" panel may show something, as a condition on the incident (``OuterRef("pk")``):
    it has an escalation, or is in an alert group; read with the incident, so most pages ask no more."""
    return Q(Exists(Escalation.objects.filter(incident=OuterRef("pk")))) | Q(
        Exists(AlertGroupMember.objects.filter(incident=OuterRef("pk"), left_at__isnull=True))
    )


def escalation_detail_panel(*, incident: Incident, user) -> tuple[str, dict] | None:
    """The incident page's "Eskalasi" panel (an incidents panel, see incidents/panels.py): the escalations
    and the alert group the report is part of."""
    panels = escalation_panels_for(incident, user)
    group = alertgroup_view_for(incident, user)
    if not panels and group is None:
        return None
    return "escalation/partials/escalation_panel.html", {"escalation_panels": panels, "alert_group": group}


def escalation_created_panel(*, incident: Incident, user) -> tuple[str, dict] | None:
    """The notice on the reporter's confirmation that an escalation started; one query."""
    escalation = escalation_open_for(incident)
    if escalation is None:
        return None
    return "escalation/partials/incident_created_notice.html", {"escalation": escalation}


def escalation_alerts_get(*, ids: list[int]) -> dict[int, Escalation]:
    """Escalations by id with their incident (for acknowledging from a channel's reply); one query."""
    return {e.pk: e for e in Escalation.objects.filter(pk__in=ids).select_related("incident")}


# --- the settings pages: preview, gaps, test alerts -------------------------------------------------


def escalation_settings_allowed(user) -> bool:
    """Kabupaten administrators edit the escalation settings (policies, steps, targets, grouping)."""
    return user.is_authenticated and user.has_perm("escalation.change_escalationpolicy")


def escalation_settings_installation_wide(user) -> bool:
    """Whether the user administers the settings of the whole installation (the grouping rules, the
    policies that hold in every kabupaten): one kabupaten served, or a superuser."""
    from stakeholders.selectors import access_profile

    return escalation_settings_allowed(user) and access_profile(user).kabupaten_wide


def escalationpolicy_areas_refusal(*, user, areas) -> str | None:
    """Why the user may not give a policy these areas (None: they may). Each kabupaten keeps its own
    ladder: an administrator of one of several kabupaten names areas of their own kabupaten only."""
    if escalation_settings_installation_wide(user):
        return None
    if not areas:
        return _("Pilih wilayah kabupaten Anda: kebijakan tanpa wilayah berlaku di setiap kabupaten.")
    return _areas_outside_refusal(user, areas)


def _areas_outside_refusal(user, areas) -> str | None:
    codes = _policy_kabupaten_codes(user)
    if any(not any(code_within(a.code, c) for c in codes) for a in areas):
        return _("Wilayah di luar kabupaten Anda.")
    return None


def _policy_kabupaten_codes(user) -> tuple[str, ...]:
    from stakeholders.choices import AccessRole
    from stakeholders.selectors import access_profile

    return access_profile(user).area_codes_for(AccessRole.KABUPATEN_ADMIN)


def escalationpolicy_for_settings(user) -> QuerySet[EscalationPolicy]:
    """Policies the user may edit: all, for an administrator of the whole installation; with several
    kabupaten served, a kabupaten administrator's own kabupaten's (every area of the policy in it; a
    policy without areas holds everywhere and stays the installation's); none otherwise."""
    if not escalation_settings_allowed(user):
        return EscalationPolicy.objects.none()
    policies = EscalationPolicy.objects.order_by("priority", "id")
    if escalation_settings_installation_wide(user):
        return policies
    outside = adminunit_list(with_parent=False).exclude(kabupaten_admin_scope_q(user, "code"))
    Areas = EscalationPolicy.areas.through
    return policies.filter(Exists(Areas.objects.filter(escalationpolicy_id=OuterRef("pk")))).exclude(
        Exists(Areas.objects.filter(escalationpolicy_id=OuterRef("pk"), adminunit__in=outside))
    )


def escalationpolicystep_for_settings(user) -> QuerySet[EscalationPolicyStep]:
    return EscalationPolicyStep.objects.filter(policy__in=escalationpolicy_for_settings(user)).select_related(
        "policy"
    )


def escalationsteptarget_for_settings(user) -> QuerySet[EscalationStepTarget]:
    return EscalationStepTarget.objects.filter(
        step__policy__in=escalationpolicy_for_settings(user)
    ).select_related("step__policy")


def kabupaten_admin_scope_q(user, field: str) -> Q:
    from stakeholders.choices import AccessRole
    from stakeholders.selectors import area_scope_q

    return area_scope_q(user, field=field, roles=(AccessRole.KABUPATEN_ADMIN,))


def alertgrouprule_for_settings(user) -> QuerySet[AlertGroupRule]:
    """Grouping rules the user may edit, as ``escalationpolicy_for_settings``: all, for an administrator
    of the whole installation; with several kabupaten served, a kabupaten administrator's own
    kabupaten's (a rule without a kabupaten holds everywhere and stays the installation's); none
    otherwise."""
    if not escalation_settings_allowed(user):
        return AlertGroupRule.objects.none()
    rules = AlertGroupRule.objects.select_related("area").prefetch_related("categories").order_by("id")
    if escalation_settings_installation_wide(user):
        return rules
    return rules.filter(area__isnull=False).filter(kabupaten_admin_scope_q(user, "area__code"))


def alertgrouprule_list_for(user) -> QuerySet[AlertGroupRule]:
    """The grouping rules the settings page lists: those the user may edit and, for a kabupaten's
    administrator, the installation's rules that hold in their kabupaten too (read-only)."""
    if not escalation_settings_allowed(user):
        return AlertGroupRule.objects.none()
    rules = AlertGroupRule.objects.select_related("area").prefetch_related("categories").order_by("id")
    if escalation_settings_installation_wide(user):
        return rules
    return rules.filter(Q(area__isnull=True) | kabupaten_admin_scope_q(user, "area__code"))


def alertgrouprule_area_refusal(*, user, area) -> str | None:
    """Why the user may not give a rule this kabupaten (None: they may): an administrator of one of
    several kabupaten names their own; a rule without one is the installation's."""
    if escalation_settings_installation_wide(user):
        return None
    if area is None:
        return _("Pilih kabupaten Anda: aturan tanpa kabupaten berlaku di setiap kabupaten.")
    return _areas_outside_refusal(user, [area])


@dataclass
class PreviewPerson:
    person: object
    reach: PersonChannels

    @property
    def state(self) -> str:
        """ "ok" (a provider would be asked), "in_app" (only the inbox of an account), "none" (nobody)."""
        if self.reach.channels:
            return "ok"
        return "in_app" if self.reach.has_account else "none"


@dataclass
class PreviewTarget:
    label: str
    gap: str
    people: list[PreviewPerson]


@dataclass
class PreviewStep:
    number: int
    wait_minutes: int
    hours: list | None
    runs_now: bool
    targets: list[PreviewTarget]

    @property
    def reaches_nobody(self) -> bool:
        return not any(p.state != "none" for t in self.targets for p in t.people)


@dataclass
class PolicyPreview:
    policy: EscalationPolicy | None
    matched: bool  # chosen by the matching rules, as for a real report
    matches: bool  # the chosen policy's conditions hold for this report
    steps: list[PreviewStep]
    group_rule: AlertGroupRule | None = None


def policy_preview(*, area, category, severity: int, policy: EscalationPolicy | None = None, at=None):
    """Who each step of the policy (or of the one a report would match) would alert now, on which channels.

    Resolves the targets exactly as a step run does (positions, forums and rosters of the moment) and
    reads each person's working channels; sends nothing.
    """
    from types import SimpleNamespace

    from django.utils import timezone

    from incidents.choices import IncidentKind
    from notifications.selectors import person_channels

    from .engine.matching import escalation_policy_for, policy_matches, policy_snapshot
    from .engine.targets import incident_area_chain, target_resolve
    from .engine.windows import window_contains

    at = at or timezone.now()
    report = SimpleNamespace(
        area_code=area.code,
        category_id=category.pk,
        track=category.track,
        severity=severity,
        kind=IncidentKind.INCIDENT,
    )
    matched = policy is None
    if policy is None:
        policy = escalation_policy_for(report)  # type: ignore[arg-type]
    if policy is None:
        return PolicyPreview(policy=None, matched=True, matches=False, steps=[])
    matches = policy_matches(policy, report)  # type: ignore[arg-type]
    areas = incident_area_chain(report)  # type: ignore[arg-type]
    steps = []
    snapshot = policy_snapshot(policy)
    resolved_steps = [
        [target_resolve(target, areas=areas, at=at) for target in step["targets"]]
        for step in snapshot["steps"]
    ]
    ids = sorted({p.pk for step in resolved_steps for t in step for p in t.people})
    channels = person_channels(person_ids=ids)
    for number, (step, resolved) in enumerate(zip(snapshot["steps"], resolved_steps, strict=True), start=1):
        steps.append(
            PreviewStep(
                number=number,
                wait_minutes=step["wait_minutes"],
                hours=step["hours"],
                runs_now=window_contains(at, step["hours"]),
                targets=[
                    PreviewTarget(
                        label=t.label,
                        gap=t.gap,
                        people=[PreviewPerson(person=p, reach=channels[p.pk]) for p in t.people],
                    )
                    for t in resolved
                ],
            )
        )
    return PolicyPreview(policy=policy, matched=matched, matches=matches, steps=steps)


@dataclass(frozen=True)
class PolicyCoverage:
    """Whether a report (not an early warning) of one track and severity, of any category and
    anywhere in the kabupaten, alerts anyone: "full" when the first matching policy has targets,
    "partial" when only policies limited to some categories or areas fit (named in ``partial``),
    "none" otherwise; ``reason`` says why in Bahasa Indonesia when it is not "full"."""

    track: str
    track_label: str
    severity: int
    severity_label: str
    state: str
    policies: tuple[str, ...]
    partial: tuple[str, ...] = ()
    reason: str = ""


def policy_coverage(
    *, severities: tuple[int, ...] | None = None, policies: list[EscalationPolicy] | None = None
) -> list[PolicyCoverage]:
    """Every track and severity (or only ``severities``), judged by the engine's own matching
    (``engine.matching.policy_matches``) on a kabupaten-wide report of no particular category.
    ``policies`` (with categories, areas and steps' targets prefetched, e.g.
    escalationpolicy_list_for's) saves the queries that read them; otherwise four."""
    from types import SimpleNamespace

    from django.utils.translation import gettext as _

    from core.conf import kabupaten_code
    from incidents.choices import IncidentKind, Severity, Track

    from .engine.matching import policy_matches

    if policies is None:
        policies = list(
            EscalationPolicy.objects.filter(is_active=True).prefetch_related(
                "categories", Prefetch("areas", queryset=_areas().only("id", "code")), "steps__targets"
            )
        )
    policies = sorted((p for p in policies if p.is_active), key=lambda p: (p.priority, p.pk))
    rows = []
    for track, track_label in Track.choices:
        for severity in severities or sorted(Severity.values):
            incident = SimpleNamespace(
                severity=severity,
                kind=IncidentKind.INCIDENT,
                track=track,
                category_id=None,
                area_code=kabupaten_code(),
            )
            first = next((p for p in policies if policy_matches(p, incident)), None)  # type: ignore[arg-type]
            fitting = tuple(
                p.name
                for p in policies
                if p.min_severity <= severity
                and (not p.track or p.track == track or (track == Track.PK and p.track in (Track.P, Track.K)))
            )
            partial = tuple(name for name in fitting if first is None or name != first.name)
            if first is not None and any(step.targets.all() for step in first.steps.all()):
                state, reason = "full", ""
            elif first is not None:
                state = "none"
                reason = _("Kebijakan %(name)s cocok, tetapi tidak punya sasaran.") % {"name": first.name}
            else:
                state = "partial" if partial else "none"
                reason = _("Tidak ada kebijakan aktif untuk jalur ini dan tingkat ini di seluruh kabupaten.")
            rows.append(
                PolicyCoverage(
                    track=track,
                    track_label=str(track_label),
                    severity=severity,
                    severity_label=str(Severity(severity).label),
                    state=state,
                    policies=fitting,
                    partial=partial,
                    reason=str(reason),
                )
            )
    return rows


def policy_gaps(
    *, severities: tuple[int, ...] = (3, 4, 5), policies: list[EscalationPolicy] | None = None
) -> list[PolicyCoverage]:
    """The rows of ``policy_coverage`` whose reports alert nobody, or only those of some categories or
    areas. Severities 1-2 are handled in the desa by design (DOMAIN.md §6.4), so by default only 3-5."""
    return [row for row in policy_coverage(severities=severities, policies=policies) if row.state != "full"]


def test_alert_result(*, key: str, user) -> list | None:
    """Who a test alert reached (notifications.selectors.PersonReach per person), for the administrator
    who may send one; None when there is no such test alert (or the user may not see it)."""
    from notifications.selectors import delivery_list_for_message_keys, person_reach

    if not escalation_settings_allowed(user) or not key.startswith("uji-peringatan|"):
        return None
    deliveries = list(delivery_list_for_message_keys(keys=[key]))
    if not deliveries:
        return None
    return person_reach(deliveries)
