"""Demo coordination data for Pilkada 2024 in Kutai Timur (fictional): preventive activities in
Sangatta Utara and Bengalon, and the Tim Terpadu's action plan of 2024 with progress. Idempotent: the
2024 plan's presence says it is seeded. Written through the app's services like any other caller."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from regions.selectors import adminunit_find
from stakeholders.selectors import organisation_list

from .models import ActionPlan
from .services import plan_activity_add, plan_create, plan_progress_record, prevention_create

# (username, kind, area code, WITA time, place, participants, notes)
ACTIVITIES = [
    (
        "kapolsek.sangatta.utara",
        "patroli",
        "64.08.04.2001",
        (2024, 10, 12, 21, 0),
        "Pasar induk Sangatta",
        6,
        "Patroli malam dialogis; pedagang diimbau tidak memasang alat peraga di lapak.",
    ),
    (
        "kapolsek.sangatta.utara",
        "dialog",
        "64.08.04",
        (2024, 10, 20, 10, 0),
        "Mapolsek Sangatta Utara",
        14,
        "Dialog dengan LO dan tim kampanye kedua pasangan calon tentang jadwal kampanye terbuka.",
    ),
    (
        "camat.sangatta.utara",
        "sosialisasi",
        "64.08.04",
        (2024, 11, 5, 9, 30),
        "Aula Kantor Camat",
        60,
        "Sosialisasi pilkada damai dan tolak politik uang bersama tokoh agama dan tokoh adat.",
    ),
    (
        "kapolsek.sangatta.utara",
        "pengamanan_tps",
        "64.08.04.2001",
        (2024, 11, 27, 7, 0),
        "TPS 001-005",
        12,
        "Pengamanan bersama Polri-TNI-Linmas di TPS yang dinilai rawan.",
    ),
    (
        "kesbangpol",
        "deteksi_dini",
        "64.08.09",
        (2024, 11, 15, 14, 0),
        "Desa-desa perbatasan Bengalon",
        5,
        "Kunjungan deteksi dini bersama FKDM; isu pengerahan massa lintas desa diklarifikasi.",
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _org(name: str):
    return organisation_list(name=name).first()


def _wita(parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.get_current_timezone())


def seed() -> list[tuple[str, str, str]]:
    if ActionPlan.objects.filter(year=2024).exists():
        return []
    kesbangpol = _user("kesbangpol")
    if kesbangpol is None:  # the stakeholders demo (with its logins) did not run
        return []
    for username, kind, code, when, place, count, notes in ACTIVITIES:
        user, area = _user(username), adminunit_find(code=code)
        if user is None or area is None:
            continue
        prevention_create(
            kind=kind,
            held_at=_wita(when),
            area=area,
            place=place,
            participant_count=count,
            notes=notes,
            by_user=user,
        )
    plan = plan_create(
        year=2024,
        title="Rencana Aksi Terpadu Penanganan Konflik Sosial Kabupaten Kutai Timur 2024",
        notes="Disusun Tim Terpadu (SK Bupati) untuk tahapan Pilkada 2024.",
        by_user=kesbangpol,
    )
    kabupaten, sangatta_utara = adminunit_find(code="64.08"), adminunit_find(code="64.08.04")
    polres, kodim = _org("Polres Kutai Timur"), _org("Kodim 0909/Kutai Timur")
    # (title, target, phase, area, organisation, planned start, planned end, progress, actual start, actual end)
    rows = [
        (
            "Pemetaan kerawanan pilkada per desa",
            "139 desa/kelurahan",
            "persiapan",
            kabupaten,
            polres,
            date(2024, 2, 1),
            date(2024, 4, 30),
            100,
            date(2024, 2, 5),
            date(2024, 4, 25),
        ),
        (
            "Sosialisasi pilkada damai di 18 kecamatan",
            "18 kecamatan",
            "kampanye",
            kabupaten,
            None,
            date(2024, 9, 25),
            date(2024, 11, 23),
            100,
            date(2024, 9, 30),
            date(2024, 11, 20),
        ),
        (
            "Dialog rutin dengan LO pasangan calon",
            "2 pasangan calon",
            "kampanye",
            sangatta_utara,
            polres,
            date(2024, 9, 25),
            date(2024, 11, 23),
            60,
            date(2024, 10, 1),
            None,
        ),
        (
            "Patroli skala besar masa tenang",
            "Titik rawan se-kabupaten",
            "masa_tenang",
            kabupaten,
            kodim,
            date(2024, 11, 24),
            date(2024, 11, 26),
            100,
            date(2024, 11, 24),
            date(2024, 11, 26),
        ),
        (
            "Rakor evaluasi pasca pemungutan suara",
            "Forkopimda dan Forkopimcam",
            "rekapitulasi",
            kabupaten,
            None,
            date(2024, 12, 2),
            date(2024, 12, 13),
            0,
            None,
            None,
        ),
    ]
    for title, target, phase, area, org, start, end, progress, actual_start, actual_end in rows:
        if area is None:
            continue
        activity = plan_activity_add(
            plan=plan,
            title=title,
            target=target,
            phase=phase,
            area=area,
            organisation=org,
            planned_start=start,
            planned_end=end,
            by_user=kesbangpol,
        )
        if progress:
            plan_progress_record(
                activity=activity,
                progress=progress,
                actual_start=actual_start,
                actual_end=actual_end,
                by_user=kesbangpol,
            )
    return []
