"""Reads of the escalation engine, scoped to what the requesting user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from incidents.selectors import incident_triageable_by, incident_visible_to
from notifications.selectors import delivery_list_for_groups, inbox_read_pairs, person_reach
from regions.selectors import adminunit_list

from .choices import OPEN_ESCALATION_STATUSES, EscalationStatus
from .models import Escalation, EscalationPolicy, EscalationPolicyStep, EscalationStepRun

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


def escalation_detail_panel(*, incident: Incident, user) -> tuple[str, dict] | None:
    """The incident page's "Eskalasi" panel (an incidents panel, see incidents/panels.py); three queries."""
    panels = escalation_panels_for(incident, user)
    if not panels:
        return None
    return "escalation/partials/escalation_panel.html", {"escalation_panels": panels}


def escalation_created_panel(*, incident: Incident, user) -> tuple[str, dict] | None:
    """The notice on the reporter's confirmation that an escalation started; one query."""
    escalation = escalation_open_for(incident)
    if escalation is None:
        return None
    return "escalation/partials/incident_created_notice.html", {"escalation": escalation}


def escalation_alerts_get(*, ids: list[int]) -> dict[int, Escalation]:
    """Escalations by id with their incident (for acknowledging from a channel's reply); one query."""
    return {e.pk: e for e in Escalation.objects.filter(pk__in=ids).select_related("incident")}


@dataclass(frozen=True)
class PolicyGap:
    """A track and severity that no policy escalates for the whole kabupaten and every category: its
    reports alert nobody (or only those of some categories or areas, named in ``partial``)."""

    track: str
    track_label: str
    severity: int
    severity_label: str
    reason: str
    partial: tuple[str, ...] = ()


def policy_gaps(
    *, severities: tuple[int, ...] = (3, 4, 5), policies: list[EscalationPolicy] | None = None
) -> list[PolicyGap]:
    """Track/severity combinations whose incidents alert nobody: no active policy matches them for every
    category and the whole kabupaten, or the first that does has a step without targets. Severities 1-2
    are handled in the desa by design (DOMAIN.md §6.4), so by default only 3-5 are checked. ``policies``
    (with categories, areas and steps' targets prefetched, e.g. escalationpolicy_list_for's) saves the
    five queries that read them.
    """
    from types import SimpleNamespace

    from django.utils.translation import gettext as _

    from core.conf import kabupaten_code
    from incidents.choices import IncidentKind, Severity, Track

    from .engine.matching import policy_matches

    if policies is None:
        policies = list(
            EscalationPolicy.objects.filter(is_active=True)
            .prefetch_related(
                "categories", Prefetch("areas", queryset=_areas().only("id", "code")), "steps__targets"
            )
            .order_by("priority", "id")
        )
    policies = sorted((p for p in policies if p.is_active), key=lambda p: (p.priority, p.pk))
    gaps = []
    for track, track_label in Track.choices:
        for severity in severities:
            incident = SimpleNamespace(
                severity=severity,
                kind=IncidentKind.INCIDENT,
                track=track,
                category_id=None,
                area_code=kabupaten_code(),
            )
            first = next((p for p in policies if policy_matches(p, incident)), None)  # type: ignore[arg-type]
            partial = tuple(
                p.name
                for p in policies
                if p is not first
                and p.min_severity <= severity
                and (not p.track or p.track == track or (track == Track.PK and p.track in (Track.P, Track.K)))
            )
            if first is None:
                reason = _("Tidak ada kebijakan aktif untuk jalur ini dan tingkat ini di seluruh kabupaten.")
            elif not any(step.targets.all() for step in first.steps.all()):
                reason = _("Kebijakan %(name)s cocok, tetapi tidak punya sasaran.") % {"name": first.name}
            else:
                continue
            gaps.append(
                PolicyGap(
                    track=track,
                    track_label=str(track_label),
                    severity=severity,
                    severity_label=str(Severity(severity).label),
                    reason=str(reason),
                    partial=partial,
                )
            )
    return gaps
