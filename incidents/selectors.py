"""Reads of incidents, all scoped to what the requesting user may see."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, TruncDate, TruncWeek
from django.utils import timezone

from core.jsonrows import JsonShape, from_json, json_rows, prefetched
from core.keyset import KeysetPaginator
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, electionphase_subphases_on, served_kabupaten_q, subtree_q
from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile, area_choices_for, area_scope_q

from .choices import INTERNAL_EVENT_KINDS, OPEN_STATUSES, EvidenceKind, LinkKind, Status
from .models import (
    BawasluStep,
    Evidence,
    FollowUpAction,
    Incident,
    IncidentCategory,
    IncidentDayCount,
    IncidentEvent,
    IncidentLink,
    IncidentNote,
    IncidentOpenCount,
    Outcome,
    Referral,
)
from .panels import DETAIL, incident_panel_conditions

# No request counts more than this many rows exactly; beyond it the queue says "Lebih dari 1.000 laporan".
COUNT_CAP = 1_000

# The triage queue's order: most severe first, then oldest, the id breaking ties (a keyset: see
# incident_triage_paginator).
TRIAGE_ORDERING = ("-severity", "reported_at", "id")

# Roles whose areas a user triages in: the reports they may verify, assign, edit and move a report to.
TRIAGE_ROLES = (AccessRole.KECAMATAN_OPERATOR, AccessRole.KABUPATEN_ADMIN)


def incident_handling_scope_q(user) -> Q | None:
    """The Q of incidents a user sees through an office that handles them; None means everything.

    kabupaten roles: all; kecamatan operator: incidents in their area subtree; security liaison:
    their area subtree or led by their organisation. A report the user only filed is not in it.
    An empty Q matches nothing.
    """
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    scope = Q()
    # A kabupaten's leaders in an installation of several kabupaten: their own kabupaten.
    wide = [
        role for role in (AccessRole.KABUPATEN_ADMIN, AccessRole.KABUPATEN_VIEWER) if profile.has_role(role)
    ]
    if wide:
        scope |= area_scope_q(user, field="area_code", roles=tuple(wide))
    if profile.has_role(AccessRole.KECAMATAN_OPERATOR):
        scope |= area_scope_q(user, field="area_code", roles=(AccessRole.KECAMATAN_OPERATOR,))
    if profile.has_role(AccessRole.SECURITY_LIAISON):
        scope |= area_scope_q(user, field="area_code", roles=(AccessRole.SECURITY_LIAISON,))
        orgs = profile.organisation_ids_for(AccessRole.SECURITY_LIAISON)
        if orgs:
            scope |= Q(lead_organisation_id__in=orgs)
    return scope


def incident_scope_q(user) -> Q | None:
    """The Q of incidents a user may see; None means everything (kabupaten-wide).

    The incidents they handle (``incident_handling_scope_q``) and the reports they filed themselves.
    """
    handling = incident_handling_scope_q(user)
    if handling is None:
        return None
    return Q(reporter_id=user.pk) | handling if handling else Q(reporter_id=user.pk)


def incident_shows_internal_q(user):
    """A boolean expression: whether ``user`` reads an incident's internal notes and internal timeline.

    Only the officials handling a report do; a field reporter (pelapor) following their own report
    sees its progress, not what the officials wrote among themselves.
    """
    handling = incident_handling_scope_q(user)
    if handling is None:
        return Value(True)
    if not handling:
        return Value(False)
    return ExpressionWrapper(handling, output_field=BooleanField())


def incident_shows_internal_to(user, incident: Incident) -> bool:
    """Whether ``user`` reads this incident's internal notes and timeline entries (no query when the
    incident came from ``incident_get_for_detail``)."""
    if not user.is_authenticated or not user.has_perm("incidents.view_incident"):
        return False
    known = getattr(incident, "shows_internal", None)
    if known is not None:
        return bool(known)
    handling = incident_handling_scope_q(user)
    if handling is None:
        return True
    return bool(handling) and Incident.objects.filter(handling, pk=incident.pk).exists()


def incident_notes_for(user, incident: Incident) -> list[IncidentNote]:
    """The internal notes of an incident ``user`` may read: all of them for its officials, none for
    its reporter (reads the notes prefetched by ``incident_get_for_detail``)."""
    return list(incident.notes.all()) if incident_shows_internal_to(user, incident) else []


def incident_timeline_for(user, incident: Incident) -> list[IncidentEvent]:
    """The timeline of an incident as ``user`` may read it: without the internal entries
    (``INTERNAL_EVENT_KINDS``) for a user who only filed it."""
    events = list(incident.events.all())
    if incident_shows_internal_to(user, incident):
        return events
    return [event for event in events if event.kind not in INTERNAL_EVENT_KINDS]


def incident_visible_to(user) -> QuerySet[Incident]:
    """Incidents the user may see (none without the view permission)."""
    if not user.is_authenticated or not user.has_perm("incidents.view_incident"):
        return Incident.objects.none()
    scope = incident_scope_q(user)
    return Incident.objects.all() if scope is None else Incident.objects.filter(scope)


def incident_triageable_by(user) -> QuerySet[Incident]:
    """Incidents the user may triage (verify, reject, assign, close): kabupaten admin all, operator their area."""
    if not user.is_authenticated or not user.has_perm("incidents.triage_incident"):
        return Incident.objects.none()
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return Incident.objects.all()
    return Incident.objects.filter(area_scope_q(user, field="area_code", roles=TRIAGE_ROLES))


def incident_triageable_among(user, incidents) -> set[int]:
    """The ids of those of ``incidents`` (rows with their ``area_code``) that the user may triage, as
    ``incident_triageable_by`` decides, from the user's positions alone: no query."""
    if not incidents or not user.is_authenticated or not user.has_perm("incidents.triage_incident"):
        return set()
    profile = access_profile(user)
    return {incident.pk for incident in incidents if profile.covers(incident.area_code, *TRIAGE_ROLES)}


@dataclass(frozen=True)
class IncidentPlaces:
    """Where a triager may move a report: ``allowed`` is every kecamatan and desa in their triage areas
    (and the kabupaten itself for whom triages it all: a kabupaten-level report);
    ``kecamatan`` and ``desa`` fill the edit form's two selects (a kecamatan is listed when the user
    covers it or one of its desa, so a desa can be picked under it)."""

    allowed: QuerySet
    kecamatan: QuerySet
    desa: QuerySet


def incident_places_for(user) -> IncidentPlaces:
    """The kecamatan and desa a user may move a report they triage to (none without the triage permission)."""
    allowed = area_choices_for(
        user, levels=(AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA), roles=TRIAGE_ROLES
    ).filter(served_kabupaten_q())
    if not user.is_authenticated or not user.has_perm("incidents.triage_incident"):
        allowed = allowed.none()
    desa = allowed.filter(level=AdminLevel.DESA)
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN).filter(
        Q(pk__in=allowed.values("pk")) | Q(pk__in=desa.values("parent_id"))
    )
    return IncidentPlaces(allowed=allowed, kecamatan=kecamatan, desa=desa)


def incident_list_for_triage(user) -> QuerySet[Incident]:
    """The triage queue's rows: visible incidents with what a row shows, by severity then age."""
    return (
        incident_visible_to(user)
        .select_related(
            "category", "area", "area__parent", "phase", "lead_organisation", "responsible_person"
        )
        # Boundaries are large GeoJSON; a row never draws them.
        .defer(
            "chronology",
            "damage",
            "parties_involved",
            "reject_note",
            "search_vector",
            "search_vector_id",
            "area__boundary",
            "area__parent__boundary",
        )
        .order_by(*TRIAGE_ORDERING)
    )


# A word of a search, for the prefix queries (anything else, such as tsquery operators, is dropped).
_SEARCH_WORD = re.compile(r"\w+", re.UNICODE)
# Web-search syntax (a quoted phrase, a word left out, "or"): such a search matches exactly as typed.
_WEB_SEARCH_SYNTAX = re.compile(r'"|(?:^|\s)-\w|\sor\s', re.IGNORECASE)


def incident_number_normalise(text: str) -> str | None:
    """The report number typed in a search box ("ins-2024-000123", " INS 2024 000123 "), or None when the
    text is not one."""
    compact = re.sub(r"[\s_]+", "-", (text or "").strip().upper())
    match = re.fullmatch(r"INS-?(\d{4})-?(\d{1,6})", compact)
    if not match:
        return None
    return f"INS-{match.group(1)}-{int(match.group(2)):06d}"


def incident_search(queryset: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Full-text search (PostgreSQL, GIN-indexed tsvectors) over title, chronology and location.

    Three ways to match, any of them will do, exact matches ranked first:
    - exactly as typed (``simple`` configuration, web-search syntax: "quotes", -not, or; a search
      using that syntax matches only this way);
    - every word as the start of a word ("bentrok" finds "bentrokan");
    - every word's Indonesian stem as the start of a stem ("bentrokan" -> "bentro" finds "bentrok";
      "pemukulan" finds "dipukul").
    A report number (``INS-...``, in any case or spacing) matches that report only.
    """
    text = (text or "").strip()
    if not text:
        return queryset
    number = incident_number_normalise(text)
    if number is not None or text.upper().startswith("INS-"):
        return queryset.filter(number__iexact=number or text)
    exact = SearchQuery(text, config="simple", search_type="websearch")
    words = _SEARCH_WORD.findall(text)
    if not words or _WEB_SEARCH_SYNTAX.search(text):
        # "a phrase", -not, or: the user asked for exactly this.
        return queryset.filter(search_vector=exact).annotate(rank=SearchRank(F("search_vector"), exact))
    prefix = " & ".join(f"{word}:*" for word in words)
    loose = SearchQuery(prefix, config="simple", search_type="raw")
    stemmed = SearchQuery(prefix, config="indonesian", search_type="raw")
    return queryset.filter(
        Q(search_vector=exact) | Q(search_vector=loose) | Q(search_vector_id=stemmed)
    ).annotate(
        rank=SearchRank(F("search_vector"), exact) * 4
        + SearchRank(F("search_vector"), loose) * 2
        + SearchRank(F("search_vector_id"), stemmed)
    )


def _concrete(model, *, without: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in without)


# What a linked report shows: its number, title and, for a duplicate, who reported it (and what orders
# duplicates as reports are ordered: most severe first, then oldest).
_LINKED = JsonShape(
    fields=("id", "number", "title", "severity", "reported_at", "reporter", "reporter_person"),
    joined={
        "reporter": JsonShape(fields=("id", "username", "first_name", "last_name")),
        "reporter_person": JsonShape(fields=("id", "honorific", "full_name", "degrees")),
    },
)
# The TPS of an outcome, named with its desa ("TPS 088 Desa Sangatta Utara").
_STATION_OF_OUTCOME = JsonShape(
    fields=("id",),
    joined={
        "pollingstation": JsonShape(
            fields=("id", "election", "desa", "number", "address"),
            joined={"desa": JsonShape(fields=("id", "code", "name", "level", "village_type", "parent"))},
        )
    },
)


def _outcome_station_model():
    return Outcome.polling_stations.through


def _phase_model():
    """regions' ElectionPhase, reached through the incident's own relation."""
    return Incident._meta.get_field("phase").related_model


@functools.cache
def _detail_lists() -> dict:
    """The incident page's short lists, read inside the incident's own query (``core.jsonrows``):
    referrals, Bawaslu's steps, outcomes with their TPS, links both ways with the other report, and the
    election's sub-phases on the day it happened. Built once: a query copies what it annotates."""
    stations = (
        _outcome_station_model()
        .objects.filter(outcome_id=OuterRef("pk"))
        .order_by("pollingstation__desa__code", "pollingstation__number", "pollingstation_id")
    )
    outcome = JsonShape(
        fields=_concrete(Outcome), extra={"_stations": json_rows(stations, _STATION_OF_OUTCOME)}
    )
    return {
        "_referrals": json_rows(
            Referral.objects.filter(incident=OuterRef("pk")).order_by("referred_at", "id"),
            JsonShape(fields=_concrete(Referral)),
        ),
        "_bawaslu_steps": json_rows(
            BawasluStep.objects.filter(incident=OuterRef("pk")).order_by("on_date", "id"),
            JsonShape(fields=_concrete(BawasluStep)),
        ),
        "_outcomes": json_rows(
            Outcome.objects.filter(incident=OuterRef("pk")).order_by("issued_on", "id"), outcome
        ),
        # Both directions in one list: this report as the duplicate or related one, and as the main one.
        "_links": json_rows(
            IncidentLink.objects.filter(Q(source=OuterRef("pk")) | Q(target=OuterRef("pk"))).order_by("id"),
            JsonShape(fields=_concrete(IncidentLink), joined={"source": _LINKED, "target": _LINKED}),
        ),
        "_subphases": json_rows(
            electionphase_subphases_on(day=OuterRef("_occurred_day"), election=OuterRef("election_id")),
            JsonShape(fields=_concrete(_phase_model())),
        ),
    }


def _detail_unfold(incident: Any) -> None:
    """Turn the JSON lists of ``_detail_lists`` into the incident's related lists, as ``prefetch_related``
    would have left them, and its ``duplicates`` and ``subphases``."""
    db = incident._state.db or DEFAULT_DB_ALIAS

    def rows(model, name: str, shape: JsonShape) -> list:
        built = [from_json(model, shape, row, db=db) for row in getattr(incident, name)]
        for child in built:
            child.incident = incident
        return built

    prefetched(incident, "referrals", rows(Referral, "_referrals", JsonShape(fields=_concrete(Referral))))
    prefetched(
        incident,
        "bawaslu_steps",
        rows(BawasluStep, "_bawaslu_steps", JsonShape(fields=_concrete(BawasluStep))),
    )
    outcomes = rows(Outcome, "_outcomes", JsonShape(fields=_concrete(Outcome)))
    for outcome, row in zip(outcomes, incident._outcomes, strict=True):
        stations = [
            from_json(_outcome_station_model(), _STATION_OF_OUTCOME, item, db=db) for item in row["_stations"]
        ]
        prefetched(outcome, "polling_stations", [item.pollingstation for item in stations])
    prefetched(incident, "outcomes", outcomes)
    link_shape = JsonShape(fields=_concrete(IncidentLink), joined={"source": _LINKED, "target": _LINKED})
    links_out, links_in = [], []
    for row in incident._links:
        link = from_json(IncidentLink, link_shape, row, db=db)
        if link.source_id == incident.pk:
            link.source = incident
            links_out.append(link)
        else:
            link.target = incident
            links_in.append(link)
    prefetched(incident, "links_out", links_out)
    prefetched(incident, "links_in", links_in)
    incident.duplicates = sorted(
        (link.source for link in links_in if link.kind == LinkKind.DUPLICATE),
        key=lambda duplicate: (-duplicate.severity, duplicate.reported_at, duplicate.pk),
    )
    phase = _phase_model()
    incident.subphases = [
        from_json(phase, JsonShape(fields=_concrete(phase)), row, db=db) for row in incident._subphases
    ]


def incident_get_for_detail(user, number: str) -> Incident:
    """One visible incident with everything its page shows (raises Incident.DoesNotExist), in a fixed
    number of queries whatever it holds: the incident with its short lists (referrals, Bawaslu's steps,
    outcomes and their TPS, links both ways, sub-phases: ``_detail_lists``) and whether each panel of its
    page has something to show; then the timeline, the notes (only for those who read them), the
    follow-ups, and the evidence with the duplicates' (only when there is any).

    Besides the related lists, the incident carries ``duplicates`` (the reports marked as duplicates of
    it, with their reporters), ``duplicate_evidence`` (their evidence) and ``subphases``.
    """
    incident: Any = (
        incident_visible_to(user)
        .select_related(
            "category",
            "area",
            "area__parent",
            "polling_station",
            "polling_station__desa",
            "election",
            "phase",
            "reporter",
            "reporter_person",
            "lead_organisation",
            "responsible_person",
        )
        .defer(
            "search_vector",
            "search_vector_id",
            "area__boundary",
            "area__parent__boundary",
            "polling_station__desa__boundary",
        )
        .annotate(
            shows_internal=incident_shows_internal_q(user),
            has_evidence=Exists(Evidence.objects.filter(incident=OuterRef("pk"))),
            _occurred_day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()),
            **incident_panel_conditions(page=DETAIL),
        )
        .annotate(**_detail_lists())
        .get(number=number)
    )
    _detail_unfold(incident)
    notes = incident_notes_qs() if incident.shows_internal else IncidentNote.objects.none()
    prefetch_related_objects(
        [incident],
        Prefetch("events", queryset=IncidentEvent.objects.select_related("actor").order_by("at", "id")),
        Prefetch("notes", queryset=notes),
        Prefetch("follow_ups", queryset=FollowUpAction.objects.select_related("owner")),
    )
    duplicate_of = {dup.pk: dup for dup in incident.duplicates}
    evidence: list[Evidence] = []
    if incident.has_evidence or duplicate_of:
        evidence = list(
            Evidence.objects.using(incident._state.db)
            .filter(incident_id__in=[incident.pk, *duplicate_of])
            .select_related("uploaded_by")
            .order_by("uploaded_at", "id")
        )
    own = []
    incident.duplicate_evidence = []
    for item in evidence:
        if item.incident_id == incident.pk:
            item.incident = incident
            own.append(item)
        else:
            item.incident = duplicate_of[item.incident_id]
            incident.duplicate_evidence.append(item)
    prefetched(incident, "evidence", own)
    return incident


def incident_area_q_for_stations(incident: Incident) -> Q:
    """Q of the TPS (PollingStation rows) inside an incident's area: its desa, kecamatan or kabupaten."""
    return subtree_q(incident.area_code, "desa__code")


def incident_notes_qs():
    from .models import IncidentNote

    return IncidentNote.objects.select_related("author")


def incident_duplicates_evidence(incident: Incident) -> list[Evidence]:
    """Evidence of the reports marked as duplicates of this one (shown on the main report); read by
    ``incident_get_for_detail`` already when the incident came from it."""
    known = getattr(incident, "duplicate_evidence", None)
    if known is not None:
        return list(known)
    duplicates = IncidentLink.objects.filter(target=incident, kind=LinkKind.DUPLICATE).values("source_id")
    return list(Evidence.objects.filter(incident_id__in=duplicates).select_related("incident"))


def incident_duplicates(incident: Incident) -> list[Incident]:
    """Reports marked as duplicates of this one, with their reporters; read by ``incident_get_for_detail``
    already when the incident came from it."""
    known = getattr(incident, "duplicates", None)
    if known is not None:
        return list(known)
    ids = IncidentLink.objects.filter(target=incident, kind=LinkKind.DUPLICATE).values("source_id")
    return list(Incident.objects.filter(pk__in=ids).select_related("reporter", "reporter_person"))


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence of incidents the user may see."""
    if not user.is_authenticated or not user.has_perm("incidents.view_evidence"):
        return Evidence.objects.none()
    scope = incident_scope_q(user)
    evidence = Evidence.objects.select_related("incident")
    if scope is None:
        return evidence
    return evidence.filter(incident__in=Incident.objects.filter(scope).values("pk"))


def photo_evidence(incident: Incident) -> list[Evidence]:
    return [e for e in incident.evidence.all() if e.kind == EvidenceKind.PHOTO]


def category_list(*, with_inactive: bool = False) -> QuerySet[IncidentCategory]:
    """Active categories (every one with ``with_inactive``) in their display order."""
    categories = (
        IncidentCategory.objects.all() if with_inactive else IncidentCategory.objects.filter(is_active=True)
    )
    return categories.order_by("order", "code")


def category_get(*, code: str) -> IncidentCategory:
    """The category with this code, active or not (raises IncidentCategory.DoesNotExist)."""
    return IncidentCategory.objects.get(code=code)


def category_names() -> dict[int, str]:
    """The name of every category by id, inactive ones too (old reports keep theirs)."""
    return dict(IncidentCategory.objects.values_list("pk", "name"))


def incident_list_reported_by(user) -> QuerySet[Incident]:
    """The reports the user filed (within what they may see), newest first: a reporter's own list."""
    return (
        incident_visible_to(user)
        .filter(reporter=user)
        .select_related("area", "area__parent", "category")
        .defer("chronology", "search_vector", "search_vector_id", "area__boundary", "area__parent__boundary")
        .order_by("-reported_at", "-id")
    )


def incident_open_follow_ups(incident: Incident) -> list[FollowUpAction]:
    """The incident's follow-up actions not done yet, by due date (from those already read with the
    incident by ``incident_get_for_detail``, without a query)."""
    if "follow_ups" in getattr(incident, "_prefetched_objects_cache", {}):
        actions = [action for action in incident.follow_ups.all() if action.done_at is None]
        return sorted(actions, key=lambda action: (action.due_date, action.pk))
    return list(incident.follow_ups.filter(done_at__isnull=True).order_by("due_date", "pk"))


def legal_clock_overdue_q(now=None) -> Q:
    """Q of P-track reports past their 7-day deadline without a referral to Bawaslu (index-backed).

    A past event entered afterwards is left out: its clock is history, not something to act on today.
    """
    return Q(
        bawaslu_deadline__isnull=False,
        bawaslu_referred_at__isnull=True,
        bawaslu_deadline__lt=now or timezone.now(),
        is_historical=False,
    ) & ~Q(status=Status.DITOLAK)


# An open report still unresolved this many days after it was reported counts as overdue.
OPEN_TOO_LONG_DAYS = 14


def followup_overdue_q(today: date | None = None) -> Q:
    """Q of incidents with a follow-up not done whose due date has passed (partial index on open follow-ups).

    ``pk IN (...)`` rather than ``EXISTS``: beside the other tests of ``incident_overdue_q`` (an OR),
    PostgreSQL hashes the few overdue follow-ups once, where it costs an EXISTS per row, which pushed
    the dashboard's and the map's overdue counts at a million reports over the JIT threshold.
    """
    overdue = FollowUpAction.objects.filter(done_at__isnull=True, due_date__lt=today or timezone.localdate())
    return Q(pk__in=overdue.values("incident_id"))


def incident_overdue_q(now=None) -> Q:
    """Q of open incidents that are overdue: the legal clock has run out without a referral, a
    follow-up is past its due date, or the report is still open OPEN_TOO_LONG_DAYS after it came in
    (not a past event entered afterwards: it "came in" when it became known, long ago).

    The map's "open overdue" measure, the dashboard figure and the list filter ``terlambat`` all
    use this one definition, so the number on each and the list behind it agree.
    """
    now = now or timezone.now()
    return Q(status__in=list(OPEN_STATUSES)) & (
        legal_clock_overdue_q(now)
        | followup_overdue_q(timezone.localdate(now))
        | Q(reported_at__lt=now - timedelta(days=OPEN_TOO_LONG_DAYS), is_historical=False)
    )


def incident_triage_paginator(
    incidents: QuerySet[Incident], *, per_page: int, searched: bool, phase_filtered: bool = False
) -> KeysetPaginator:
    """Pages of the triage queue's rows by cursor, in the queue's order (``TRIAGE_ORDERING``), each page
    read from an index on that order (``incident_queue_*``), however deep; the count stops at
    ``COUNT_CAP``, and for a full-text search (``searched``) it is planned from the search's index.
    Filtered by an election phase (``phase_filtered``), the count goes along the queue's order, through
    ``incident_queue_phase_idx``: a phase's reports lie in one stretch of time, and counted in no order
    PostgreSQL read the time-led ``incident_dash_occurred_idx`` from its start (160 ms at a million
    reports, for the campaign's; 20 ms in order)."""
    return KeysetPaginator(
        incidents,
        ordering=TRIAGE_ORDERING,
        per_page=per_page,
        name="incidents.triage",
        count_cap=COUNT_CAP,
        count_planned_whole=searched,
        count_in_order=phase_filtered,
    )


def incident_list_titled(*, title: str | None = None, prefix: str | None = None) -> QuerySet[Incident]:
    """Reports (unscoped) with exactly this title or whose title starts with ``prefix``: for the demo
    seeders and test rigs, which recognise the reports they made by title."""
    incidents = Incident.objects.all()
    if title is not None:
        incidents = incidents.filter(title=title)
    if prefix is not None:
        incidents = incidents.filter(title__startswith=prefix)
    return incidents


def incident_for_update(*, pk: int, with_category: bool = False) -> Incident:
    """The incident, its row locked until the transaction ends: for another app's service that must lock
    the incident before its own rows (the escalation engine's lock order). ``with_category`` joins the
    category but locks only the incident's row. Raises Incident.DoesNotExist."""
    if with_category:
        return Incident.objects.select_for_update(of=("self",)).select_related("category").get(pk=pk)
    return Incident.objects.select_for_update().get(pk=pk)


def incident_list_in_area(*, area_code: str, user=None) -> QuerySet[Incident]:
    """Incidents of an area's subtree, within ``user``'s scope; all of them when no user is given (a
    report the system makes, such as the scheduled morning situation report)."""
    base = incident_visible_to(user) if user is not None else Incident.objects.all()
    return base.filter(subtree_q(area_code, "area_code"))


def incidentevent_list_between(
    *, start, end, kinds, incidents: QuerySet[Incident]
) -> QuerySet[IncidentEvent]:
    """Timeline events of the given kinds from ``start`` to ``end`` (exclusive) of those incidents."""
    return IncidentEvent.objects.filter(
        at__gte=start, at__lt=end, kind__in=list(kinds), incident__in=incidents.values("pk")
    )


def incidentnote_bodies(*, ids) -> dict[int, str]:
    """The text of the notes with these ids, by id (one query; none for no ids)."""
    ids = list(ids)
    return dict(IncidentNote.objects.filter(pk__in=ids).values_list("pk", "body")) if ids else {}


def incident_busiest_report_day() -> date | None:
    """The WITA day on which the most reports were filed, or None when there is none."""
    return (
        Incident.objects.annotate(day=TruncDate("reported_at", tzinfo=timezone.get_default_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("day", flat=True)
        .first()
    )


def incident_by_number(*, number: str) -> Incident | None:
    """The report with this public number (unscoped: the caller checks that the asker may know it)."""
    return Incident.objects.filter(number__iexact=(number or "").strip()).first()


# --- the dashboard's pre-aggregated counts (incidents.counts keeps them) ---------------------------------
# Roles whose grant on an area lets a user see every report of that area (incident_handling_scope_q).
WHOLE_AREA_ROLES = (
    AccessRole.KABUPATEN_ADMIN,
    AccessRole.KABUPATEN_VIEWER,
    AccessRole.KECAMATAN_OPERATOR,
    AccessRole.SECURITY_LIAISON,
)
COUNT_BASIS_REPORTED = "r"
COUNT_BASIS_OCCURRED = "o"
COUNT_BASIS_DEADLINE = "d"


def incident_area_wholly_visible(user, area_code: str) -> bool:
    """Whether ``user`` sees every report of the area and beneath it (``incident_visible_to``), so that
    the area's pre-aggregated counts are theirs. Decided without a query."""
    if not user.is_authenticated or not user.has_perm("incidents.view_incident"):
        return False
    return access_profile(user).covers(area_code, *WHOLE_AREA_ROLES)


@dataclass(frozen=True)
class IncidentDayCounts:
    """An area's reports of a period, counted three ways (from IncidentDayCount)."""

    by_bucket_category: list[tuple[date, int, int]]
    by_phase: dict[int | None, int]
    by_child: dict[str, int]


def incident_day_counts(
    *, area_code: str, basis: str, start: date, end: date, election_id: int | None, weekly: bool
) -> IncidentDayCounts:
    """Every report of the kabupaten or kecamatan ``area_code`` whose WITA day (reported, or happened:
    ``basis``) lies from ``start`` to ``end``, counted per (day or week, category), per phase (None:
    outside every phase) and per child area, in one index-only read of the area's count rows
    (unscoped: the caller checks ``incident_area_wholly_visible``)."""
    rows = IncidentDayCount.objects.filter(scope_code=area_code, basis=basis, day__gte=start, day__lte=end)
    if election_id is not None:
        rows = rows.filter(election_id=election_id)
    # DATE_TRUNC of a date is a timestamp: cast back to the Monday's date.
    bucket = Cast(TruncWeek("day"), DateField()) if weekly else F("day")
    totals = (
        rows.order_by()
        .annotate(bucket=Case(When(dimension="c", then=bucket), default=None, output_field=DateField()))
        .values("dimension", "bucket", "category_id", "phase_id", "child_code")
        .annotate(total=Sum("n"))
        .values_list("dimension", "bucket", "category_id", "phase_id", "child_code", "total")
    )
    by_bucket_category, by_phase, by_child = [], {}, {}
    for dimension, day, category_id, phase_id, child_code, total in totals:
        if not total:
            continue
        if dimension == "c":
            by_bucket_category.append((day, category_id, total))
        elif dimension == "p":
            by_phase[phase_id or None] = total
        else:
            by_child[child_code] = total
    return IncidentDayCounts(by_bucket_category, by_phase, by_child)


def incident_open_counts(*, area_code: str, election_id: int | None) -> dict[int, int]:
    """Open reports (baru, terverifikasi, ditangani) of the kabupaten or kecamatan ``area_code`` per
    severity, from IncidentOpenCount (unscoped: see ``incident_area_wholly_visible``)."""
    rows = IncidentOpenCount.objects.filter(scope_code=area_code)
    if election_id is not None:
        rows = rows.filter(election_id=election_id)
    counts = rows.order_by().values("severity").annotate(total=Sum("n")).values_list("severity", "total")
    return {severity: total for severity, total in counts if total}


def incident_legal_clocks_overdue_count(*, area_code: str, election_id: int | None, now=None) -> int:
    """``legal_clock_overdue_q`` counted for the kabupaten or kecamatan ``area_code``: the clocks that ran
    out before today (WITA) from their daily totals, today's from the reports (the deadline index's
    range of today). Unscoped: see ``incident_area_wholly_visible``."""
    now = now or timezone.now()
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    before = IncidentDayCount.objects.filter(
        scope_code=area_code, basis=COUNT_BASIS_DEADLINE, day__lt=timezone.localdate(now)
    )
    today = Incident.objects.filter(
        legal_clock_overdue_q(now), subtree_q(area_code, "area_code"), bawaslu_deadline__gte=today_start
    )
    if election_id is not None:
        before = before.filter(election_id=election_id)
        today = today.filter(election_id=election_id)
    return (before.aggregate(total=Sum("n"))["total"] or 0) + today.count()
