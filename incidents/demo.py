"""Demo incidents and early warnings for Pilkada 2024 in Kutai Timur (fictional people and events).

About 60 reports across the kecamatan and the phases, covering every status, both tracks and the
common categories. Idempotent: a report is recognised by its title and time of occurrence.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.conf import kabupaten_code
from regions.choices import AdminLevel
from regions.selectors import adminunit_get, adminunit_list, electionphase_list
from stakeholders.choices import OrgType
from stakeholders.selectors import organisation_list, person_list
from stakeholders.services import organisation_create, person_create

from . import services
from .categories import category_defaults_ensure
from .choices import (
    ConflictStage,
    EventKind,
    IncidentKind,
    LinkKind,
    ReferralTarget,
    RejectReason,
    Source,
    Status,
)
from .models import Incident, IncidentCategory, IncidentEvent, IncidentLink

if TYPE_CHECKING:
    from regions.models import AdminUnit
    from stakeholders.models import Organisation, Person

# (category, title, chronology, severity)
SCENARIOS = [
    (
        "POLITIK_UANG",
        "Pembagian amplop menjelang pencoblosan",
        "Warga melaporkan tim sukses membagikan amplop berisi uang Rp100.000 di sebuah rumah warga pada malam hari.",
        3,
    ),
    (
        "NETRALITAS_ASN",
        "ASN hadir dalam kampanye paslon",
        "Seorang ASN dinas terlihat memakai atribut paslon dan berfoto dalam kampanye terbatas.",
        2,
    ),
    (
        "NETRALITAS_KADES",
        "Kepala desa mengarahkan warga",
        "Kepala desa dalam rapat RT meminta warga memilih paslon tertentu.",
        2,
    ),
    (
        "PERUSAKAN_APK",
        "Baliho paslon dirobek",
        "Tiga baliho paslon di tepi jalan poros dirobek orang tak dikenal pada dini hari.",
        2,
    ),
    (
        "KAMPANYE_HITAM_HOAKS",
        "Hoaks surat suara tercoblos beredar",
        "Pesan berantai di grup WhatsApp menyebut surat suara sudah tercoblos; warga resah.",
        3,
    ),
    (
        "POLITISASI_SARA",
        "Ceramah bernada SARA",
        "Ceramah di acara warga menyinggung suku salah satu calon; video beredar di media sosial.",
        3,
    ),
    (
        "INTIMIDASI",
        "Ancaman terhadap saksi paslon",
        "Saksi paslon menerima ancaman melalui telepon agar tidak hadir di TPS.",
        3,
    ),
    (
        "PENGHADANGAN",
        "Penghadangan rombongan kampanye",
        "Sekelompok pemuda menutup jalan desa dan menolak rombongan kampanye masuk.",
        3,
    ),
    (
        "BENTROK_MASSA",
        "Saling dorong antarpendukung",
        "Dua kelompok pendukung saling dorong di depan posko; dua orang luka ringan.",
        4,
    ),
    (
        "KEKERASAN_PENYELENGGARA",
        "Kantor PPS dilempari batu",
        "Kaca jendela kantor PPS pecah dilempari batu oleh orang tak dikenal pada malam hari.",
        4,
    ),
    (
        "UNJUK_RASA",
        "Unjuk rasa menolak hasil rekapitulasi",
        "Sekitar 200 orang berunjuk rasa di depan kantor PPK menuntut penghitungan ulang.",
        3,
    ),
    (
        "KERICUHAN_REKAPITULASI",
        "Keberatan saksi saat rekapitulasi",
        "Saksi paslon menolak menandatangani berita acara; rapat pleno sempat diskors.",
        3,
    ),
    (
        "PEMILIH_GANDA",
        "Pemilih mencoblos dua kali",
        "PTPS menemukan seorang pemilih mencoblos di dua TPS berbeda.",
        3,
    ),
    (
        "PELANGGARAN_PROSEDUR_TPS",
        "KPPS membuka kotak suara sebelum waktunya",
        "Kotak suara dibuka sebelum saksi hadir; PTPS merekomendasikan PSU.",
        3,
    ),
    (
        "GANGGUAN_LOGISTIK",
        "Logistik pemilu terlambat tiba",
        "Perahu pengangkut logistik tertahan cuaca; surat suara terlambat tiba di desa.",
        2,
    ),
    ("BENCANA", "Banjir di lokasi TPS", "Air sungai meluap; lokasi TPS tergenang dan harus dipindah.", 3),
    (
        "KONFLIK_SOSIAL_NONPEMILU",
        "Sengketa lahan memanas jelang pilkada",
        "Warga dan perusahaan perkebunan bersitegang soal batas lahan; isu ditarik ke dukungan paslon.",
        3,
    ),
    (
        "PENYALAHGUNAAN_FASILITAS",
        "Mobil dinas dipakai kampanye",
        "Mobil berpelat merah terlihat mengangkut alat peraga kampanye.",
        2,
    ),
]
WARNINGS = [
    (
        "BENTROK_MASSA",
        "Isu pengerahan massa saat penetapan",
        "Informasi FKDM: kelompok pendukung berencana mengerahkan massa ke kantor KPU.",
    ),
    (
        "KAMPANYE_HITAM_HOAKS",
        "Ketegangan di media sosial",
        "Akun anonim menyebarkan unggahan provokatif; komentar bernada ancaman meningkat.",
    ),
    (
        "POLITISASI_SARA",
        "Potensi gesekan antarkelompok adat",
        "Tokoh adat menyampaikan kekhawatiran soal spanduk bernada SARA.",
    ),
    (
        "INTIMIDASI",
        "Rumor ancaman terhadap KPPS",
        "Beredar kabar anggota KPPS akan didatangi orang tak dikenal sebelum hari pemungutan.",
    ),
]
# Where each report ends up, in order; the list repeats over the reports.
OUTCOMES = [
    Status.BARU,
    Status.TERVERIFIKASI,
    Status.DITANGANI,
    Status.SELESAI,
    Status.DITUTUP,
    Status.DITOLAK,
    Status.BARU,
    Status.DITANGANI,
    "dibuka_kembali",
]
PHASES = [
    "pencalonan",
    "pra_kampanye",
    "kampanye",
    "kampanye",
    "masa_tenang",
    "distribusi_logistik",
    "pemungutan_suara",
    "penghitungan_suara",
    "rekapitulasi",
    "psu_pss",
]
FICTIONAL_PEOPLE = [
    "Bripka Demo Santoso",
    "Aipda Demo Wibowo",
    "Demo Rahmawati, S.Sos.",
    "Demo Hendra Saputra",
]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _person(name: str) -> Person:
    person = person_list(full_name=name).first()
    return person or person_create(full_name=name, notes="Data demo (fiktif).")


def _organisation(name: str, org_type: str, area: AdminUnit) -> Organisation:
    found = organisation_list(name=name).first()
    return found or organisation_create(name=name, org_type=org_type, area=area)


def seed() -> list[tuple[str, str, str]]:
    category_defaults_ensure()
    reporter = _user("pelapor.sangatta.utara") or _user("admin")
    officer = _user("operator_kesbangpol") or _user("admin")
    if reporter is None or officer is None or not electionphase_list().exists():
        return []
    kabupaten = adminunit_get(code=kabupaten_code())
    kecamatan = list(adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False))
    desa_by_kec: dict[int, list[AdminUnit]] = {}
    for desa in adminunit_list(level=AdminLevel.DESA, with_parent=False):
        desa_by_kec.setdefault(desa.parent_id, []).append(desa)
    phases = {p.code: p for p in electionphase_list()}
    polres = _organisation("Polres Kutai Timur", OrgType.POLRI, kabupaten)
    kesbangpol = _organisation("Badan Kesbangpol Kabupaten Kutai Timur", OrgType.OPD_KESBANGPOL, kabupaten)
    people = [_person(name) for name in FICTIONAL_PEOPLE]
    rng = random.Random(2024)  # noqa: S311 - demo data, not security

    reports: list[tuple] = []
    for n in range(60):
        if n % 6 == 5:
            category, title, chronology = WARNINGS[n % len(WARNINGS)]
            severity, kind = 1, IncidentKind.EARLY_WARNING
        else:
            category, title, chronology, severity = SCENARIOS[n % len(SCENARIOS)]
            kind = IncidentKind.INCIDENT
        kec = kecamatan[n % len(kecamatan)]
        area = rng.choice(desa_by_kec.get(kec.pk) or [kec]) if n % 7 else kec
        phase = phases.get(PHASES[n % len(PHASES)]) or next(iter(phases.values()))
        span = (phase.end_date - phase.start_date).days
        day = phase.start_date + timedelta(days=rng.randint(0, max(span, 0)))
        occurred = timezone.make_aware(
            datetime.combine(day, time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))))
        )
        reports.append(
            (n, category, f"{title} ({area.name})", chronology, severity, kind, area, phase, occurred)
        )

    for n, category, title, chronology, severity, kind, area, phase, occurred in reports:
        if Incident.objects.filter(title=title, occurred_at=occurred).exists():
            continue
        known = occurred + timedelta(hours=rng.randint(0, 20))
        incident = services.incident_create(
            by_user=reporter,
            kind=kind,
            title=title,
            chronology=chronology,
            category=IncidentCategory.objects.get(code=category),
            severity=severity,
            occurred_at=occurred,
            known_at=known,
            reported_at=known + timedelta(minutes=rng.randint(5, 240)),
            area=area,
            phase=phase,
            source=[Source.PETUGAS_LAPANGAN, Source.FKDM, Source.MASYARAKAT, Source.MEDIA, Source.BAWASLU][
                n % 5
            ],
            conflict_stage=ConflictStage.PENCEGAHAN if severity < 4 else ConflictStage.PENGHENTIAN,
            location_description=f"Sekitar balai desa {area.name}",
            injured=2 if severity >= 4 else 0,
            crowd_size=200 if category in ("UNJUK_RASA", "BENTROK_MASSA") else None,
            informant={"full_name": "Informan Demo (fiktif)", "phone": "+6281200000000"}
            if n % 11 == 3
            else None,
        )
        _walk(
            incident,
            OUTCOMES[n % len(OUTCOMES)],
            officer,
            polres if severity >= 3 else kesbangpol,
            people[n % 4],
            n,
        )

    # One duplicate and one promoted warning, so linking and promotion show in the demo.
    same = list(Incident.objects.filter(title__startswith=SCENARIOS[0][1]).order_by("pk")[:2])
    if (
        len(same) == 2
        and same[1].status == Status.BARU
        and not IncidentLink.objects.filter(kind=LinkKind.DUPLICATE).exists()
    ):
        services.incident_reject(
            incident=same[1],
            expected_version=None,
            by_user=officer,
            reason=RejectReason.DUPLIKAT,
            duplicate_of=same[0],
        )
    warning = (
        Incident.objects.filter(kind=IncidentKind.EARLY_WARNING, status=Status.BARU).order_by("pk").first()
    )
    if warning is not None and not IncidentEvent.objects.filter(kind=EventKind.PROMOTED).exists():
        services.incident_promote(
            incident=warning, expected_version=None, by_user=officer, note="Massa benar berkumpul."
        )
    related = Incident.objects.filter(category__code="BENTROK_MASSA").order_by("pk")[:2]
    if len(related) == 2 and not related[0].links_out.exists():
        services.incident_link(source=related[0], target=related[1], kind=LinkKind.RELATED, by_user=officer)
    return []


def _walk(
    incident: Incident, outcome: str, officer, organisation: Organisation, person: Person, n: int
) -> None:
    """Move a fresh report along the workflow to the demo outcome, with notes, follow-ups and referrals."""
    if outcome == Status.BARU:
        return
    if outcome == Status.DITOLAK:
        services.incident_reject(
            incident=incident,
            expected_version=None,
            by_user=officer,
            reason=RejectReason.HOAKS,
            note="Tidak terbukti.",
        )
        return
    incident = services.incident_verify(incident=incident, expected_version=None, by_user=officer)
    services.note_add(
        incident=incident, body="Sudah dikonfirmasi ke Bhabinkamtibmas setempat.", by_user=officer
    )
    if outcome == Status.TERVERIFIKASI:
        return
    incident = services.incident_assign(
        incident=incident,
        expected_version=None,
        by_user=officer,
        lead_organisation=organisation,
        responsible_person=person,
    )
    services.follow_up_add(
        incident=incident,
        description="Patroli dialogis dan pertemuan dengan tokoh masyarakat",
        owner=person,
        due_date=timezone.localtime(incident.known_at).date() + timedelta(days=3),
        by_user=officer,
    )
    if incident.is_p_track and n % 2 == 0:
        services.referral_add(
            incident=incident,
            target=ReferralTarget.BAWASLU,
            referred_at=incident.known_at + timedelta(days=2),
            register_number=f"{n:03d}/Reg/LP/PB/Kab/23.09/XI/2024",
            by_user=officer,
        )
    if outcome == Status.DITANGANI:
        return
    incident = services.incident_resolve(incident=incident, expected_version=None, by_user=officer)
    if outcome == Status.SELESAI:
        return
    incident = services.incident_close(incident=incident, expected_version=None, by_user=officer)
    if outcome == "dibuka_kembali":
        services.incident_reopen(
            incident=incident, expected_version=None, by_user=officer, reason="Situasi kembali memanas."
        )
