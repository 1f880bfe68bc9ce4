"""Reads of the registry, and the scoping of every query to what a user may see."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext

from core.conf import kabupaten_code, kabupaten_codes
from core.imports.parsers import person_name_display
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, code_within, pollingstation_list, subtree_q

from .access import (
    ACCESS_PERMISSIONS,
    ADMIN_OFFICES,
    GRANT_PERMISSION,
    KABUPATEN_WIDE_ROLES,
    OFFICE_ACCESS,
    PRIVILEGED_OFFICES,
    PROVINCIAL_OFFICES,
    ROLE_RANK,
    office_rank,
)
from .choices import AccessRole, ContactKind, GrantStatus, Office
from .models import (
    ContactPoint,
    DutyRoster,
    Forum,
    ForumSeat,
    NonActivePeriod,
    Organisation,
    Person,
    Position,
    PositionRequest,
)

if TYPE_CHECKING:
    from regions.models import AdminUnit, PollingStation

# A code of this many parts is a kecamatan (64.08.04); a longer one lies inside a kecamatan.
_KECAMATAN_CODE_PARTS = 3


def _today() -> date:
    return timezone.localdate()


def position_current_q(*, on: date | None = None, prefix: str = "") -> Q:
    """Q for positions in force on a day (start on or before, no end or end on or after)."""
    day = on or _today()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def position_active_q(*, on: date | None = None) -> Q:
    """Q for positions in force on a day whose holder is not non-active then (cuti kampanye, cuti,
    suspended: a NonActivePeriod covering the day). Access, forum seats and alert targets use it, so the
    acting holder (Pjs, Plt, Plh) takes over for the period."""
    day = on or _today()
    resting = NonActivePeriod.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return position_current_q(on=day) & ~Q(pk__in=resting.values("position_id"))


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

    def covers(self, code: str | None, *roles: str) -> bool:
        """Whether the area ``code`` lies in the user's areas (of positions giving one of ``roles``, when
        given): ``area_scope_q``'s rule, decided without a query."""
        if self.kabupaten_wide:
            return True
        codes = self.area_codes_for(*roles) if roles else self.area_codes
        return any(code_within(code, root) for root in codes)


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
        Position.objects.filter(position_active_q(on=on), person__user=user).values_list(
            "office", "area__code", "organisation_id", "person_id"
        )
    )
    grants = tuple(
        (role, _wide_area(code) if role in KABUPATEN_WIDE_ROLES else code, org)
        for office, code, org, _ in positions
        if (role := OFFICE_ACCESS.get(office))
    )
    roles = frozenset(role for role, _, _ in grants)
    permissions = frozenset(perm for role in roles for perm in ACCESS_PERMISSIONS.get(role, ()))
    wide_codes = {code for role, code, _ in grants if role in KABUPATEN_WIDE_ROLES}
    person_id = (
        positions[0][3]
        if positions
        else Person.objects.filter(user=user).values_list("id", flat=True).first()
    )
    profile = AccessProfile(
        roles=roles,
        kabupaten_wide=user.is_superuser or _covers_every_kabupaten(wide_codes),
        area_codes=tuple(sorted({code for _, code, _ in grants})),
        organisation_ids=tuple(sorted({org for _, _, org in grants})),
        person_id=person_id,
        permissions=permissions,
        grants=grants,
    )
    setattr(user, cache_key, profile)
    return profile


def _wide_area(code: str) -> str:
    """The area a kabupaten-wide office covers: its kabupaten (or the province, for a provincial office),
    whatever part of it the position names."""
    return ".".join(code.split(".")[:2])


def _covers_every_kabupaten(codes: set[str]) -> bool:
    """Whether kabupaten-wide offices in these areas (kabupaten or province codes) cover every kabupaten
    the installation serves: only then do they see everything. With one kabupaten its leaders do; with
    several, a kabupaten's leaders see their own and a province's every one below it."""
    return bool(codes) and all(
        any(served == code or served.startswith(code + ".") for code in codes) for served in kabupaten_codes()
    )


def home_kabupaten_for(user) -> str:
    """The served kabupaten a user belongs to: the first one their positions lie in (or lie above, for a
    provincial office), else the installation's first (``KABUPATEN_CODE``)."""
    served = kabupaten_codes()
    for code in access_profile(user).area_codes:
        for kabupaten in served:
            if kabupaten == code or kabupaten.startswith(code + ".") or code.startswith(kabupaten + "."):
                return kabupaten
    return kabupaten_code()


def person_home_kabupaten(person) -> str | None:
    """The one served kabupaten the person's current positions lie in (None: none, or several, as for a
    provincial office); one query."""
    if person is None:
        return None
    codes = Position.objects.filter(position_active_q(), person=person).values_list("area__code", flat=True)
    homes = {k for code in codes for k in kabupaten_codes() if code == k or code.startswith(k + ".")}
    return homes.pop() if len(homes) == 1 else None


def person_holds_office_within(person, area_code: str) -> bool:
    """Whether the person holds a current position in the area ``area_code`` or beneath it; one query."""
    return Position.objects.filter(
        position_current_q(), subtree_q(area_code, "area__code"), person=person
    ).exists()


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


def position_not_ended_q(*, on: date | None = None, prefix: str = "") -> Q:
    """Q for positions not ended on a day: in force, or still to come."""
    day = on or _today()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})


def person_for_user(user) -> Person | None:
    """The person whose account this is, or None (an account belongs to one person at most)."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def person_list(
    *, ids: Iterable[int] | QuerySet[Any, Any] | None = None, users=None, full_name: str | None = None
) -> QuerySet[Person]:
    """People of the registry (unscoped, for services and jobs), narrowed to ``ids``, to the owners of
    ``users``, or to an exact name (case-insensitive); by name."""
    people = Person.objects.all()
    if ids is not None:
        people = people.filter(pk__in=ids)
    if users is not None:
        people = people.filter(user__in=users)
    if full_name is not None:
        people = people.filter(full_name__iexact=full_name.strip())
    return people.order_by("full_name", "id")


def organisation_list(
    *, ids: list[int] | None = None, org_types=None, active: bool | None = None, name: str | None = None
) -> QuerySet[Organisation]:
    """Organisations of the registry (unscoped, for services and jobs), narrowed to ``ids``, to some
    types, to active (or inactive) ones, or to an exact name (case-insensitive); by name."""
    organisations = Organisation.objects.all()
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    if org_types is not None:
        organisations = organisations.filter(org_type__in=org_types)
    if active is not None:
        organisations = organisations.filter(is_active=active)
    if name is not None:
        organisations = organisations.filter(name__iexact=name.strip())
    return organisations.order_by("name", "id")


def contact_point_notifiable_list(*, person_ids: list[int]) -> QuerySet[ContactPoint]:
    """The verified contact points of these people that may be notified, by person then preference."""
    return ContactPoint.objects.filter(person_id__in=person_ids, notifiable=True, verified=True).order_by(
        "person_id", "preference", "id"
    )


def person_by_verified_contact(*, kinds: Iterable[str], value: str) -> Person | None:
    """The one person holding this verified contact (a WhatsApp/SMS number, a Telegram chat id), or None
    when nobody or more than one person does (an inbound channel then treats the sender as unknown)."""
    if not value:
        return None
    people = list(
        Person.objects.filter(
            contact_points__kind__in=list(kinds), contact_points__value=value, contact_points__verified=True
        ).distinct()[:2]
    )
    return people[0] if len(people) == 1 else None


def person_ids_with_active_account(*, person_ids: Iterable[int]) -> set[int]:
    """Which of these people own an active user account (so an in-app message can reach them); one query."""
    return set(
        Person.objects.filter(pk__in=list(person_ids), user__isnull=False, user__is_active=True).values_list(
            "pk", flat=True
        )
    )


def person_without_notifiable_contact(queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People (of ``queryset``, default all) with no verified contact point that may be notified."""
    reachable = ContactPoint.objects.filter(person=OuterRef("pk"), notifiable=True, verified=True)
    return (queryset if queryset is not None else Person.objects.all()).filter(~Exists(reachable))


def organisation_current_for(*, person: Person) -> Organisation | None:
    """The organisation of the person's most recent position in force today, if any."""
    position = (
        Position.objects.filter(position_current_q(), person=person)
        .select_related("organisation")
        .order_by("-start_date")
        .first()
    )
    return position.organisation if position else None


def position_current_list(*, offices=None, on: date | None = None) -> QuerySet[Position]:
    """Positions in force on a day (today by default), optionally of some offices, with person,
    organisation and area (no boundary)."""
    positions = Position.objects.filter(position_current_q(on=on))
    if offices is not None:
        positions = positions.filter(office__in=offices)
    return positions.select_related("person", "organisation", "area").defer("area__boundary")


def person_visible_to(user) -> QuerySet[Person]:
    """People the user may see: all for kabupaten roles; else those holding a position in the user's areas
    that has not ended (a person who left the area years ago is out of scope), and the user's own person.
    """
    profile = access_profile(user)
    people = Person.objects.all()
    if profile.kabupaten_wide:
        return people
    if not profile.permissions:
        return people.none()
    in_scope = Position.objects.filter(position_not_ended_q(), area_scope_q(user, field="area__code")).values(
        "person_id"
    )
    return people.filter(Q(id__in=in_scope) | Q(id=profile.person_id))


def person_administered_by(user) -> QuerySet[Person] | None:
    """The people whose messages a kabupaten administrator looks after: None for every person (the
    installation's administrators: one kabupaten served, a superuser); with several kabupaten served,
    those holding a position not ended in the administrator's kabupaten; nobody for anyone else."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    if not profile.has_role(AccessRole.KABUPATEN_ADMIN):
        return Person.objects.none()
    in_scope = Position.objects.filter(
        position_not_ended_q(), area_scope_q(user, field="area__code", roles=(AccessRole.KABUPATEN_ADMIN,))
    ).values("person_id")
    return Person.objects.filter(id__in=in_scope)


def person_email_addresses(*, people: QuerySet[Person]) -> list[str]:
    """The email addresses of these people: their email contact points and their accounts' emails."""
    contacts = ContactPoint.objects.filter(person__in=people, kind=ContactKind.EMAIL).values_list(
        "value", flat=True
    )
    accounts = people.exclude(user__email="").filter(user__isnull=False).values_list("user__email", flat=True)
    return sorted({*contacts, *accounts})


@dataclass(frozen=True)
class PersonMatch:
    """What the registry holds about one person, for matching an import's rows against it."""

    id: int
    display_name: str
    honorific: str
    degrees: str
    contacts: frozenset[tuple[str, str]]  # (kind, value)
    organisations: frozenset[int]
    positions: frozenset[tuple]  # (office, area_id, organisation_id, acting, start_date, end_date)

    @property
    def phones(self) -> set[str]:
        return {value for _kind, value in self.contacts}


def person_match_index(
    user, *, names: Iterable[str] | None = None, fold: Callable[[str], str] | None = None
) -> dict[str, list[PersonMatch]]:
    """People the user may see, by name key (``fold(full_name)``), with their contacts and positions:
    three queries, however many people. ``names`` limits it to people of those names (any case),
    for a check of a few rows."""
    people = person_visible_to(user)
    if names is not None:
        people = people.annotate(upper_name=Upper("full_name")).filter(
            upper_name__in=sorted({name.strip().upper() for name in names})
        )
    rows = list(people.values_list("id", "full_name", "honorific", "degrees"))
    key_of = fold or (lambda text: " ".join(text.lower().split()))
    ids = [row[0] for row in rows]
    contacts: dict[int, set[tuple[str, str]]] = {}
    positions: dict[int, set[tuple]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for person_id, kind, value in ContactPoint.objects.filter(person_id__in=chunk).values_list(
            "person_id", "kind", "value"
        ):
            contacts.setdefault(person_id, set()).add((kind, value))
        for position in Position.objects.filter(person_id__in=chunk).values_list(
            "person_id", "office", "area_id", "organisation_id", "acting", "start_date", "end_date"
        ):
            positions.setdefault(position[0], set()).add(tuple(position[1:]))
    index: dict[str, list[PersonMatch]] = {}
    for person_id, full_name, honorific, degrees in rows:
        held = positions.get(person_id, set())
        index.setdefault(key_of(full_name), []).append(
            PersonMatch(
                id=person_id,
                display_name=person_name_display(honorific, full_name, degrees),
                honorific=honorific,
                degrees=degrees,
                contacts=frozenset(contacts.get(person_id, set())),
                organisations=frozenset(position[2] for position in held),
                positions=frozenset(held),
            )
        )
    return index


def people_of_organisations(
    *, organisation_ids: tuple[int, ...] = (), org_types: tuple[str, ...] = (), on: date | None = None
) -> QuerySet[Person]:
    """People holding a position today in one of these organisations, or in an organisation of these types."""
    match = Q(organisation_id__in=list(organisation_ids)) | Q(organisation__org_type__in=list(org_types))
    holders = Position.objects.filter(position_current_q(on=on)).filter(match).values("person_id")
    return Person.objects.filter(id__in=holders)


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
    """Current holders of the given offices for exactly this area, with person and contacts, in one query;
    a holder non-active that day (cuti kampanye, suspended) is left out, so the acting holder is the one."""
    return (
        Position.objects.filter(position_active_q(on=on), office__in=list(offices), area=area)
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


# --- who may grant which office ---------------------------------------------------


@dataclass(frozen=True)
class GrantScope:
    """Where a user may grant offices, and up to which rank (see access.ROLE_RANK)."""

    # Superusers and kabupaten administrators: any office, privileged ones at kabupaten level.
    administrator: bool = False
    # (area code, highest rank grantable there) per current position that may write positions.
    areas: tuple[tuple[str, int], ...] = ()

    @property
    def grants_anything(self) -> bool:
        return self.administrator or bool(self.areas)

    def rank_at(self, area_code: str) -> int:
        """The highest rank the user may grant in an area; -1 outside every area they write."""
        if self.administrator:
            return max(ROLE_RANK.values())
        ranks = [rank for code, rank in self.areas if area_code == code or area_code.startswith(code + ".")]
        return max(ranks, default=-1)


def grant_scope(user) -> GrantScope:
    """The offices and areas ``user`` may grant, from the positions they hold today (no extra query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return GrantScope()
    if user.is_superuser:
        return GrantScope(administrator=True)
    profile = access_profile(user)
    # A kabupaten administrator administers the installation only when it serves their kabupaten alone
    # (or all of its kabupaten lie below their province); otherwise they grant within their own.
    if AccessRole.KABUPATEN_ADMIN in profile.roles and profile.kabupaten_wide:
        return GrantScope(administrator=True)
    areas = tuple(
        sorted(
            {
                (code, ROLE_RANK.get(role, 0))
                for role, code, _org in profile.grants
                if GRANT_PERMISSION in ACCESS_PERMISSIONS.get(role, ())
            }
        )
    )
    return GrantScope(areas=areas)


def grantable_offices(user) -> list[str]:
    """Offices the user may grant somewhere, in the order of ``Office``."""
    scope = grant_scope(user)
    if scope.administrator:
        return list(Office.values)
    top = max((rank for _code, rank in scope.areas), default=-1)
    return [
        office for office in Office.values if office not in PRIVILEGED_OFFICES and office_rank(office) <= top
    ]


def grantable_area_choices(user, *, levels: tuple[str, ...] | None = None) -> QuerySet[AdminUnit]:
    """Areas in which the user may grant an office (with everything beneath), for form fields."""
    scope = grant_scope(user)
    units = adminunit_list(with_parent=False)
    if not scope.administrator:
        if not scope.areas:
            return units.none()
        within = Q()
        for code, _rank in scope.areas:
            within |= subtree_q(code, "code")
        units = units.filter(within)
    if levels:
        units = units.filter(level__in=levels)
    return units


def position_grant_refusal(
    *, user, person: Person, office: str, area, own_allowed: bool = False
) -> dict[str, str]:
    """Why ``user`` may not give ``person`` ``office`` in ``area`` ({field: message}); empty if they may.

    The rules (issue 12): only users who may write positions; never to their own person; an office
    whose role covers the kabupaten only by a kabupaten administrator and only at kabupaten level;
    any other office only in an area the user writes, and only if its role ranks at most as high as
    the user's own there. ``own_allowed`` lifts the own-person rule (ending one's own office).
    """
    if user is None:
        return {}
    scope = grant_scope(user)
    if not scope.grants_anything or not user.has_perm(GRANT_PERMISSION):
        return {"office": gettext("Anda tidak berhak memberikan jabatan.")}
    if not own_allowed and person.user_id is not None and person.user_id == user.pk:
        return {"office": gettext("Anda tidak boleh memberikan jabatan kepada diri sendiri.")}
    label = dict(Office.choices).get(office, office)
    if office in PRIVILEGED_OFFICES:
        if not scope.administrator:
            return {
                "office": gettext(
                    "%(office)s memberi akses ke seluruh kabupaten: hanya administrator kabupaten yang "
                    "boleh memberikannya."
                )
                % {"office": label}
            }
        if office in PROVINCIAL_OFFICES and area.level != AdminLevel.PROVINSI:
            return {"area": gettext("%(office)s dicatat di tingkat provinsi.") % {"office": label}}
        if office not in PROVINCIAL_OFFICES and area.level != AdminLevel.KABUPATEN:
            return {"area": gettext("%(office)s dicatat di tingkat kabupaten.") % {"office": label}}
        return {}
    allowed = scope.rank_at(area.code)
    if allowed < 0:
        return {"area": gettext("Wilayah %(area)s di luar wilayah yang Anda kelola.") % {"area": area}}
    if office_rank(office) > allowed:
        return {
            "office": gettext("%(office)s memberi akses lebih tinggi daripada akses Anda di wilayah ini.")
            % {"office": label}
        }
    return {}


def _admin_holder_ids(*, field: str, on: date | None, area_codes: Iterable[str] | None) -> Any:
    """``field`` (``person_id`` or ``person__user_id``) of the holders of a Kesbangpol office today; with
    ``area_codes``, only those who decide for an office in one of these areas: the installation's
    administrators (one kabupaten served, or Kesbangpol offices covering every served kabupaten) and,
    with several kabupaten served, the Kesbangpol of a kabupaten holding one of the areas. The one rule
    for who approves a privileged grant and who is told about it (``position_request_visible_to`` and
    ``position_request_decidable`` apply it to one user)."""
    holders = Position.objects.filter(position_current_q(on=on), office__in=sorted(ADMIN_OFFICES))
    if area_codes is None:
        return holders.values(field)
    areas = tuple(area_codes)
    wide: dict[int, set[str]] = {}
    for ident, code in holders.filter(**{f"{field}__isnull": False}).values_list(field, "area__code"):
        wide.setdefault(ident, set()).add(_wide_area(code))
    return [
        ident
        for ident, codes in wide.items()
        if _covers_every_kabupaten(codes) or any(code_within(area, code) for area in areas for code in codes)
    ]


def kabupaten_admin_users(*, on: date | None = None, area_code: str | None = None) -> QuerySet:
    """Active accounts that administer the kabupaten: superusers and holders of a Kesbangpol office today.

    With ``area_code``, those who decide a request for an office there: superusers, the installation's
    administrators (one kabupaten served, or Kesbangpol offices covering every served kabupaten) and,
    with several kabupaten served, the Kesbangpol of the kabupaten holding the area.
    """
    from django.contrib.auth import get_user_model

    ids = _admin_holder_ids(
        field="person__user_id", on=on, area_codes=None if area_code is None else (area_code,)
    )
    return get_user_model().objects.filter(Q(is_superuser=True) | Q(id__in=ids), is_active=True)


def kabupaten_admin_people(*, area_codes: Iterable[str], on: date | None = None) -> QuerySet[Person]:
    """Who is told about a privileged grant, request or decision for offices in ``area_codes``: the
    people of active superuser accounts and the holders of a Kesbangpol office today who decide for one
    of these areas (``kabupaten_admin_users``' rule: with several kabupaten served, another kabupaten's
    Kesbangpol is not told). No area: the installation's administrators only."""
    ids = _admin_holder_ids(field="person_id", on=on, area_codes=area_codes)
    return Person.objects.filter(Q(id__in=ids) | Q(user__is_superuser=True, user__is_active=True))


def position_request_decidable(user, *, area_code: str) -> bool:
    """Whether the user may decide (approve, refuse) a request for an office in this area: the
    installation's administrators any; with several kabupaten served, a kabupaten's Kesbangpol those for
    an office of its own kabupaten (the request's area in it)."""
    if not user.has_perm("stakeholders.approve_positionrequest"):
        return False
    if grant_scope(user).administrator:
        return True
    return access_profile(user).has_role(AccessRole.KABUPATEN_ADMIN) and access_profile(user).covers(
        area_code, AccessRole.KABUPATEN_ADMIN
    )


def position_request_approval_refusal(*, user, request: PositionRequest) -> dict[str, str]:
    """Why ``user`` may not approve ``request`` ({field: message}); empty if they may. The installation's
    administrators follow the grant rules (``position_grant_refusal``); with several kabupaten served, a
    kabupaten's Kesbangpol is the second administrator for a grant filed for an office of its own
    kabupaten (where and at which level the office is recorded was checked when it was filed)."""
    if grant_scope(user).administrator:
        return position_grant_refusal(
            user=user, person=request.person, office=request.office, area=request.area
        )
    if request.person.user_id is not None and request.person.user_id == user.pk:
        return {"office": gettext("Anda tidak boleh memberikan jabatan kepada diri sendiri.")}
    if not position_request_decidable(user, area_code=request.area.code):
        return {
            "area": gettext("Wilayah %(area)s di luar wilayah yang Anda kelola.") % {"area": request.area}
        }
    return {}


def position_request_visible_to(user) -> QuerySet[PositionRequest]:
    """Requests for privileged offices: the installation's administrators see them all; with several
    kabupaten served, a kabupaten's Kesbangpol those for an office in its own kabupaten; nobody else any."""
    if not user.has_perm("stakeholders.view_positionrequest"):
        return PositionRequest.objects.none()
    requests = PositionRequest.objects.select_related(
        "person", "organisation", "area", "requested_by", "decided_by", "position"
    )
    if grant_scope(user).administrator:
        return requests
    if not access_profile(user).has_role(AccessRole.KABUPATEN_ADMIN):
        return PositionRequest.objects.none()
    return requests.filter(area_scope_q(user, field="area__code", roles=(AccessRole.KABUPATEN_ADMIN,)))


def position_request_pending(user) -> QuerySet[PositionRequest]:
    """Pending requests the user sees, oldest first."""
    return position_request_visible_to(user).filter(status=GrantStatus.PENDING).order_by("requested_at", "id")


# --- directory ------------------------------------------------------------------


def name_search(queryset: QuerySet, field: str, text: str) -> QuerySet:
    """Keep rows where every typed word starts a word of ``field`` ("bud sant" finds "Budi Santoso").

    Served by the field's GIN full-text index (``SearchVector(field, config="simple")``).
    """
    words = re.findall(r"\w+", text or "")
    if not words:
        return queryset
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), config="simple", search_type="raw")
    return queryset.alias(_name_fts=SearchVector(field, config="simple")).filter(_name_fts=query)


def _current_positions_prefetch(on: date | None = None) -> Prefetch:
    return Prefetch(
        "positions",
        queryset=Position.objects.filter(position_current_q(on=on))
        .select_related("organisation", "area")
        .defer("area__boundary")
        .order_by("office", "start_date"),
        to_attr="current_positions",
    )


def person_directory(
    user,
    *,
    q: str = "",
    office: str = "",
    organisation: str = "",
    area_code: str = "",
) -> QuerySet[Person]:
    """People the user may see, filtered by name, office, organisation name and area (current positions).

    A fixed number of queries whatever the size: the page and one prefetch of current positions
    (``people_reachable_mark`` then marks the page's people who can be notified, in one more).
    """
    people = name_search(person_visible_to(user), "full_name", q)
    if office or organisation or area_code:
        positions = Position.objects.filter(position_current_q(), person=OuterRef("pk"))
        if office:
            positions = positions.filter(office=office)
        if area_code:
            positions = positions.filter(subtree_q(area_code, "area__code"))
        if organisation:
            positions = positions.filter(
                organisation__in=name_search(Organisation.objects.all(), "name", organisation)
            )
        people = people.filter(Exists(positions))
    return people.prefetch_related(_current_positions_prefetch()).order_by("full_name", "id")


def people_reachable_mark(people: Iterable[Person]) -> None:
    """Set ``reachable`` (has a notifiable contact) on each of these people, in one query.

    For a directory page: asked of the page's 25 people, not annotated on the directory's query, where
    PostgreSQL would evaluate it for every row an OFFSET skips as well (some 2,000 probes at page 80).
    """
    people = list(people)
    reachable = set(
        ContactPoint.objects.filter(person_id__in=[p.pk for p in people], notifiable=True)
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person in people:
        person.reachable = person.pk in reachable  # type: ignore[attr-defined]  # for the page's template


def organisation_directory(
    user, *, q: str = "", org_type: str = "", area_code: str = ""
) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered by name, type and area; parent and area joined."""
    organisations = name_search(organisation_visible_to(user), "name", q)
    if org_type:
        organisations = organisations.filter(org_type=org_type)
    if area_code:
        organisations = organisations.filter(subtree_q(area_code, "area__code"))
    return organisations.select_related("parent", "area").defer("area__boundary").order_by("name", "id")


def area_choices_for(
    user, *, levels: tuple[str, ...] | None = None, roles: tuple[str, ...] | None = None
) -> QuerySet[AdminUnit]:
    """Areas the user covers (with everything beneath), for form fields and filters; with ``roles``, only
    the areas of positions giving one of those roles."""
    units = adminunit_list(with_parent=False).filter(area_scope_q(user, field="code", roles=roles))
    if levels:
        units = units.filter(level__in=levels)
    return units


def adminunit_visible_to(user, *, level: str | None = None) -> QuerySet[AdminUnit]:
    """Areas the user covers (their areas and everything beneath; all for kabupaten roles), no boundary."""
    return adminunit_list(level=level, with_parent=False).filter(area_scope_q(user, field="code"))


def pollingstation_visible_to(user) -> QuerySet[PollingStation]:
    """TPS whose desa the user covers, with desa and election."""
    return pollingstation_list().filter(area_scope_q(user, field="desa__code"))


def kecamatan_reachable_by(user) -> QuerySet[AdminUnit]:
    """Kecamatan the user covers or covers a part of (a desa officer reaches their desa's kecamatan)."""
    profile = access_profile(user)
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False)
    if profile.kabupaten_wide:
        return kecamatan
    scope = Q(pk__in=[])
    for code in profile.area_codes:
        parts = code.split(".")
        # A kabupaten or kecamatan area reaches the kecamatan in it; a desa its own kecamatan.
        scope |= subtree_q(code) if len(parts) <= _KECAMATAN_CODE_PARTS else Q(code=".".join(parts[:3]))
    return kecamatan.filter(scope)


def kabupaten_reachable_by(user) -> list[str]:
    """The served kabupaten/kota (codes, in code order) a user's positions lie in or above: every one for a
    kabupaten-wide user (a provincial office among them); decided from the access profile, no query."""
    profile = access_profile(user)
    served = sorted(kabupaten_codes())
    if profile.kabupaten_wide:
        return served
    return [
        kabupaten
        for kabupaten in served
        if any(code_within(kabupaten, code) or code_within(code, kabupaten) for code in profile.area_codes)
    ]


def person_positions(*, person: Person) -> QuerySet[Position]:
    """All positions of a person, current and past, newest first, with their non-active periods."""
    return (
        person.positions.select_related("organisation", "area")
        .defer("area__boundary")
        .prefetch_related(
            Prefetch("non_active_periods", queryset=NonActivePeriod.objects.order_by("start_date", "id"))
        )
        .order_by("-start_date", "-id")
    )


def position_visible_to(user) -> QuerySet[Position]:
    """Positions the user may see: those held in the user's areas and those of the people they see
    (all for kabupaten roles), with person, organisation and area."""
    positions = Position.objects.select_related("person", "organisation", "area").defer("area__boundary")
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return positions
    if not profile.permissions:
        return positions.none()
    return positions.filter(person__in=person_visible_to(user).values("pk"))


def person_forums(*, person: Person, on: date | None = None) -> QuerySet[Forum]:
    """Forums in which one of the person's current positions fills a seat."""
    seats = ForumSeat.objects.filter(
        forum=OuterRef("pk"),
        office__in=Position.objects.filter(
            position_current_q(on=on), person=person, area=OuterRef(OuterRef("area"))
        ).values("office"),
    )
    return (
        Forum.objects.filter(Exists(seats))
        .select_related("area")
        .defer("area__boundary")
        .order_by("area__code", "kind")
    )


def organisation_people(*, organisation: Organisation, on: date | None = None) -> QuerySet[Position]:
    """Current positions held in an organisation, with person and area."""
    return (
        organisation.positions.filter(position_current_q(on=on))
        .select_related("person", "area")
        .defer("area__boundary")
        .order_by("office", "person__full_name")
    )


def forum_visible_to(user) -> QuerySet[Forum]:
    """Forums of the areas the user covers (kabupaten roles: all)."""
    profile = access_profile(user)
    if not profile.kabupaten_wide and not profile.permissions:
        return Forum.objects.none()
    return Forum.objects.filter(area_scope_q(user, field="area__code"))


def dutyroster_visible_to(user) -> QuerySet[DutyRoster]:
    """Duty shifts for the areas the user covers (kabupaten roles: all)."""
    profile = access_profile(user)
    if not profile.kabupaten_wide and not profile.permissions:
        return DutyRoster.objects.none()
    return DutyRoster.objects.filter(area_scope_q(user, field="area__code"))


def contact_mask(value: str) -> str:
    """'+6281234567890' -> '+62812•••••890'; 'budi@contoh.id' -> 'b•••@contoh.id'."""
    if "@" in value and not value.startswith("@"):
        local, _, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    if len(value) <= 4:
        return "•" * len(value)
    keep = 6 if value.startswith("+") else 2
    return value[:keep] + "•" * max(len(value) - keep - 3, 3) + value[-3:]


# --- history ----------------------------------------------------------------------

_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    """One change: when, who, on what, and which fields went from what to what."""

    when: datetime
    who: object
    action: str
    subject: str
    changes: list[tuple[str, str, str]]


def _display(model, field_name: str, value) -> str:
    if value is None or value == "":
        return "-"
    field_obj = model._meta.get_field(field_name)
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    return str(value)


def change_history(
    *histories: tuple[QuerySet, Callable[[Any], str]],
    limit: int = 50,
    masked: dict[type, set[str]] | None = None,
) -> list[HistoryEntry]:
    """Merged change log of several historical querysets, newest first; one query per queryset.

    Each argument is (historical queryset, labeller(record) -> str). ``masked`` names, per model,
    fields whose old and new values are shown through ``contact_mask`` (for users who see contacts
    masked, so the history does not give away what the contact list hides).
    """
    masked = masked or {}
    entries: list[HistoryEntry] = []
    for records, labeller in histories:
        rows = list(records.select_related("history_user").order_by("id", "history_date", "history_id"))
        previous: dict[int, object] = {}
        for record in rows:
            model = record.instance_type
            hidden = masked.get(model, set())
            before = previous.get(record.id)
            changes: list[tuple[str, str, str]] = []
            if before is not None and record.history_type == "~":
                for change in record.diff_against(before).changes:
                    if change.field in {"updated_at", "created_at"}:
                        continue
                    old = _display(model, change.field, change.old)
                    new = _display(model, change.field, change.new)
                    if change.field in hidden:
                        old, new = (value if value == "-" else contact_mask(value) for value in (old, new))
                    changes.append((str(model._meta.get_field(change.field).verbose_name), old, new))
                if not changes:
                    previous[record.id] = record
                    continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=_ACTIONS[record.history_type],
                    subject=labeller(record),
                    changes=changes,
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- coverage gaps ----------------------------------------------------------------

EXPECTED_FORUM: dict[str, str] = {AdminLevel.DESA: "tiga_pilar_desa", AdminLevel.KECAMATAN: "forkopimcam"}


@dataclass
class AreaGaps:
    """What is missing in one area: a forum, seat holders, notifiable or verified contacts."""

    area: AdminUnit
    missing_forum: str = ""
    empty_seats: list[tuple[Forum, ForumSeat]] = field(default_factory=list)
    unreachable: list[Position] = field(default_factory=list)
    unverified: list[Position] = field(default_factory=list)

    @property
    def has_gaps(self) -> bool:
        return bool(self.missing_forum or self.empty_seats or self.unreachable or self.unverified)


def _instance(model, db: str, **values):
    """A model instance from some of its columns read as a plain row (the others deferred)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def coverage_gaps(user, *, on: date | None = None) -> list[AreaGaps]:
    """Per kecamatan and desa in scope (and the kabupaten for kabupaten roles): forum seats nobody holds
    today, holders with no notifiable contact, holders whose notifiable contacts are all unverified,
    and areas lacking their forum. Three queries whatever the size (areas; forums with their seats;
    seat holders with their reachability).

    Forums, seats and holders are read as plain rows; model instances are made only for what the page
    lists (an empty seat and its forum, a gap's position and person). Building some two thousand
    instances a request, most thrown away, made the collector's full passes over the process land on
    this page (a tail: p95 six times p50 at 50,000 people).
    """
    areas = {
        unit.id: AreaGaps(area=unit)
        for unit in area_choices_for(
            user, levels=(AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA)
        )
    }
    forum_fields = ["id", "kind", "area_id", "name"]
    seat_fields = ["id", "forum_id", "office", "label", "order", "required"]
    # One row per seat, or one with empty seat columns for a forum without seats.
    rows = list(
        forum_visible_to(user)
        .filter(area_id__in=list(areas))
        .order_by("kind", "id", "seats__order", "seats__id")
        .values_list(
            *forum_fields, "seats__id", "seats__office", "seats__label", "seats__order", "seats__required"
        )
    )
    kinds_by_area: dict[int, set[str]] = {}
    for row in rows:
        kinds_by_area.setdefault(row[2], set()).add(row[1])
    for gaps in areas.values():
        expected = EXPECTED_FORUM.get(gaps.area.level)
        if expected and expected not in kinds_by_area.get(gaps.area.id, set()):
            gaps.missing_forum = expected
    offices = {row[5] for row in rows if row[4] is not None}
    notifiable = ContactPoint.objects.filter(person=OuterRef("person_id"), notifiable=True)
    person_fields = ["id", "full_name", "honorific", "degrees"]
    holders = (
        Position.objects.filter(
            # A holder on cuti kampanye does not fill the seat; the Pjs does.
            position_active_q(on=on),
            office__in=offices,
            area_id__in=list(kinds_by_area),
        )
        .annotate(reachable=Exists(notifiable), verified_reachable=Exists(notifiable.filter(verified=True)))
        .order_by("area_id", "office", "acting", "start_date")
        .values_list(
            "id",
            "area_id",
            "office",
            "acting",
            "reachable",
            "verified_reachable",
            *(f"person__{name}" for name in person_fields),
        )
    )
    by_seat: dict[tuple[int, str], list[tuple]] = {}
    for holder in holders:
        by_seat.setdefault((holder[1], holder[2]), []).append(holder)
    db = Position.objects.db
    forums: dict[int, Forum] = {}
    seen: set[int] = set()
    for row in rows:
        if row[4] is None:
            continue
        forum_id, area_id, office, required = row[0], row[2], row[5], row[8]
        gaps = areas[area_id]
        seat_holders = by_seat.get((area_id, office), [])
        if not seat_holders and required:
            if forum_id not in forums:
                forums[forum_id] = _instance(Forum, db, **dict(zip(forum_fields, row[:4], strict=True)))
            seat = _instance(
                ForumSeat, db, **dict(zip(seat_fields, (row[4], forum_id, *row[5:]), strict=True))
            )
            gaps.empty_seats.append((forums[forum_id], seat))
        for holder in seat_holders:
            if holder[0] in seen:
                continue
            seen.add(holder[0])
            if holder[4] and holder[5]:
                continue
            position = _instance(
                Position,
                db,
                id=holder[0],
                area_id=holder[1],
                office=holder[2],
                acting=holder[3],
                person_id=holder[6],
            )
            position.person = _instance(Person, db, **dict(zip(person_fields, holder[6:], strict=True)))
            (gaps.unverified if holder[4] else gaps.unreachable).append(position)
    return [gaps for gaps in areas.values() if gaps.has_gaps]


def import_job_visible_to(user):
    """Imports the user uploaded (superusers: all)."""
    from .models import ImportJob

    if user is None or not user.is_authenticated:
        return ImportJob.objects.none()
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if user.is_superuser else jobs.filter(created_by=user)


# --- pickers (search-as-you-type) ------------------------------------------------

PICK_LIMIT = 20


def area_related_q(code: str, field: str = "area__code") -> Q:
    """Q for rows whose area is this area, one above it (its kecamatan, the kabupaten) or one beneath it:
    the people and organisations that may act on something that happened there."""
    parts = code.split(".")
    above = [".".join(parts[:n]) for n in range(1, len(parts))]
    return subtree_q(code, field) | Q(**{f"{field}__in": above})


@dataclass(frozen=True)
class Pick:
    """One choice of a picker: its id and the parts of its label (name, office, organisation, area)."""

    id: int
    label: str
    office: str = ""
    organisation: str = ""
    area: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "value": str(self.id),
            "text": self.label,
            "office": self.office,
            "organisation": self.organisation,
            "area": self.area,
        }


def _position_matches(position: Position, *, organisation_id: int | None, area_code: str) -> bool:
    if organisation_id and position.organisation_id != organisation_id:
        return False
    if not area_code:
        return True
    code = position.area.code
    return code == area_code or code.startswith(area_code + ".") or area_code.startswith(code + ".")


def person_picks(
    people: Iterable[Person], *, organisation_id: int | None = None, area_code: str = ""
) -> list[Pick]:
    """Label parts of people fetched with ``current_positions`` (``person_pick_prefetch``): the office of the
    position that fits the filters best (else the first current one)."""
    picks = []
    for person in people:
        positions = getattr(person, "current_positions", [])
        best = next(
            (
                p
                for p in positions
                if _position_matches(p, organisation_id=organisation_id, area_code=area_code)
            ),
            positions[0] if positions else None,
        )
        picks.append(
            Pick(
                id=person.pk,
                label=person.display_name,
                office=(f"{best.get_acting_display()} " if best and best.acting else "")
                + (best.get_office_display() if best else ""),
                organisation=best.organisation.name if best else "",
                area=best.area.name if best else "",
            )
        )
    return picks


def person_pick_prefetch() -> Prefetch:
    """The current positions (with organisation and area, no boundary) a person's pick label reads."""
    return Prefetch(
        "positions",
        queryset=Position.objects.filter(position_current_q())
        .select_related("organisation", "area")
        .defer("area__boundary")
        .order_by("office", "start_date"),
        to_attr="current_positions",
    )


def person_pick(
    user,
    *,
    q: str = "",
    organisation_id: int | None = None,
    area_code: str = "",
    queryset: QuerySet[Person] | None = None,
    limit: int = PICK_LIMIT,
) -> list[Pick]:
    """People the user may see (or of ``queryset``, itself scoped) whose name starts with the typed words,
    holding a current position in the organisation and for the area (its kecamatan and kabupaten above it,
    its desa beneath); at most ``limit``, by name. Two queries whatever the registry's size."""
    people = queryset if queryset is not None else person_visible_to(user)
    people = name_search(people, "full_name", q)
    if organisation_id or area_code:
        positions = Position.objects.filter(position_current_q(), person=OuterRef("pk"))
        if organisation_id:
            positions = positions.filter(organisation_id=organisation_id)
        if area_code:
            positions = positions.filter(area_related_q(area_code))
        people = people.filter(Exists(positions))
    rows = people.prefetch_related(person_pick_prefetch()).order_by("full_name", "id")[:limit]
    return person_picks(rows, organisation_id=organisation_id, area_code=area_code)


def organisation_picks(organisations: Iterable[Organisation]) -> list[Pick]:
    """Label parts of organisations fetched with their area: name, type, parent, area."""
    return [
        Pick(
            id=organisation.pk,
            label=organisation.name,
            office=organisation.get_org_type_display(),
            organisation=organisation.parent.name if organisation.parent else "",
            area=organisation.area.name if organisation.area_id else "",
        )
        for organisation in organisations
    ]


def organisation_pick(
    user,
    *,
    q: str = "",
    area_code: str = "",
    queryset: QuerySet[Organisation] | None = None,
    limit: int = PICK_LIMIT,
) -> list[Pick]:
    """Organisations the user may see (or of ``queryset``, itself scoped) whose name starts with the typed
    words, of the area (the kecamatan and kabupaten above it, the desa beneath); at most ``limit``, by
    name. One query."""
    organisations = queryset if queryset is not None else organisation_visible_to(user)
    organisations = name_search(organisations, "name", q)
    if area_code:
        organisations = organisations.filter(area_related_q(area_code))
    rows = (
        organisations.select_related("parent", "area").defer("area__boundary").order_by("name", "id")[:limit]
    )
    return organisation_picks(rows)
