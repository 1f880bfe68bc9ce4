"""The registry's writes for an import, in bulk: thousands of people, positions and contacts at once.

``people_import`` is the one write path of the people import (``stakeholders.imports``): it applies
the same rules as ``person_create``, ``contact_point_add`` and ``position_assign`` (the fields'
validation, a contact once per person, the area inside the organisation's, the end not before the
start, one definitive holder of a single-holder office at a time, and the grant rules of
``selectors.position_grant_refusal``), but with the lookups done once for the whole file, so the
database sees a fixed number of queries instead of some twenty per row. Every row is checked
before anything is written; with a refusal nothing is written. The rows are then written with
``bulk_create`` together with their history rows (who and when, as every service records them),
inside one transaction.

A row is a new person, or joins a person already in the registry (``person``: the clerk merged it,
or the registry's own export came back) or an earlier row of the same file (``same_as``). A row
that joins a person and says nothing the registry does not already hold changes nothing and is
counted as unchanged: the registry's export imports back with zero changes.

The few rows that need a service's side effects keep going through the service one by one: an
office whose previous holder is handed over (``position_hand_over``) and a privileged office
(``position_assign`` tells the other kabupaten administrators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .access import PRIVILEGED_OFFICES
from .choices import SINGLE_HOLDER_OFFICES
from .models import ContactPoint, Organisation, Person, Position
from .selectors import position_grant_refusal
from .services import contact_value_normalise, position_assign, position_hand_over

BATCH = 1000


@dataclass
class PositionRow:
    """The office a row says its person holds."""

    organisation: Organisation
    office: str
    area: object  # regions.AdminUnit
    start_date: date
    end_date: date | None = None
    acting: str = ""


@dataclass
class PersonRow:
    """One row of a people import, as the registry will record it."""

    full_name: str
    honorific: str = ""
    degrees: str = ""
    notes: str = ""
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (ContactKind, value)
    position: PositionRow | None = None
    person: Person | None = None  # join this person of the registry (merge)
    same_as: int | None = None  # join the person of this earlier row of the file
    hand_over: bool = False  # end the current holder of a single-holder office the day before


@dataclass
class ImportOutcome:
    """What an import did (or, when checking, would do), and why rows were refused ({index: messages})."""

    refused: dict[int, list[str]] = field(default_factory=dict)
    people_created: int = 0
    people_joined: int = 0
    people_updated: int = 0
    positions_created: int = 0
    positions_ended: int = 0
    contacts_created: int = 0
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "people_created": self.people_created,
            "people_joined": self.people_joined,
            "people_updated": self.people_updated,
            "positions_created": self.positions_created,
            "positions_ended": self.positions_ended,
            "contacts_created": self.contacts_created,
            "unchanged": self.unchanged,
        }


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages in exc.message_dict.values() for message in messages]
    return list(exc.messages)


def _overlap(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    return (other_end is None or other_end >= start) and (end is None or other_start <= end)


class _Holders:
    """The definitive holders of the single-holder offices a file names, read once (and locked)."""

    def __init__(self, rows: Sequence[PersonRow], *, lock: bool):
        pairs = {
            (row.position.office, row.position.area.pk)
            for row in rows
            if row.position is not None and row.position.office in SINGLE_HOLDER_OFFICES
        }
        self.known: dict[tuple[str, int], list[Position]] = defaultdict(list)
        self.planned: dict[tuple[str, int], list[tuple[date, date | None]]] = defaultdict(list)
        if not pairs:
            return
        query = Position.objects.filter(
            office__in={office for office, _area in pairs},
            area_id__in={area for _office, area in pairs},
            acting="",
        ).select_related("person")
        if lock:
            query = query.select_for_update(of=("self",))
        for position in query:
            key = (position.office, position.area_id)
            if key in pairs:
                self.known[key].append(position)

    def clash(self, position: PositionRow, *, hand_over: bool) -> str:
        """Why this definitive single-holder position cannot be recorded, or ""."""
        if position.office not in SINGLE_HOLDER_OFFICES or position.acting:
            return ""
        key = (position.office, position.area.pk)
        start, end = position.start_date, position.end_date
        for held in self.known[key]:
            if hand_over and held.start_date < start and (held.end_date is None or held.end_date >= start):
                continue  # ended the day before by the hand-over
            if _overlap(start, end, held.start_date, held.end_date):
                return _(
                    "Jabatan ini sudah dipegang %(person)s sejak %(start)s. Akhiri jabatan itu dulu, "
                    "atau catat sebagai Plt/Pjs."
                ) % {"person": held.person, "start": held.start_date.strftime("%d/%m/%Y")}
        for other_start, other_end in self.planned[key]:
            if _overlap(start, end, other_start, other_end):
                return _("Jabatan ini sudah dipegang orang lain di baris sebelumnya dalam berkas yang sama.")
        self.planned[key].append((start, end))
        return ""


def _same_position(position: PositionRow, held: Position) -> bool:
    return (
        held.office == position.office
        and held.area_id == position.area.pk
        and held.organisation_id == position.organisation.pk
        and (held.acting or "") == (position.acting or "")
        and held.start_date == position.start_date
        and held.end_date == position.end_date
    )


@transaction.atomic
def people_import(*, rows: Sequence[PersonRow], by_user, write: bool = True) -> ImportOutcome:
    """Record every row of a people import, or none: see the module. With ``write=False`` the rows are
    only checked (nothing is written) and the outcome says what saving them would do."""
    outcome = ImportOutcome()
    joined_ids = {row.person.pk for row in rows if row.person is not None}
    known_contacts: dict[int, set[tuple[str, str]]] = defaultdict(set)
    contact_counts: dict[int, int] = defaultdict(int)
    known_positions: dict[int, list[Position]] = defaultdict(list)
    if joined_ids:
        for person_id, kind, value in ContactPoint.objects.filter(person_id__in=joined_ids).values_list(
            "person_id", "kind", "value"
        ):
            known_contacts[person_id].add((kind, value))
            contact_counts[person_id] += 1
        for position in Position.objects.filter(person_id__in=joined_ids):
            known_positions[position.person_id].append(position)
    holders = _Holders(rows, lock=write)
    privileged_approvers: dict[str, bool] = {}  # by the office's area code

    # 1. Check every row in memory; nothing is written before every row passed.
    new_people: dict[int, Person] = {}  # row index -> new person
    new_contacts: list[tuple[int, str, str]] = []  # (row index, kind, value)
    new_positions: list[tuple[int, PositionRow]] = []
    hand_overs: list[tuple[int, PositionRow]] = []
    privileged: list[tuple[int, PositionRow]] = []
    fill_in: dict[int, Person] = {}  # joined people whose empty titles the row fills in
    planned_contacts: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    for index, row in enumerate(rows):
        errors: list[str] = []
        # Whose contacts these are: ("person", registry id), or ("row", index of the row creating them).
        owner: tuple[str, int]
        if row.person is not None:
            owner = ("person", row.person.pk)
            person = row.person
            if (not person.honorific and row.honorific) or (not person.degrees and row.degrees):
                person = fill_in.get(person.pk, person)
                person.honorific = person.honorific or row.honorific
                person.degrees = person.degrees or row.degrees
                fill_in[person.pk] = person
        elif row.same_as is not None:
            if not 0 <= row.same_as < index or (
                row.same_as not in new_people and rows[row.same_as].person is None
            ):
                errors.append(_("Baris yang digabung tidak ada atau belum disimpan."))
                outcome.refused[index] = errors
                continue
            earlier = rows[row.same_as].person
            owner = ("person", earlier.pk) if earlier is not None else ("row", row.same_as)
            person = earlier or new_people[row.same_as]
        else:
            owner = ("row", index)
            person = Person(
                full_name=row.full_name.strip(),
                honorific=row.honorific.strip(),
                degrees=row.degrees.strip(),
                notes=row.notes,
            )
            try:
                person.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                errors.extend(_messages(exc))
        creates = owner == ("row", index)
        changed = creates
        for kind, value in row.contacts:
            try:
                normalised = contact_value_normalise(kind=kind, value=value)
            except ValidationError as exc:
                errors.extend(_messages(exc))
                continue
            key = (kind, normalised)
            if owner[0] == "person" and key in known_contacts.get(owner[1], set()):
                continue  # the registry already holds it
            if key in planned_contacts[owner]:
                continue
            planned_contacts[owner].add(key)
            new_contacts.append((index, kind, normalised))
            changed = True
        position = row.position
        if position is not None:
            already = row.person is not None and any(
                _same_position(position, held) for held in known_positions.get(row.person.pk, [])
            )
            if not already:
                changed = True
                org_code = position.organisation.area.code
                if not (position.area.code == org_code or position.area.code.startswith(org_code + ".")):
                    errors.append(
                        _("Wilayah jabatan berada di luar wilayah kerja %(org)s.")
                        % {"org": position.organisation}
                    )
                if position.end_date is not None and position.end_date < position.start_date:
                    errors.append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
                refusal = position_grant_refusal(
                    user=by_user, person=person, office=position.office, area=position.area
                )
                errors.extend(refusal.values())
                if not errors:
                    clash = holders.clash(position, hand_over=row.hand_over)
                    if clash:
                        errors.append(clash)
                if position.office in PRIVILEGED_OFFICES and by_user is not None:
                    if position.area.code not in privileged_approvers:
                        from .services import _approvers  # the same test position_assign makes

                        privileged_approvers[position.area.code] = _approvers(
                            by_user=by_user, person=person, area=position.area
                        ).exists()
                    if privileged_approvers[position.area.code]:
                        errors.append(
                            _(
                                "Jabatan ini memberi akses ke seluruh kabupaten dan perlu persetujuan "
                                "administrator kabupaten kedua: catat lewat halaman orang itu (Tambah jabatan)."
                            )
                        )
                    privileged.append((index, position))
                elif row.hand_over and position.office in SINGLE_HOLDER_OFFICES and not position.acting:
                    hand_overs.append((index, position))
                else:
                    new_positions.append((index, position))
        if errors:
            outcome.refused[index] = errors
            continue
        if creates:
            new_people[index] = person
            outcome.people_created += 1
        elif not changed and not (row.person is not None and row.person.pk in fill_in):
            outcome.unchanged += 1
        else:
            outcome.people_joined += 1
    outcome.people_updated = len(fill_in)
    outcome.contacts_created = len(new_contacts)
    outcome.positions_created = len(new_positions) + len(hand_overs) + len(privileged)
    outcome.positions_ended = len(hand_overs)
    if outcome.refused or not write:
        return outcome

    # 2. Write: the people, then what hangs on them, each with its history row (who and when).
    created = bulk_create_with_history(
        list(new_people.values()), Person, batch_size=BATCH, default_user=by_user
    )
    people_of: dict[int, Person] = dict(zip(new_people, created, strict=True))

    def person_of(index: int) -> Person:
        row = rows[index]
        if row.person is not None:
            return row.person
        if row.same_as is not None:
            return person_of(row.same_as)
        return people_of[index]

    if fill_in:
        bulk_update_with_history(
            list(fill_in.values()), Person, ["honorific", "degrees"], batch_size=BATCH, default_user=by_user
        )
    contacts = []
    for index, kind, value in new_contacts:
        person = person_of(index)
        contact_counts[person.pk] += 1
        contacts.append(
            ContactPoint(person=person, kind=kind, value=value, preference=contact_counts[person.pk])
        )
    bulk_create_with_history(contacts, ContactPoint, batch_size=BATCH, default_user=by_user)
    positions = [
        Position(
            person=person_of(index),
            organisation=position.organisation,
            office=position.office,
            area=position.area,
            start_date=position.start_date,
            end_date=position.end_date,
            acting=position.acting,
        )
        for index, position in new_positions
    ]
    bulk_create_with_history(positions, Position, batch_size=BATCH, default_user=by_user)
    for index, position in hand_overs:
        position_hand_over(
            office=position.office, area=position.area, start_date=position.start_date, by_user=by_user
        )
        _assign(person_of(index), position, by_user)
    for index, position in privileged:
        _assign(person_of(index), position, by_user)
    return outcome


def _assign(person: Person, position: PositionRow, by_user) -> Position:
    return position_assign(
        person=person,
        organisation=position.organisation,
        office=position.office,
        area=position.area,
        start_date=position.start_date,
        end_date=position.end_date,
        acting=position.acting,
        by_user=by_user,
    )
