"""Reads of the coordination app, all scoped to what the requesting user may see.

Tracked actions are scoped like incidents: kabupaten roles see all; a kecamatan operator the
actions of their areas (with everything beneath); a security liaison those of their areas or of
their organisation; anyone the actions they own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.selectors import PersonReach, delivery_list_for_message_keys, person_reach
from regions.selectors import subtree_q
from stakeholders.choices import AccessRole
from stakeholders.selectors import HistoryEntry, access_profile, area_scope_q, change_history

from .choices import OPEN_ACTION_STATUSES, PLAN_PERIOD_MONTHS, ActionStatus, PlanPeriod, PreventionKind
from .models import (
    ActionEvidence,
    ActionPlan,
    InpresObligation,
    Meeting,
    MeetingInvitee,
    PlanActivity,
    PreventionParticipantChange,
    PreventionPhoto,
    PreventiveActivity,
    TrackedAction,
)

# Roles whose areas a user plans and records coordination work in.
WORK_ROLES = (AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON, AccessRole.KABUPATEN_ADMIN)


def _own_kabupaten_q(user, profile) -> Q:
    """A kabupaten's leaders where the installation serves several kabupaten (so they are not
    kabupaten-wide): everything of their own kabupaten."""
    roles = tuple(
        role for role in (AccessRole.KABUPATEN_ADMIN, AccessRole.KABUPATEN_VIEWER) if profile.has_role(role)
    )
    return area_scope_q(user, field="area_code", roles=roles) if roles else Q(pk__in=[])


def action_scope_q(user) -> Q | None:
    """The Q of tracked actions a user may see; None means everything (kabupaten-wide)."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    scope = _own_kabupaten_q(user, profile)
    if profile.has_role(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON):
        scope |= area_scope_q(
            user, field="area_code", roles=(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON)
        )
        orgs = profile.organisation_ids_for(AccessRole.SECURITY_LIAISON, AccessRole.KECAMATAN_OPERATOR)
        if orgs:
            scope |= Q(organisation_id__in=orgs)
    if profile.person_id:
        scope |= Q(owner_id=profile.person_id)
    return scope


def action_visible_to(user) -> QuerySet[TrackedAction]:
    """Tracked actions the user may see (none without the view permission)."""
    if not user.is_authenticated or not user.has_perm("coordination.view_trackedaction"):
        return TrackedAction.objects.none()
    scope = action_scope_q(user)
    return TrackedAction.objects.all() if scope is None else TrackedAction.objects.filter(scope)


def action_changeable_by(user) -> QuerySet[TrackedAction]:
    """Tracked actions the user may update (progress, evidence, status): those they see, with the
    change permission."""
    if not user.is_authenticated or not user.has_perm("coordination.change_trackedaction"):
        return TrackedAction.objects.none()
    return action_visible_to(user)


def action_area_allowed(user, area) -> bool:
    """Whether the user may put an action in this area (kabupaten roles anywhere; others in their areas)."""
    return access_profile(user).covers(area.code, *WORK_ROLES)


def action_list(
    user,
    *,
    status: str = "",
    source: str = "",
    area_code: str = "",
    organisation_id: int | None = None,
    overdue: bool = False,
    text: str = "",
    on: date | None = None,
) -> QuerySet[TrackedAction]:
    """The list "Tindak lanjut koordinasi": visible actions filtered, with what each row shows in one
    query (owner, organisation, area); open ones first by due date."""
    actions = action_visible_to(user).select_related("owner", "organisation", "area")
    if status == "terbuka_semua":
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    elif status:
        actions = actions.filter(status=status)
    if source:
        actions = actions.filter(source=source)
    if area_code:
        actions = actions.filter(subtree_q(area_code, "area_code"))
    if organisation_id:
        actions = actions.filter(organisation_id=organisation_id)
    if overdue:
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=on or timezone.localdate())
    if text:
        actions = actions.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return actions.order_by("due_date", "id")


def action_get_for_detail(user, pk: int) -> TrackedAction:
    """One visible action with its owner, organisation, area, incidents and evidence (404 outside scope)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        action_visible_to(user)
        .select_related(
            "owner", "organisation", "area", "created_by", "meeting", "inpres", "plan_activity__plan"
        )
        .prefetch_related("incidents", "evidence__added_by"),
        pk=pk,
    )


def action_history(action: TrackedAction) -> list:
    """Who changed what on an action and its evidence, newest first; two queries."""
    return change_history(
        (action.history.all(), lambda record: str(_("Tindak lanjut"))),
        (ActionEvidence.history.filter(action_id=action.pk), lambda record: str(_("Bukti"))),
    )


def action_evidence_visible_to(user) -> QuerySet[ActionEvidence]:
    """Evidence of the actions the user may see."""
    return ActionEvidence.objects.filter(action__in=action_visible_to(user)).select_related("action")


def action_list_for_incident(*, incident_id: int) -> list[TrackedAction]:
    """Every action linked to an incident, in one query (the incident page's panel; the incident's own
    visibility is checked by its page)."""
    return list(
        TrackedAction.objects.filter(incidents__id=incident_id)
        .select_related("owner", "organisation")
        .order_by("source", "due_date", "id")
    )


def action_panel_for_incident_shown() -> Q:
    """When the "Koordinasi" panel may show something, as a condition on the incident (``OuterRef("pk")``):
    an action is linked to it; read with the incident, so most pages ask no more."""
    return Q(Exists(TrackedAction.objects.filter(incidents=OuterRef("pk"))))


def action_panel_for_incident(*, incident, user) -> tuple[str, dict] | None:
    """The incident page's "Koordinasi" panel (an incidents panel): the tracked actions linked to the
    incident, the Inpres 2/2013 obligations first, open until done; two queries. Shown to users who
    read tracked actions; the incident page itself checked that the incident is theirs to see."""
    if not user.is_authenticated or not user.has_perm("coordination.view_trackedaction"):
        return None
    actions = list(
        TrackedAction.objects.filter(incidents__id=incident.pk)
        .select_related("owner", "organisation", "inpres", "meeting")
        .order_by("source", "due_date", "id")
    )
    if not actions:
        return None
    inpres = [a for a in actions if hasattr(a, "inpres")]
    others = [a for a in actions if not hasattr(a, "inpres")]
    return "coordination/partials/incident_panel.html", {"inpres_actions": inpres, "other_actions": others}


def inpres_obligation_get(user, pk: int) -> InpresObligation:
    """An obligation whose action the user may see, with its action and incident (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        InpresObligation.objects.select_related(
            "action", "action__area", "incident", "incident__area", "incident__category"
        ),
        pk=pk,
        action__in=action_visible_to(user),
    )


# --- meetings -------------------------------------------------------------------------------------


def meeting_scope_q(user) -> Q | None:
    """The Q of meetings a user may see: kabupaten roles all; others those of their areas and those
    they are invited to."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    scope = _own_kabupaten_q(user, profile)
    if profile.has_role(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON):
        scope |= area_scope_q(
            user, field="area_code", roles=(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON)
        )
    if profile.person_id:
        scope |= Q(pk__in=MeetingInvitee.objects.filter(person_id=profile.person_id).values("meeting_id"))
    return scope


def meeting_visible_to(user) -> QuerySet[Meeting]:
    """Meetings the user may see (none without the view permission)."""
    if not user.is_authenticated or not user.has_perm("coordination.view_meeting"):
        return Meeting.objects.none()
    scope = meeting_scope_q(user)
    return Meeting.objects.all() if scope is None else Meeting.objects.filter(scope)


def meeting_changeable_by(user) -> QuerySet[Meeting]:
    """Meetings the user may run (invite, attendance, minutes, decisions): visible, with the change
    permission, in the user's areas (an invitation alone lets one read, not run, a meeting)."""
    if not user.is_authenticated or not user.has_perm("coordination.change_meeting"):
        return Meeting.objects.none()
    profile = access_profile(user)
    meetings = meeting_visible_to(user)
    if profile.kabupaten_wide:
        return meetings
    return meetings.filter(area_scope_q(user, field="area_code", roles=WORK_ROLES))


def meeting_list(user, *, status: str = "", area_code: str = "", forum_kind: str = "") -> QuerySet[Meeting]:
    """The list of meetings the user may see, newest first, with forum, area and counts in one query."""
    from django.db.models import Count

    meetings = meeting_visible_to(user).select_related("forum", "area")
    if status:
        meetings = meetings.filter(status=status)
    if area_code:
        meetings = meetings.filter(subtree_q(area_code, "area_code"))
    if forum_kind:
        meetings = meetings.filter(forum__kind=forum_kind)
    return meetings.annotate(
        invitee_count=Count("invitees", distinct=True),
        attended_count=Count("invitees", filter=Q(invitees__attended=True), distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-starts_at", "-id")


def meeting_get_for_detail(user, pk: int) -> Meeting:
    """One visible meeting with its forum, area, invitees and decisions (404 outside scope)."""
    from django.db.models import Prefetch
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        meeting_visible_to(user)
        .select_related("forum", "area", "created_by")
        .prefetch_related(
            Prefetch("invitees", queryset=MeetingInvitee.objects.select_related("person").order_by("id")),
            Prefetch(
                "decisions",
                queryset=TrackedAction.objects.select_related("owner", "organisation").order_by("id"),
            ),
        ),
        pk=pk,
    )


def meeting_invitee_own(user, meeting: Meeting) -> MeetingInvitee | None:
    """The user's own invitation to a meeting (through the registry person of their account), or None:
    what the attendance QR code marks present. Needs no coordination permission: anyone invited may
    scan it."""
    person_id = access_profile(user).person_id if user.is_authenticated else None
    if person_id is None:
        return None
    return (
        MeetingInvitee.objects.select_related("person").filter(meeting=meeting, person_id=person_id).first()
    )


def meeting_reach(meeting: Meeting) -> list[PersonReach]:
    """Whom the meeting's invitations reached, per person (the notifications' reach); two queries, the
    invitees being prefetched."""
    keys = sorted({invitee.invitation_key for invitee in meeting.invitees.all() if invitee.invitation_key})
    if not keys:
        return []
    return person_reach(list(delivery_list_for_message_keys(keys=keys)))


# --- preventive activities ------------------------------------------------------------------------


def prevention_scope_q(user) -> Q | None:
    """The Q of preventive activities a user may see, as for incidents: kabupaten roles all; a
    kecamatan operator or security liaison those of their areas (with everything beneath) or of their
    organisation; anyone those they logged. None means everything."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    scope = Q(created_by_id=user.pk) | _own_kabupaten_q(user, profile)
    if profile.has_role(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON):
        scope |= area_scope_q(
            user, field="area_code", roles=(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON)
        )
        orgs = profile.organisation_ids_for(AccessRole.SECURITY_LIAISON, AccessRole.KECAMATAN_OPERATOR)
        if orgs:
            scope |= Q(organisation_id__in=orgs)
    return scope


def prevention_visible_to(user) -> QuerySet[PreventiveActivity]:
    """Preventive activities the user may see (none without the view permission)."""
    if not user.is_authenticated or not user.has_perm("coordination.view_preventiveactivity"):
        return PreventiveActivity.objects.none()
    scope = prevention_scope_q(user)
    return PreventiveActivity.objects.all() if scope is None else PreventiveActivity.objects.filter(scope)


def prevention_changeable_by(user) -> QuerySet[PreventiveActivity]:
    """Activities the user may edit and add photos to: those they see, with the change permission."""
    if not user.is_authenticated or not user.has_perm("coordination.change_preventiveactivity"):
        return PreventiveActivity.objects.none()
    return prevention_visible_to(user)


def prevention_list(
    user,
    *,
    kind: str = "",
    area_code: str = "",
    organisation_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[PreventiveActivity]:
    """The list "Kegiatan pencegahan": visible activities filtered (kind, area subtree, organisation,
    WITA dates inclusive), newest first, with area, organisation and photo count in one query."""
    from django.db.models import Count

    activities = prevention_visible_to(user).select_related("area", "organisation")
    if kind:
        activities = activities.filter(kind=kind)
    if area_code:
        activities = activities.filter(subtree_q(area_code, "area_code"))
    if organisation_id:
        activities = activities.filter(organisation_id=organisation_id)
    if start or end:
        activities = activities.filter(prevention_period_q(start, end))
    return activities.annotate(photo_count=Count("photos")).order_by("-held_at", "-id")


def prevention_period_q(start: date | None, end: date | None) -> Q:
    """Activities held from ``start`` to ``end`` (WITA dates, inclusive; either may be None)."""
    from datetime import datetime, time, timedelta

    tz = timezone.get_current_timezone()
    q = Q()
    if start:
        q &= Q(held_at__gte=timezone.make_aware(datetime.combine(start, time.min), tz))
    if end:
        q &= Q(held_at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))
    return q


def prevention_get_for_detail(user, pk: int) -> PreventiveActivity:
    """One visible activity with its area, organisation, author, participants and photos (404 outside scope)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        prevention_visible_to(user)
        .select_related("area", "area__parent", "organisation", "created_by")
        .prefetch_related("participants", "photos"),
        pk=pk,
    )


def prevention_history(activity: PreventiveActivity) -> list[HistoryEntry]:
    """Who changed what on an activity, its photos and its participants (who was added, who removed,
    by name), newest first; three queries."""
    entries = change_history(
        (activity.history.all(), lambda record: str(_("Kegiatan"))),
        (PreventionPhoto.history.filter(activity_id=activity.pk), lambda record: str(_("Foto"))),
    )
    changes = PreventionParticipantChange.objects.filter(activity_id=activity.pk).select_related(
        "person", "changed_by"
    )
    grouped: dict[tuple, dict[bool, list[str]]] = {}
    for change in changes:
        grouped.setdefault((change.changed_at, change.changed_by), {True: [], False: []})[
            change.added
        ].append(str(change.person))
    for (when, who), names in grouped.items():
        lines = [
            (str(label), "", ", ".join(names[added])) for added, label in _PARTICIPANT_LABELS if names[added]
        ]
        entries.append(
            HistoryEntry(
                when=when, who=who, action="changed", subject=str(_("Peserta dari registri")), changes=lines
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


_PARTICIPANT_LABELS = ((True, _("ditambahkan")), (False, _("dihapus")))


def prevention_photo_visible_to(user) -> QuerySet[PreventionPhoto]:
    """Photos of the activities the user may see."""
    return PreventionPhoto.objects.filter(activity__in=prevention_visible_to(user)).select_related("activity")


def prevention_counts_by_area(
    user, *, parent_code: str, start: date, end: date, kind: str = ""
) -> list[tuple[str, int]]:
    """(area code, activities) of the user's visible activities held in the period under an area
    (the map's measure "kegiatan pencegahan dalam periode"); one query."""
    from django.db.models import Count

    activities = prevention_visible_to(user).filter(
        subtree_q(parent_code, "area_code"), prevention_period_q(start, end)
    )
    if kind:
        activities = activities.filter(kind=kind)
    return list(activities.values("area_code").annotate(n=Count("id")).values_list("area_code", "n"))


def prevention_points(
    user, *, parent_code: str, start: date, end: date, kind: str = "", limit: int = 5000
) -> list[tuple[int, str, str, float, float]]:
    """(pk, kind, label, lat, lng) of the user's visible activities held in the period under an area,
    newest first: the GPS point when recorded, else the centre of its desa or kecamatan (activities of
    an area without a centre are left out); one query."""
    from django.db.models import F
    from django.db.models.functions import Coalesce

    activities = (
        prevention_visible_to(user)
        .filter(subtree_q(parent_code, "area_code"), prevention_period_q(start, end))
        .annotate(
            point_lat=Coalesce("lat", F("area__centroid_lat")),
            point_lng=Coalesce("lng", F("area__centroid_lng")),
        )
        .exclude(point_lat=None)
        .exclude(point_lng=None)
    )
    if kind:
        activities = activities.filter(kind=kind)
    rows = activities.order_by("-held_at", "-id").values_list(
        "pk", "kind", "area__name", "held_at", "point_lat", "point_lng"
    )[:limit]
    labels = dict(PreventionKind.choices)
    return [
        (
            pk,
            kind_value,
            f"{labels.get(kind_value, kind_value)}, {area_name}, {timezone.localtime(held):%d/%m/%Y %H:%M}",
            lat,
            lng,
        )
        for pk, kind_value, area_name, held, lat, lng in rows
    ]


# --- the action plan (rencana aksi terpadu) ------------------------------------------------------


def plan_visible_to(user) -> QuerySet[ActionPlan]:
    """The plans (kabupaten documents, read by everyone who reads coordination work); their
    activities are each scoped like a tracked action (``plan_activities_for``)."""
    if not user.is_authenticated or not user.has_perm("coordination.view_actionplan"):
        return ActionPlan.objects.none()
    return ActionPlan.objects.all()


def plan_list(user) -> QuerySet[ActionPlan]:
    """The plans, newest year first, with their activity counts (all activities; one query)."""
    from django.db.models import Count

    return plan_visible_to(user).annotate(activity_count=Count("activities")).order_by("-year")


def plan_get(user, pk: int) -> ActionPlan:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(plan_visible_to(user), pk=pk)


def plan_activities_for(user, plan: ActionPlan) -> QuerySet[PlanActivity]:
    """The plan's activities whose tracked action the user may see, with action, agency and area (one
    query), in planned order."""
    return (
        PlanActivity.objects.filter(plan=plan, action__in=action_visible_to(user))
        .select_related("action", "action__organisation", "action__area", "action__owner")
        .order_by("planned_start", "action__due_date", "id")
    )


def plan_activity_changeable(user, pk: int) -> PlanActivity:
    """An activity whose progress the user may record (its action changeable by them), else 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        PlanActivity.objects.select_related("action", "action__organisation", "action__area", "plan"),
        pk=pk,
        action__in=action_changeable_by(user),
    )


def plan_period_bounds(year: int, period: str) -> tuple[date, date]:
    """The first and last day of a four-monthly period of a year (B.04, B.08, B.12)."""
    import calendar

    first, last = PLAN_PERIOD_MONTHS[PlanPeriod(period)]
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def plan_period_of(day: date) -> str:
    """The four-monthly period a day falls in."""
    return next(p for p, (first, last) in PLAN_PERIOD_MONTHS.items() if first <= day.month <= last)


def plan_activity_done(activity: PlanActivity, as_of: date) -> bool:
    """Done by that day: 100 % with its actual end on or before it."""
    return activity.progress == 100 and activity.actual_end is not None and activity.actual_end <= as_of


def plan_activity_late(activity: PlanActivity, as_of: date) -> bool:
    """Late on that day: its planned end has passed and it is not done (a cancelled one is neither)."""
    if activity.action.status == ActionStatus.BATAL:
        return False
    return activity.action.due_date < as_of and not plan_activity_done(activity, as_of)


@dataclass
class PlanFigures:
    """Progress figures of a group of activities: planned, done, late, done %, mean progress %."""

    label: str
    planned: int = 0
    done: int = 0
    late: int = 0
    progress_sum: int = 0

    @property
    def percent_done(self) -> int | None:
        return round(self.done * 100 / self.planned) if self.planned else None

    @property
    def mean_progress(self) -> int | None:
        return round(self.progress_sum / self.planned) if self.planned else None

    def add(self, activity: PlanActivity, as_of: date) -> None:
        self.planned += 1
        self.progress_sum += activity.progress
        self.done += plan_activity_done(activity, as_of)
        self.late += plan_activity_late(activity, as_of)


@dataclass
class PlanReport:
    """The four-monthly report of a plan: its activities planned in the period (their planned window
    meets it), each marked done or late as of the period's end (or today, during the period), with
    the figures per agency, per area (kecamatan) and in total."""

    plan: ActionPlan
    period: str
    start: date
    end: date
    as_of: date
    rows: list
    total: PlanFigures
    by_agency: list[PlanFigures]
    by_area: list[PlanFigures]

    @property
    def period_label(self) -> str:
        return str(PlanPeriod(self.period).label)

    @property
    def code(self) -> str:
        return PlanPeriod(self.period).name.replace("B", "B.")


def plan_report(user, plan: ActionPlan, period: str, *, on: date | None = None) -> PlanReport:
    """The report of a period over the activities the user may see (Kesbangpol: all); two queries."""
    from regions.selectors import adminunit_list

    start, end = plan_period_bounds(plan.year, period)
    as_of = min(end, on or timezone.localdate())
    activities = [
        a
        for a in plan_activities_for(user, plan).filter(planned_start__lte=end, action__due_date__gte=start)
        if a.action.status != ActionStatus.BATAL
    ]
    kecamatan_codes = {a.action.area_code[:8] for a in activities if len(a.action.area_code) >= 8}
    names = {u.code: u.name for u in adminunit_list(codes=kecamatan_codes, with_parent=False)}
    total = PlanFigures(str(_("Jumlah")))
    agencies: dict[str, PlanFigures] = {}
    areas: dict[str, PlanFigures] = {}
    rows = []
    for activity in activities:
        action = activity.action
        agency = str(action.organisation) if action.organisation else str(_("(tanpa instansi)"))
        code = action.area_code[:8] if len(action.area_code) >= 8 else action.area_code
        area = names.get(code) or action.area.name
        total.add(activity, as_of)
        agencies.setdefault(agency, PlanFigures(agency)).add(activity, as_of)
        areas.setdefault(area, PlanFigures(area)).add(activity, as_of)
        rows.append(
            {
                "activity": activity,
                "agency": agency,
                "area": area,
                "done": plan_activity_done(activity, as_of),
                "late": plan_activity_late(activity, as_of),
            }
        )
    return PlanReport(
        plan=plan,
        period=period,
        start=start,
        end=end,
        as_of=as_of,
        rows=rows,
        total=total,
        by_agency=sorted(agencies.values(), key=lambda f: f.label),
        by_area=sorted(areas.values(), key=lambda f: f.label),
    )


def plan_summary_for_area(*, area_code: str, on: date | None = None) -> dict:
    """The current year's plan progress under an area (the dashboard's panel; not scoped by user: the
    dashboard offers only areas its user covers completely) and the overdue tracked actions there, in
    one aggregate query over the area's tracked actions (no activities: no plan figures)."""
    from django.db.models import Count, Sum

    on = on or timezone.localdate()
    in_plan = Q(plan_activity__plan__year=on.year) & ~Q(status=ActionStatus.BATAL)
    done = Q(plan_activity__progress=100, plan_activity__actual_end__lte=on)
    late = Q(due_date__lt=on) & ~done
    figures = TrackedAction.objects.filter(subtree_q(area_code, "area_code")).aggregate(
        overdue=Count("id", filter=Q(status__in=OPEN_ACTION_STATUSES, due_date__lt=on)),
        planned=Count("id", filter=in_plan),
        done=Count("id", filter=in_plan & done),
        late=Count("id", filter=in_plan & late),
        progress=Sum("plan_activity__progress", filter=in_plan),
    )
    planned = figures["planned"]
    return {
        "year": on.year,
        "planned": planned,
        "done": figures["done"],
        "late": figures["late"],
        "percent_done": round(figures["done"] * 100 / planned) if planned else None,
        "mean_progress": round((figures["progress"] or 0) / planned) if planned else None,
        "period": plan_period_of(on),
        "overdue_actions": figures["overdue"],
    }
