"""Reads of the registry, and the scoping of every query to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from regions.selectors import subtree_q

from .access import ACCESS_PERMISSIONS, KABUPATEN_WIDE_ROLES, OFFICE_ACCESS
from .models import DutyRoster, Forum, Organisation, Person, Position


def _today() -> date:
    return timezone.localdate()


def position_current_q(*, on: date | None = None, prefix: str = "") -> Q:
    """Q for positions in force on a day (start on or before, no end or end on or after)."""
    day = on or _today()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


@dataclass(frozen=True)
class AccessProfile:
    """What one user may do and see, derived from the positions their person holds today."""

    roles: frozenset[str] = frozenset()
    kabupaten_wide: bool = False
    area_codes: tuple[str, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    person_id: int | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    # (role, area code, organisation id) per current position, for finer checks.
    grants: tuple[tuple[str, str, int], ...] = ()

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def area_codes_for(self, *roles: str) -> tuple[str, ...]:
        return tuple(sorted({code for role, code, _ in self.grants if role in roles}))

    def organisation_ids_for(self, *roles: str) -> tuple[int, ...]:
        return tuple(sorted({org for role, _, org in self.grants if role in roles}))


_EVERYTHING = AccessProfile(kabupaten_wide=True)


def access_profile(user, *, on: date | None = None) -> AccessProfile:
    """The user's access today: one query, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AccessProfile()
    cache_key = f"_access_profile_{on or ''}"
    cached = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    positions = list(
        Position.objects.filter(position_current_q(on=on), person__user=user).values_list(
            "office", "area__code", "organisation_id", "person_id"
        )
    )
    grants = tuple(
        (OFFICE_ACCESS[office], code, org) for office, code, org, _ in positions if office in OFFICE_ACCESS
    )
    roles = frozenset(role for role, _, _ in grants)
    permissions = frozenset(perm for role in roles for perm in ACCESS_PERMISSIONS.get(role, ()))
    person_id = (
        positions[0][3]
        if positions
        else Person.objects.filter(user=user).values_list("id", flat=True).first()
    )
    profile = AccessProfile(
        roles=roles,
        kabupaten_wide=user.is_superuser or bool(roles & KABUPATEN_WIDE_ROLES),
        area_codes=tuple(sorted({code for _, code, _ in grants})),
        organisation_ids=tuple(sorted({org for _, _, org in grants})),
        person_id=person_id,
        permissions=permissions,
        grants=grants,
    )
    setattr(user, cache_key, profile)
    return profile


def area_scope_q(user, *, field: str = "area__code", roles: tuple[str, ...] | None = None) -> Q:
    """Q limiting rows whose area code is ``field`` to the areas (with subtrees) the user covers.

    Kabupaten-wide users and superusers see everything (an empty Q). With
    ``roles``, only the areas of positions giving one of those roles count.
    A user with no position matches nothing.
    """
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return Q()
    codes = profile.area_codes_for(*roles) if roles else profile.area_codes
    if not codes:
        return Q(pk__in=[])
    scope = Q()
    for code in codes:
        scope |= subtree_q(code, field)
    return scope


def person_visible_to(user) -> QuerySet[Person]:
    """People the user may see: all for kabupaten roles; else those holding a position in the user's areas."""
    profile = access_profile(user)
    people = Person.objects.all()
    if profile.kabupaten_wide:
        return people
    if not profile.permissions:
        return people.none()
    in_scope = Position.objects.filter(area_scope_q(user, field="area__code")).values("person_id")
    return people.filter(Q(id__in=in_scope) | Q(id=profile.person_id))


def organisation_visible_to(user) -> QuerySet[Organisation]:
    """Organisations the user may see: kabupaten roles all; else those whose area lies in the user's areas."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return Organisation.objects.all()
    if not profile.permissions:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        area_scope_q(user, field="area__code") | Q(id__in=profile.organisation_ids)
    )


def position_holders(*, offices, area, on: date | None = None) -> QuerySet[Position]:
    """Current holders of the given offices for exactly this area, with person and contacts, in one query."""
    return (
        Position.objects.filter(position_current_q(on=on), office__in=list(offices), area=area)
        .select_related("person", "organisation")
        .order_by("office", "acting", "start_date")
    )


def forum_for_area(*, kind: str, area) -> Forum | None:
    """The forum of a kind for an area, with its seats."""
    return Forum.objects.filter(kind=kind, area=area).prefetch_related("seats").first()


def forum_seat_holders(*, forum: Forum, on: date | None = None) -> list[tuple]:
    """[(seat, [positions])] for a forum on a day; empty lists are empty seats. Two queries."""
    seats = list(forum.seats.all())
    holders: dict[str, list[Position]] = {}
    for position in position_holders(offices=[s.office for s in seats], area=forum.area_id, on=on):
        holders.setdefault(position.office, []).append(position)
    return [(seat, holders.get(seat.office, [])) for seat in seats]


def roster_on_duty(*, office: str, area, at: datetime | None = None) -> QuerySet[DutyRoster]:
    """Shifts covering a moment for an office in an area."""
    moment = at or timezone.now()
    return DutyRoster.objects.filter(
        office=office, area=area, starts_at__lte=moment, ends_at__gt=moment
    ).select_related("person")


def access_profile_forget(user) -> None:
    """Drop the cached profile (after the user's positions changed within one request)."""
    for name in [n for n in vars(user) if n.startswith("_access_profile_")]:
        delattr(user, name)
