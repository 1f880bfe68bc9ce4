"""Reads of the area tree and the election calendar.

Scoping areas and TPS to a user lives in stakeholders.selectors (the layer that knows users).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.conf import kabupaten_codes

from .choices import AdminLevel
from .geo import point_in_geometry
from .models import AdminUnit, Election, ElectionPhase, PollingStation


def subtree_q(code: str, field: str = "code") -> Q:
    """A Q matching the area with this code and every area beneath it, on any code field.

    ``field`` may traverse a relation (``"area__code"``), so other apps scope
    their rows to an area with the same index-backed prefix test.
    """
    return Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})


def code_within(code: str | None, root: str) -> bool:
    """Whether an area code is ``root`` or beneath it: ``subtree_q``'s rule, for rows already loaded."""
    return code is not None and (code == root or code.startswith(f"{root}."))


@lru_cache(maxsize=1)
def _shipped_aliases() -> dict[str, str]:
    with (Path(__file__).resolve().parent / "data" / "shipped.json").open(encoding="utf-8") as fh:
        return dict(json.load(fh).get("aliases", {}))


def adminunit_aliases(*, with_kabupaten: bool = False) -> dict[str, str]:
    """Spellings people use that are not the Kemendagri name ("Sangata"), by the code they mean, from
    ``data/shipped.json``; those naming a kabupaten only with ``with_kabupaten``."""
    return {
        alias: code for alias, code in _shipped_aliases().items() if with_kabupaten or code.count(".") >= 2
    }


def served_kabupaten_q(field: str = "code") -> Q:
    """A Q matching the kabupaten/kota this installation serves (``KABUPATEN_CODES``) and everything
    beneath them, on any code field."""
    scope = Q()
    for code in kabupaten_codes():
        scope |= subtree_q(code, field)
    return scope


def adminunit_subtree(*, area: AdminUnit | str) -> QuerySet[AdminUnit]:
    """The area and everything beneath it, at any depth, in one indexed query."""
    code = area.code if isinstance(area, AdminUnit) else area
    return AdminUnit.objects.filter(subtree_q(code))


def adminunit_ancestors(*, area: AdminUnit) -> QuerySet[AdminUnit]:
    """The areas above this one (kabupaten, kecamatan), nearest last."""
    parts = area.code.split(".")
    codes = [".".join(parts[:i]) for i in range(2, len(parts))]
    return AdminUnit.objects.filter(code__in=codes).order_by("code")


def adminunit_list(
    *,
    level: str | None = None,
    parent: AdminUnit | None = None,
    codes: Iterable[str] | None = None,
    with_parent: bool = True,
) -> QuerySet[AdminUnit]:
    """Areas of one level, directly under one parent and/or with these codes, by code, without the heavy
    boundary columns; ``with_parent=False`` leaves the parent unjoined (for callers that narrow the
    columns with only())."""
    units = AdminUnit.objects.defer("boundary")
    if with_parent:
        units = units.select_related("parent").defer("boundary", "parent__boundary")
    if level:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(parent=parent)
    if codes is not None:
        units = units.filter(code__in=list(codes))
    return units.order_by("code")


def adminunit_get(*, code: str) -> AdminUnit:
    """The area with this code, without its boundary (raises AdminUnit.DoesNotExist)."""
    return AdminUnit.objects.defer("boundary").get(code=code)


def adminunit_find(*, code: str) -> AdminUnit | None:
    """The area with this code, without its boundary, or None."""
    return AdminUnit.objects.defer("boundary").filter(code=code).first()


def adminunit_has_boundaries(*, code: str) -> bool:
    """Whether any kecamatan of this kabupaten has a boundary loaded (so points in it can be tested)."""
    return AdminUnit.objects.filter(
        level=AdminLevel.KECAMATAN, code__startswith=code + ".", boundary__isnull=False
    ).exists()


def adminunit_containing_point(*, lat: float, lng: float, level: str = AdminLevel.DESA) -> AdminUnit | None:
    """The area of the given level whose boundary holds the point, or None (outside the data)."""
    candidates = AdminUnit.objects.filter(
        level=level,
        min_lat__lte=lat,
        max_lat__gte=lat,
        min_lng__lte=lng,
        max_lng__gte=lng,
    ).only("id", "code", "name", "level", "village_type", "boundary", "parent_id")
    for unit in candidates:
        if point_in_geometry(lat, lng, unit.boundary):
            return unit
    return None


def _as_local_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def election_latest() -> Election | None:
    """The election with the latest voting day, or None when no calendar is loaded."""
    return Election.objects.order_by("-voting_date").first()


def election_list() -> QuerySet[Election]:
    """Every election, newest voting day first."""
    return Election.objects.order_by("-voting_date", "code")


def election_find(*, code: str) -> Election | None:
    """The election with this code, or None."""
    return Election.objects.filter(code=code).first()


def election_at(*, moment: date | datetime) -> Election | None:
    """The election whose calendar (its main phases) covers the moment's WITA date; of two, the one
    voting later. None when no calendar covers the day."""
    day = _as_local_date(moment)
    return (
        Election.objects.filter(phases__is_main=True, phases__start_date__lte=day, phases__end_date__gte=day)
        .order_by("-voting_date")
        .first()
    )


def election_current(*, moment: date | datetime | None = None) -> Election | None:
    """The current election: the one an administrator pinned (``services.election_set_current``), else the
    one whose calendar covers the day, else the nearest upcoming, else the latest.

    With an explicit ``moment`` the pin is ignored: the election of that day is asked for.
    """
    if moment is None:
        pinned = Election.objects.filter(is_pinned=True).first()
        if pinned is not None:
            return pinned
    day = _as_local_date(moment or timezone.now())
    covering = election_at(moment=day)
    if covering:
        return covering
    upcoming = Election.objects.filter(voting_date__gte=day).order_by("voting_date").first()
    return upcoming or Election.objects.order_by("-voting_date").first()


def election_for_event(*, moment: date | datetime) -> Election | None:
    """The election an event at ``moment`` belongs to: the one whose calendar covers its day, else the
    current one (a report between elections belongs to the election being prepared or just held)."""
    return election_at(moment=moment) or election_current()


def pollingstation_list(*, election: Election | None = None) -> QuerySet[PollingStation]:
    """TPS with their desa and election, without the desa's boundary; of one election when given."""
    stations = PollingStation.objects.select_related("desa", "election").defer("desa__boundary")
    if election is not None:
        stations = stations.filter(election=election)
    return stations


def pollingstation_by_number(
    *, desa: AdminUnit, number: int, election: Election | None = None
) -> PollingStation | None:
    """The TPS with this number in the desa, of the given election (the current one by default), or None."""
    election = election or election_current()
    stations = PollingStation.objects.filter(desa=desa, number=number).select_related("desa")
    if election is not None:
        stations = stations.filter(election=election)
    return stations.defer("desa__boundary").first()


def pollingstation_for_desa(*, desa: AdminUnit, election: Election | None = None) -> QuerySet[PollingStation]:
    """The TPS of one desa for an election (the current one by default), by number."""
    election = election or election_current()
    stations = PollingStation.objects.filter(desa=desa).defer("desa__boundary")
    if election is not None:
        stations = stations.filter(election=election)
    return stations.order_by("number")


def pollingstation_summary(*, area: AdminUnit, election: Election | None = None) -> dict:
    """How many TPS and DPT voters (men, women, total) an area holds for an election (current by default)."""
    from django.db.models import Count, Sum

    election = election or election_current()
    stations = PollingStation.objects.filter(subtree_q(area.code, "desa__code"))
    if election is not None:
        stations = stations.filter(election=election)
    totals = stations.aggregate(
        tps=Count("id"), men=Sum("voters_men"), women=Sum("voters_women"), voters=Sum("voters")
    )
    return {"election": election, **{k: v or 0 for k, v in totals.items()}}


def electionphase_list(*, election: Election | None = None) -> QuerySet[ElectionPhase]:
    """Every phase with its election, newest election first, in calendar order within it."""
    phases = ElectionPhase.objects.select_related("election").order_by("-election__voting_date", "sequence")
    if election is not None:
        phases = phases.filter(election=election)
    return phases


def electionphase_at(*, moment: date | datetime, election: Election | None = None) -> ElectionPhase | None:
    """The main phase in force at a moment (WITA date). Main phases overlap, so the most specific wins:
    the shortest covering main phase, then the later election, then the earlier in the calendar. None
    outside every main phase. Sub-phases never label a report (see ``electionphase_subphases_at``).
    """
    day = _as_local_date(moment)
    phases = ElectionPhase.objects.filter(
        is_main=True, start_date__lte=day, end_date__gte=day
    ).select_related("election")
    if election is not None:
        phases = phases.filter(election=election)
    candidates = list(phases)
    if not candidates:
        return None
    return min(
        candidates, key=lambda p: (p.end_date - p.start_date, -p.election.voting_date.toordinal(), p.sequence)
    )


def electionphase_subphases_at(*, moment: date | datetime, election: Election | None) -> list[ElectionPhase]:
    """The sub-phases (e.g. logistics distribution) running at a moment in the election's calendar,
    shown beside the main phase."""
    if election is None:
        return []
    return list(electionphase_subphases_on(day=_as_local_date(moment), election=election))


def electionphase_subphases_on(*, day, election) -> QuerySet[ElectionPhase]:
    """The sub-phases of an election running on a day, in calendar order; ``day`` and ``election`` may be
    expressions (``OuterRef``), so another app's page can read them with its own row."""
    return ElectionPhase.objects.filter(
        election=election, is_main=False, start_date__lte=day, end_date__gte=day
    ).order_by("sequence")


def adminunit_child_boundaries(*, area: AdminUnit) -> list[dict]:
    """The children of the area that have a boundary, as dicts of code, name, village_type, boundary,
    centroid_lat and centroid_lng (one query)."""
    return [
        dict(row)
        for row in AdminUnit.objects.filter(parent=area, boundary__isnull=False).values(
            "code", "name", "village_type", "boundary", "centroid_lat", "centroid_lng"
        )
    ]
