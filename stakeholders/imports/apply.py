"""How an accepted row of a registry import is written: one row through the services
(``_apply_person``, ``_apply_organisation``), or every row at once through the bulk service
(``_apply_people``, ``services_import.people_import``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports.engine import (
    BulkResult,
    RowResult,
)
from core.imports.parsers import (
    ParseError,
    PersonName,
    Phone,
    tidy,
)

from ..choices import ContactKind
from ..selectors import (
    person_list,
)
from ..services import (
    contact_point_add,
    organisation_create,
    person_create,
    position_assign,
    position_hand_over,
)
from ..services_import import PersonRow, PositionRow, people_import

if TYPE_CHECKING:
    from .specs import OfficeValue, _RowContext

# Keys a row rule adds to a row's values (never a column's key): the probable same person (a
# PersonMatch, or the row number of an earlier row), and whom the row joins when saved.
SAME_AS, JOIN, JOIN_LINE, UNCHANGED = "_same_as", "_join", "_join_line", "_unchanged"


# --- applying rows -----------------------------------------------------------------------


def _contacts(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, value) of every contact of a row: landlines kept as telephones, never SMS or WhatsApp."""
    contacts: list[tuple[str, str]] = []
    for column, mobile_kind in (("whatsapp", ContactKind.WHATSAPP), ("telepon", ContactKind.PHONE)):
        phones: list[Phone] = values.get(column) or []
        for phone in phones:
            contact = (mobile_kind if phone.is_mobile else ContactKind.LANDLINE, phone.e164)
            if contact not in contacts:
                contacts.append(contact)
    for contact in values.get("kontak") or []:
        if contact not in contacts:
            contacts.append(contact)
    for kind, key in ((ContactKind.TELEGRAM, "telegram"), (ContactKind.EMAIL, "email")):
        if values.get(key) and (kind, values[key]) not in contacts:
            contacts.append((kind, values[key]))
    return contacts


def _front(values: dict[str, Any], name: PersonName) -> str:
    """The front titles of a row: the Pangkat/gelar column, then the titles written before the name."""
    return " ".join(part for part in (tidy(values.get("gelar", "")), name.front) if part)


def _acting(values: dict[str, Any]) -> str:
    office: OfficeValue = values["jabatan"]
    return values.get("status", office.acting)


def _position_key(values: dict[str, Any], ctx: _RowContext) -> tuple | None:
    """(office, area id, organisation id, acting, start, end) of a row's position, as the registry
    keeps it (``selectors.PersonMatch.positions``); None without one."""
    if "jabatan" not in values or "kode_wilayah" not in values or "organisasi" not in values:
        return None
    unit = ctx.units.get(values["kode_wilayah"])
    return (
        values["jabatan"].office,
        unit.pk if unit is not None else None,
        values["organisasi"],
        _acting(values),
        values.get("mulai") or timezone.localdate(),
        values.get("selesai"),
    )


def _person_row(values: dict[str, Any], ctx: _RowContext) -> PersonRow:
    name: PersonName = values["nama"]
    position = None
    if "jabatan" in values:
        position = PositionRow(
            organisation=ctx.org_objects[values["organisasi"]],
            office=values["jabatan"].office,
            area=ctx.units[values["kode_wilayah"]],
            start_date=values.get("mulai") or timezone.localdate(),
            end_date=values.get("selesai"),
            acting=_acting(values),
        )
    return PersonRow(
        full_name=name.name,
        honorific=_front(values, name),
        degrees=name.back,
        notes=values.get("catatan", ""),
        contacts=_contacts(values),
        position=position,
        hand_over=ctx.replace_holders,
    )


def _apply_people(results: Sequence[RowResult], ctx: _RowContext, write: bool) -> BulkResult:
    """Every accepted row at once through the registry's bulk service (``people_import``)."""
    rows = [_person_row(result.values, ctx) for result in results]
    joined = {result.values[JOIN] for result in results if JOIN in result.values}
    people = {person.pk: person for person in person_list(ids=sorted(joined))} if joined else {}
    at_line = {result.line: position for position, result in enumerate(results)}
    for position, result in enumerate(results):
        if JOIN in result.values and result.values[JOIN] in people:
            rows[position].person = people[result.values[JOIN]]
        elif JOIN_LINE in result.values and at_line.get(result.values[JOIN_LINE], position) < position:
            rows[position].same_as = at_line[result.values[JOIN_LINE]]
    outcome = people_import(rows=rows, by_user=ctx.user, write=write)
    return BulkResult(refused=outcome.refused, counts=outcome.counts())


def _apply_person(values: dict[str, Any], ctx: _RowContext) -> None:
    name: PersonName = values["nama"]
    front = " ".join(part for part in (tidy(values.get("gelar", "")), name.front) if part)
    person = person_create(
        full_name=name.name,
        honorific=front,
        degrees=name.back,
        notes=values.get("catatan", ""),
        by_user=ctx.user,
    )
    if "jabatan" in values:
        office: OfficeValue = values["jabatan"]
        acting = values.get("status", office.acting)
        start_date = values.get("mulai") or timezone.localdate()
        if ctx.replace_holders and not acting:
            position_hand_over(
                office=office.office,
                area=ctx.units[values["kode_wilayah"]],
                start_date=start_date,
                by_user=ctx.user,
            )
        position_assign(
            person=person,
            organisation=ctx.org_objects[values["organisasi"]],
            office=office.office,
            area=ctx.units[values["kode_wilayah"]],
            start_date=start_date,
            end_date=values.get("selesai"),
            acting=acting,
            by_user=ctx.user,
        )
    for kind, value in _contacts(values):
        contact_point_add(person=person, kind=kind, value=value, by_user=ctx.user)


def _apply_organisation(values: dict[str, Any], ctx: _RowContext) -> None:
    parent = None
    if values.get("induk"):
        try:
            parent = ctx.org_objects[ctx.orgs(values["induk"])]
        except ParseError as exc:
            hint = " " + _("Mungkin maksudnya: %(s)s.") % {"s": exc.suggestion} if exc.suggestion else ""
            raise ValidationError({"parent": exc.message + hint}) from None
    organisation = organisation_create(
        name=values["nama"],
        short_name=values.get("singkatan", ""),
        org_type=values["jenis"],
        area=ctx.units[values["kode_wilayah"]],
        parent=parent,
        by_user=ctx.user,
    )
    ctx.org_objects[organisation.pk] = organisation
    ctx.orgs.add(organisation.pk, organisation.name, organisation.short_name)
