"""Demo registry for Kutai Timur: organisations, forums, fictional office holders and the demo users.

Idempotent: organisations are looked up by (name, area), forums by (kind, area),
seat holders by (office, area, organisation); a second run creates nothing.
Everyone here is fictional (surnames are tree and river names on purpose).
Bulk inserts (with their history rows) keep a full run to a few seconds.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.demo import DEMO_PASSWORD, demo_user
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, subtree_q
from regions.services import KUTIM_CODE

from .choices import ContactKind, ForumKind, Office, OrgType
from .models import ContactPoint, DutyRoster, Forum, ForumSeat, Organisation, Person, Position
from .services import access_groups_sync, forum_default_seats, phone_normalise

if TYPE_CHECKING:
    from regions.models import AdminUnit

# The demo is Kutai Timur's, like the reference data it builds on (regions_load).
KAB = KUTIM_CODE
TERM_START = date(2024, 1, 2)
FIRST_NAMES = [
    "Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lukman",
    "Maya", "Nur", "Oki", "Putri", "Rahmat", "Sari", "Taufik", "Umar", "Vina", "Wahyu", "Yusuf", "Zahra",
]  # fmt: skip
# Tree, river and bird names: nobody is really called this, so nobody mistakes a demo person for a real one.
SURNAMES = [
    "Meranti", "Ulin", "Bengkirai", "Gaharu", "Keruing", "Mahakam", "Telen", "Kelinjau", "Enggang", "Tengkawang",
    "Rotan", "Nibung", "Belian", "Kapur", "Jelutung", "Pulai", "Merbau", "Punai", "Bekantan", "Kenari",
]  # fmt: skip

# Seats left empty on purpose, and holders with no notifiable or only unverified contacts,
# so the coverage-gap page has something to show: (office, area code).
EMPTY_SEATS = {
    (Office.BABINSA, "64.08.11.2001"),
    (Office.BHABINKAMTIBMAS, "64.08.06.2002"),
    (Office.DANRAMIL, "64.08.18"),
    (Office.SEKRETARIS_FORUM, KAB),
}
NOT_NOTIFIABLE = {(Office.KEPALA_DESA, "64.08.09.2002"), (Office.BABINSA, "64.08.04.2002")}
UNVERIFIED = {(Office.KAPOLSEK, "64.08.09"), (Office.BHABINKAMTIBMAS, "64.08.12.1002")}
NO_CONTACT = {(Office.DANRAMIL, "64.08.11")}
# Held only by an acting (Plt) camat, created in _history_examples.
ACTING_ONLY = {(Office.CAMAT, "64.08.15")}


def _name(n: int) -> str:
    first, rest = FIRST_NAMES[n % len(FIRST_NAMES)], n // len(FIRST_NAMES)
    name = f"{first} {SURNAMES[rest % len(SURNAMES)]}"
    if rest >= len(SURNAMES):
        name += f" {SURNAMES[(rest // len(SURNAMES) + rest) % len(SURNAMES)]}"
    return name


def _phone(n: int) -> str:
    return phone_normalise(f"0811{5000000 + n:07d}")


class _Orgs:
    """Organisations by (name, area code); creates the missing ones of a level in one insert."""

    def __init__(self, areas: dict[str, AdminUnit]):
        self.areas = areas
        self.by_key = {(o.name, o.area.code): o for o in Organisation.objects.select_related("area")}

    def ensure(self, rows: list[tuple[str, str, str, Organisation | None, str]]) -> None:
        missing = [
            Organisation(name=name, short_name=short, org_type=kind, area=self.areas[code], parent=parent)
            for name, short, kind, code, parent in rows
            if (name, code) not in self.by_key
        ]
        for org in bulk_create_with_history(missing, Organisation):
            self.by_key[(org.name, org.area.code)] = org

    def get(self, name: str, code: str) -> Organisation:
        return self.by_key[(name, code)]


def _organisations(areas, kecamatan, desa) -> _Orgs:
    orgs = _Orgs(areas)
    orgs.ensure(
        [
            ("Pemerintah Kabupaten Kutai Timur", "Pemkab Kutim", OrgType.PEMDA, KAB, None),
            ("Polres Kutai Timur", "Polres Kutim", OrgType.POLRI, KAB, None),
            ("Kodim 0909/Kutai Timur", "Kodim 0909/KTM", OrgType.TNI_AD, KAB, None),
            ("KPU Kabupaten Kutai Timur", "KPU Kutim", OrgType.KPU, KAB, None),
            ("Bawaslu Kabupaten Kutai Timur", "Bawaslu Kutim", OrgType.BAWASLU, KAB, None),
            ("DPRD Kabupaten Kutai Timur", "DPRD Kutim", OrgType.DPRD, KAB, None),
            ("Kejaksaan Negeri Kutai Timur", "Kejari Kutim", OrgType.KEJAKSAAN, KAB, None),
            ("FKUB Kabupaten Kutai Timur", "FKUB", OrgType.MASYARAKAT, KAB, None),
            ("FKDM Kabupaten Kutai Timur", "FKDM", OrgType.FORUM, KAB, None),
            ("Smart Academy", "", OrgType.PELATIHAN, KAB, None),
        ]
    )
    pemkab = orgs.get("Pemerintah Kabupaten Kutai Timur", KAB)
    orgs.ensure(
        [
            ("Sekretariat Kabupaten Kutai Timur", "Setkab", OrgType.PEMDA, KAB, pemkab),
            ("Badan Kesbangpol Kabupaten Kutai Timur", "Kesbangpol", OrgType.OPD_KESBANGPOL, KAB, pemkab),
        ]
    )
    polres, kodim = orgs.get("Polres Kutai Timur", KAB), orgs.get("Kodim 0909/Kutai Timur", KAB)
    kpu, bawaslu = orgs.get("KPU Kabupaten Kutai Timur", KAB), orgs.get("Bawaslu Kabupaten Kutai Timur", KAB)
    rows = []
    for kec in kecamatan:
        rows += [
            (f"Kecamatan {kec.name}", "", OrgType.KECAMATAN, kec.code, pemkab),
            (f"Polsek {kec.name}", "", OrgType.POLRI, kec.code, polres),
            (f"Koramil {kec.name}", "", OrgType.TNI_AD, kec.code, kodim),
            (f"PPK {kec.name}", "", OrgType.KPU, kec.code, kpu),
            (f"Panwaslu Kecamatan {kec.name}", "Panwascam", OrgType.BAWASLU, kec.code, bawaslu),
        ]
    orgs.ensure(rows)
    orgs.ensure(
        [
            (
                _desa_org_name(unit),
                "",
                OrgType.PEMERINTAH_DESA,
                unit.code,
                orgs.get(f"Kecamatan {unit.parent.name}", unit.parent.code),
            )
            for unit in desa
        ]
    )
    return orgs


def _desa_org_name(unit: AdminUnit) -> str:
    if unit.village_type == "kelurahan":
        return f"Kelurahan {unit.name}"
    return f"Pemerintah Desa {unit.name}"


def _forums(areas, kecamatan, desa) -> None:
    existing = set(Forum.objects.values_list("kind", "area__code"))
    wanted = [
        (ForumKind.FORKOPIMDA, areas[KAB], "Forkopimda Kabupaten Kutai Timur"),
        (ForumKind.TIM_TERPADU, areas[KAB], "Tim Terpadu Penanganan Konflik Sosial Kabupaten Kutai Timur"),
        (ForumKind.FKDM, areas[KAB], "FKDM Kabupaten Kutai Timur"),
        *((ForumKind.FORKOPIMCAM, kec, f"Forkopimcam {kec.name}") for kec in kecamatan),
        *((ForumKind.TIGA_PILAR_DESA, unit, f"Tiga Pilar {unit}") for unit in desa),
    ]
    new = [
        Forum(kind=kind, area=area, name=name)
        for kind, area, name in wanted
        if (kind, area.code) not in existing
    ]
    forums = bulk_create_with_history(new, Forum)
    seats = [
        ForumSeat(forum=forum, office=office, order=order)
        for forum in forums
        for order, office in enumerate(forum_default_seats(kind=forum.kind, area=forum.area), start=1)
    ]
    bulk_create_with_history(seats, ForumSeat)


# The demo logins of COMMON.md: (username, first, last, office, area, organisation name, purpose)
DEMO_USERS = [
    ("kesbangpol", "Operator", "Meranti", Office.OPERATOR_KESBANGPOL, KAB, "Badan Kesbangpol Kabupaten Kutai Timur", "administrator kabupaten (Kesbangpol)"),
    ("bupati", "Bupati", "Ulin", Office.BUPATI, KAB, "Pemerintah Kabupaten Kutai Timur", "pimpinan kabupaten, lihat saja"),
    ("camat.sangatta.utara", "Camat", "Bengkirai", Office.CAMAT, "64.08.04", "Kecamatan Sangatta Utara", "operator kecamatan Sangatta Utara"),
    ("camat.bengalon", "Camat", "Gaharu", Office.CAMAT, "64.08.09", "Kecamatan Bengalon", "operator kecamatan Bengalon"),
    ("kapolsek.sangatta.utara", "Kapolsek", "Keruing", Office.KAPOLSEK, "64.08.04", "Polsek Sangatta Utara", "penghubung keamanan (Polsek Sangatta Utara)"),
    ("pelapor.sangatta.utara", "Pelapor", "Mahakam", Office.PETUGAS_LAPANGAN, "64.08.04.2001", "Pemerintah Desa Sangatta Utara", "pelapor lapangan desa Sangatta Utara"),
    ("pelatih", "Pelatih", "Enggang", Office.FASILITATOR, KAB, "Smart Academy", "pelatih Bimtek (Smart Academy)"),
]  # fmt: skip


def _demo_users(areas, orgs, held: set) -> list[tuple[str, str, str]]:
    logins = []
    for username, first, last, office, code, org_name, purpose in DEMO_USERS:
        user = demo_user(username, first_name=first, last_name=last)
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = bulk_create_with_history(
                [Person(full_name=f"{first} {last}", user=user, notes="Tokoh fiktif untuk demo.")], Person
            )[0]
            bulk_create_with_history(
                [
                    ContactPoint(
                        person=person, kind=ContactKind.EMAIL, value=f"{username}@demo.invalid", verified=True
                    )
                ],
                ContactPoint,
            )
        organisation = orgs.get(org_name, code)
        if not Position.objects.filter(person=person, office=office, area=areas[code]).exists():
            bulk_create_with_history(
                [
                    Position(
                        person=person,
                        organisation=organisation,
                        office=office,
                        area=areas[code],
                        start_date=TERM_START,
                    )
                ],
                Position,
            )
        held.add((office, code))
        logins.append((username, DEMO_PASSWORD, purpose))
    return logins


def _seat_plan(areas, kecamatan, desa, orgs) -> list[tuple[str, str, Organisation]]:
    """Every (office, area code, organisation) the demo fills."""
    plan = [
        (Office.KETUA_DPRD, KAB, orgs.get("DPRD Kabupaten Kutai Timur", KAB)),
        (Office.SEKDA, KAB, orgs.get("Sekretariat Kabupaten Kutai Timur", KAB)),
        (Office.KABAN_KESBANGPOL, KAB, orgs.get("Badan Kesbangpol Kabupaten Kutai Timur", KAB)),
        (Office.KAPOLRES, KAB, orgs.get("Polres Kutai Timur", KAB)),
        (Office.DANDIM, KAB, orgs.get("Kodim 0909/Kutai Timur", KAB)),
        (Office.KAJARI, KAB, orgs.get("Kejaksaan Negeri Kutai Timur", KAB)),
        (Office.KETUA_KPU, KAB, orgs.get("KPU Kabupaten Kutai Timur", KAB)),
        (Office.KETUA_BAWASLU, KAB, orgs.get("Bawaslu Kabupaten Kutai Timur", KAB)),
        (Office.KETUA_FORUM, KAB, orgs.get("FKDM Kabupaten Kutai Timur", KAB)),
        (Office.SEKRETARIS_FORUM, KAB, orgs.get("FKDM Kabupaten Kutai Timur", KAB)),
        (Office.TOKOH_AGAMA, KAB, orgs.get("FKUB Kabupaten Kutai Timur", KAB)),
    ]
    for kec in kecamatan:
        plan += [
            (Office.CAMAT, kec.code, orgs.get(f"Kecamatan {kec.name}", kec.code)),
            (Office.KAPOLSEK, kec.code, orgs.get(f"Polsek {kec.name}", kec.code)),
            (Office.DANRAMIL, kec.code, orgs.get(f"Koramil {kec.name}", kec.code)),
            (Office.KETUA_PPK, kec.code, orgs.get(f"PPK {kec.name}", kec.code)),
            (Office.KETUA_PANWASCAM, kec.code, orgs.get(f"Panwaslu Kecamatan {kec.name}", kec.code)),
        ]
    for unit in desa:
        kec = unit.parent
        head = Office.LURAH if unit.village_type == "kelurahan" else Office.KEPALA_DESA
        plan += [
            (head, unit.code, orgs.get(_desa_org_name(unit), unit.code)),
            (Office.BHABINKAMTIBMAS, unit.code, orgs.get(f"Polsek {kec.name}", kec.code)),
            (Office.BABINSA, unit.code, orgs.get(f"Koramil {kec.name}", kec.code)),
        ]
    return plan


def _holders(areas, plan, held: set) -> None:
    taken = held | set(Position.objects.filter(end_date__isnull=True).values_list("office", "area__code"))
    todo = [
        (n, office, code, org)
        for n, (office, code, org) in enumerate(plan)
        if (office, code) not in taken | EMPTY_SEATS | ACTING_ONLY
    ]
    people = bulk_create_with_history(
        [Person(full_name=_name(n), notes="Tokoh fiktif untuk demo.") for n, *_ in todo], Person
    )
    positions, contacts = [], []
    for person, (n, office, code, org) in zip(people, todo, strict=True):
        positions.append(
            Position(person=person, organisation=org, office=office, area=areas[code], start_date=TERM_START)
        )
        if (office, code) in NO_CONTACT:
            continue
        notifiable = (office, code) not in NOT_NOTIFIABLE
        verified = (office, code) not in UNVERIFIED
        contacts += [
            ContactPoint(person=person, kind=ContactKind.WHATSAPP, value=_phone(n), verified=verified, notifiable=notifiable, preference=1),
            ContactPoint(person=person, kind=ContactKind.PHONE, value=_phone(n), verified=verified, notifiable=notifiable, preference=2),
        ]  # fmt: skip
    bulk_create_with_history(positions, Position)
    bulk_create_with_history(contacts, ContactPoint)


def _history_examples(areas, orgs) -> None:
    """A camat who left before the campaign and an acting camat: offices change hands during a Pilkada."""
    su = areas["64.08.04"]
    if not Position.objects.filter(office=Office.CAMAT, area=su, end_date__isnull=False).exists():
        former = bulk_create_with_history(
            [Person(full_name="Hasan Kelinjau", notes="Tokoh fiktif untuk demo.")], Person
        )[0]
        bulk_create_with_history(
            [
                Position(
                    person=former,
                    organisation=orgs.get("Kecamatan Sangatta Utara", su.code),
                    office=Office.CAMAT,
                    area=su,
                    start_date=date(2021, 3, 1),
                    end_date=date(2023, 12, 31),
                )
            ],
            Position,
        )
    kaubun = areas["64.08.15"]
    if not Position.objects.filter(office=Office.CAMAT, area=kaubun, acting="plt").exists():
        acting = bulk_create_with_history(
            [Person(full_name="Rina Punai", notes="Tokoh fiktif untuk demo.")], Person
        )[0]
        bulk_create_with_history(
            [
                Position(
                    person=acting,
                    organisation=orgs.get("Kecamatan Kaubun", kaubun.code),
                    office=Office.CAMAT,
                    area=kaubun,
                    start_date=date(2024, 9, 25),
                    acting="plt",
                )
            ],
            Position,
        )
        bulk_create_with_history(
            [ContactPoint(person=acting, kind=ContactKind.WHATSAPP, value="+6281150099901", verified=True)],
            ContactPoint,
        )


def _rosters(areas) -> None:
    """Voting-day piket (27 November 2024, WITA) for each kapolsek."""
    if DutyRoster.objects.filter(note="Piket hari pemungutan suara (demo)").exists():
        return
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(date(2024, 11, 27), time(6, 0)), tz)
    shifts = [
        DutyRoster(
            person=position.person,
            office=Office.KAPOLSEK,
            area=position.area,
            starts_at=start,
            ends_at=start + timedelta(hours=18),
            note="Piket hari pemungutan suara (demo)",
        )
        for position in Position.objects.filter(office=Office.KAPOLSEK, end_date__isnull=True).select_related(
            "person", "area"
        )
    ]
    bulk_create_with_history(shifts, DutyRoster)


def seed() -> list[tuple[str, str, str]]:
    """Create the demo registry and logins; returns the logins for the table seed_demo prints."""
    access_groups_sync()
    units = list(adminunit_list().filter(subtree_q(KAB)))
    areas = {unit.code: unit for unit in units}
    if KAB not in areas:
        return []
    kecamatan = sorted((u for u in units if u.level == AdminLevel.KECAMATAN), key=lambda u: u.code)
    desa = sorted((u for u in units if u.level == AdminLevel.DESA), key=lambda u: u.code)
    orgs = _organisations(areas, kecamatan, desa)
    _forums(areas, kecamatan, desa)
    held: set = set()
    logins = _demo_users(areas, orgs, held)
    _holders(areas, _seat_plan(areas, kecamatan, desa, orgs), held)
    _history_examples(areas, orgs)
    _rosters(areas)
    return logins
