"""Target resolution: the people a frozen step target means for an incident's areas at a moment.

Reads only (positions, forums and duty rosters of that day, through the stakeholders selectors);
a target that resolves to nobody says why in ``gap``, which the step run records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.selectors import person_list

from ..choices import FORUM_TARGETS, TargetKind, TargetLevel
from ..models import target_label

if TYPE_CHECKING:
    from incidents.models import Incident
    from regions.models import AdminUnit
    from stakeholders.models import Person


@dataclass
class ResolvedTarget:
    """One frozen target resolved for an incident: its label, people, and a gap message when empty."""

    label: str
    people: list[Person]
    gap: str = ""

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "people": [{"id": p.pk, "name": str(p)} for p in self.people],
            "gap": self.gap,
        }


def incident_area_chain(incident: Incident) -> dict[str, AdminUnit]:
    """The incident's area and its ancestors by level (desa, kecamatan, kabupaten); one query."""
    parts = incident.area_code.split(".")
    codes = [".".join(parts[:n]) for n in range(2, len(parts) + 1)]
    units = adminunit_list(codes=codes, with_parent=False)
    return {unit.level: unit for unit in units}


_LEVEL_OF_TARGET: dict[str, str] = {
    TargetKind.TIGA_PILAR_DESA: AdminLevel.DESA,
    TargetKind.FORKOPIMCAM: AdminLevel.KECAMATAN,
    TargetKind.FORKOPIMDA: AdminLevel.KABUPATEN,
    TargetKind.TIM_TERPADU: AdminLevel.KABUPATEN,
}
_LEVEL: dict[str, str] = {
    TargetLevel.DESA: AdminLevel.DESA,
    TargetLevel.KECAMATAN: AdminLevel.KECAMATAN,
    TargetLevel.KABUPATEN: AdminLevel.KABUPATEN,
}


def target_resolve(target: dict, *, areas: dict[str, AdminUnit], at: datetime) -> ResolvedTarget:
    """The people a frozen target means for the incident's areas at a moment (positions of that day)."""
    from stakeholders.choices import ForumKind
    from stakeholders.selectors import forum_for_area, forum_seat_holders, position_holders, roster_on_duty

    kind = target.get("kind", "")
    label = target_label(target)
    day = timezone.localdate(at)
    if kind == TargetKind.PERSON:
        person = person_list(ids=[target.get("person_id") or 0]).first()
        if person is None:
            return ResolvedTarget(label, [], _("Orang ini sudah tidak ada di daftar pemangku kepentingan."))
        return ResolvedTarget(str(person), [person])
    level = _LEVEL_OF_TARGET.get(kind) or _LEVEL.get(target.get("level", ""))
    if level is None:
        return ResolvedTarget(label, [], _("Jenis sasaran tidak dikenal."))
    area = areas.get(level)
    if area is None:
        return ResolvedTarget(
            label,
            [],
            _("Laporan ini tidak berada di tingkat %(level)s.") % {"level": AdminLevel(level).label.lower()},
        )
    if kind in FORUM_TARGETS:
        forum = forum_for_area(kind=FORUM_TARGETS[kind], area=area)
        if forum is None:
            return ResolvedTarget(
                f"{ForumKind(FORUM_TARGETS[kind]).label} {area.name}",
                [],
                _("Forum %(forum)s untuk %(area)s belum terdaftar.")
                % {"forum": ForumKind(FORUM_TARGETS[kind]).label, "area": area.name},
            )
        people, empty = [], []
        for seat, positions in forum_seat_holders(forum=forum, on=day):
            if not positions and seat.required:
                empty.append(str(seat))
            people += [p.person for p in positions]
        gap = ""
        if not people:
            gap = _("Tidak ada pemegang kursi %(forum)s hari ini.") % {"forum": forum.name}
        elif empty:
            gap = _("Kursi kosong di %(forum)s: %(seats)s.") % {
                "forum": forum.name,
                "seats": ", ".join(empty),
            }
        return ResolvedTarget(forum.name, people_dedupe(people), gap)
    if kind == TargetKind.OFFICE:
        people = [p.person for p in position_holders(offices=[target["office"]], area=area, on=day)]
        gap = (
            ""
            if people
            else _("Jabatan %(office)s di %(area)s tidak ada pemegangnya hari ini.")
            % {
                "office": label,
                "area": area.name,
            }
        )
        return ResolvedTarget(f"{label} ({area.name})", people_dedupe(people), gap)
    if kind == TargetKind.ROSTER:
        people = [shift.person for shift in roster_on_duty(office=target["office"], area=area, at=at)]
        gap = (
            ""
            if people
            else _("Tidak ada petugas piket %(office)s di %(area)s saat ini.")
            % {
                "office": label,
                "area": area.name,
            }
        )
        return ResolvedTarget(f"{label} ({area.name})", people_dedupe(people), gap)
    return ResolvedTarget(label, [], _("Jenis sasaran tidak dikenal."))


def area_operators(areas: dict[str, AdminUnit], *, on=None) -> list[Person]:
    """Who runs the platform for the incident's area: the Operator Kecamatan of its kecamatan, then the
    Operator Kesbangpol of the kabupaten (holders today); told when a step leaves a seat unreached."""
    from stakeholders.choices import Office
    from stakeholders.selectors import position_holders

    people: list[Person] = []
    for level, office in (
        (AdminLevel.KECAMATAN, Office.OPERATOR_KECAMATAN),
        (AdminLevel.KABUPATEN, Office.OPERATOR_KESBANGPOL),
    ):
        area = areas.get(level)
        if area is not None:
            people += [p.person for p in position_holders(offices=[office], area=area, on=on)]
    return people_dedupe(people)


def people_dedupe(people: list[Person]) -> list[Person]:
    seen: dict[int, Person] = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())
