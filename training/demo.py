"""Demo Bimtek: the October 2024 event in Samarinda, run in full, and one upcoming programme.

Idempotent: programmes are found by title, sessions by (date, start time), registrations by
person, materials by title, questions by text; certificates are issued only to those without
one. Participants come from the demo registry when it is there; otherwise fictional people are
created (tree and river surnames on purpose, so nobody mistakes them for real people).
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from itertools import zip_longest
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.conf import kabupaten_code
from core.demo import DEMO_PASSWORD
from core.pdf import FAMILY, Document
from regions.selectors import adminunit_find, adminunit_get
from stakeholders.choices import Office, OrgType
from stakeholders.selectors import organisation_list, person_list, person_positions, position_current_list
from stakeholders.services import person_create

from . import services
from .choices import AttendanceStatus, RegistrationRole, RegistrationStatus, TestKind
from .models import (
    Attendance,
    Certificate,
    CertificateJob,
    EvaluationReceipt,
    Programme,
    Registration,
)

if TYPE_CHECKING:
    from stakeholders.models import Organisation, Person, Position

SEED_TITLE = "Mitigasi dan Penanganan Konflik Sosial pada Penyelenggaraan Pilkada 2024"
UPCOMING_TITLE = "Penguatan Tiga Pilar dalam Deteksi Dini Konflik Sosial"
PARTICIPANTS = 40
# Offices whose holders were invited, in the order seats are filled.
INVITED_OFFICES = [
    Office.KAPOLSEK,
    Office.DANRAMIL,
    Office.CAMAT,
    Office.BHABINKAMTIBMAS,
    Office.BABINSA,
    Office.KEPALA_DESA,
    Office.LURAH,
    Office.KETUA_PPK,
    Office.KETUA_PANWASCAM,
    Office.ANGGOTA_KPU,
    Office.ANGGOTA_BAWASLU,
    Office.TOKOH_ADAT,
    Office.TOKOH_AGAMA,
    Office.TOKOH_MASYARAKAT,
    Office.PETUGAS_LAPANGAN,
]

AGENDA = [
    # (date, start, end, topic, room)
    (date(2024, 10, 27), time(14, 0), time(16, 0), "Registrasi peserta dan pre-test", "Ballroom Harris"),
    (
        date(2024, 10, 27),
        time(16, 0),
        time(17, 30),
        "Kontrak belajar dan dinamika kelompok",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 28),
        time(8, 30),
        time(10, 0),
        "Pembukaan oleh Sekretaris Kabupaten dan arahan",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 28),
        time(10, 15),
        time(12, 0),
        "Teknik mitigasi konflik sosial pada Pilkada",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 28),
        time(13, 30),
        time(16, 0),
        "Kerangka hukum: UU 7/2012 dan Tim Terpadu PKS",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 29),
        time(8, 30),
        time(12, 0),
        "Komunikasi efektif dan negosiasi dengan massa",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 29),
        time(13, 30),
        time(16, 0),
        "Deteksi dini dan pelaporan ATHG oleh Tiga Pilar",
        "Ruang Mahakam",
    ),
    (
        date(2024, 10, 30),
        time(8, 30),
        time(12, 0),
        "Simulasi penanganan gangguan keamanan di TPS",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 30),
        time(13, 30),
        time(16, 0),
        "Simulasi rekapitulasi dan unjuk rasa penolakan hasil",
        "Ballroom Harris",
    ),
    (
        date(2024, 10, 31),
        time(8, 30),
        time(11, 0),
        "Rencana aksi lintas sektor, post-test dan penutupan",
        "Ballroom Harris",
    ),
]

QUESTIONS = [
    (
        "Menurut UU 7/2012, tahap penanganan konflik sosial adalah...",
        [
            "Pencegahan, penghentian, pemulihan",
            "Deteksi, pelaporan, penindakan",
            "Mediasi, arbitrase, putusan",
        ],
        0,
    ),
    (
        "Tiga Pilar di tingkat desa terdiri atas...",
        ["Camat, Kapolsek, Danramil", "Kepala desa/lurah, Bhabinkamtibmas, Babinsa", "PPS, PKD, KPPS"],
        1,
    ),
    (
        "Dugaan politik uang dilaporkan pertama-tama kepada...",
        ["KPU", "Pengawas pemilihan (PKD/Panwascam/Bawaslu)", "Camat"],
        1,
    ),
    (
        "Saat massa berkumpul di TPS, langkah pertama yang tepat adalah...",
        [
            "Membubarkan dengan paksa",
            "Menenangkan, berkomunikasi, dan melapor berjenjang",
            "Menghentikan pemungutan suara",
        ],
        1,
    ),
    (
        "Siapa yang menjadi sekretariat Tim Terpadu PKS kabupaten?",
        ["Badan Kesbangpol", "KPU Kabupaten", "Polres"],
        0,
    ),
]

FIRST = [
    "Arif",
    "Bayu",
    "Candra",
    "Dian",
    "Erna",
    "Feri",
    "Gilang",
    "Hana",
    "Irwan",
    "Juli",
    "Krisna",
    "Lina",
]
LAST = [
    "Meranti",
    "Ulin",
    "Bengkirai",
    "Gaharu",
    "Keruing",
    "Mahakam",
    "Telen",
    "Kelinjau",
    "Enggang",
    "Rotan",
]
FALLBACK_ORGS = [
    ("Polres Kutai Timur", OrgType.POLRI),
    ("Kodim 0909/Kutai Timur", OrgType.TNI_AD),
    ("KPU Kabupaten Kutai Timur", OrgType.KPU),
    ("Bawaslu Kabupaten Kutai Timur", OrgType.BAWASLU),
    ("Badan Kesbangpol Kabupaten Kutai Timur", OrgType.OPD_KESBANGPOL),
    ("FKUB Kabupaten Kutai Timur", OrgType.MASYARAKAT),
]


def _organisation(name: str, org_type: str) -> Organisation:
    area = adminunit_get(code=kabupaten_code())
    organisation = organisation_list(name=name).first()
    if organisation is None:
        organisation = services_org_create(name=name, org_type=org_type, area=area)
    return organisation


def services_org_create(**fields) -> Organisation:
    from stakeholders.services import organisation_create

    return organisation_create(**fields)


def _user(username: str):
    return get_user_model().objects.filter(username=username).select_related("person").first()


def _person_of(username: str) -> Person | None:
    user = _user(username)
    return getattr(user, "person", None) if user else None


def _invited_people(programme: Programme) -> list[tuple[Person, Organisation]]:
    """About 40 people from the registry's field offices, or fictional ones if the registry is empty."""
    needed = PARTICIPANTS - programme.registrations.filter(role=RegistrationRole.PESERTA).count()
    seen: set[int] = set(programme.registrations.values_list("person_id", flat=True))
    chosen: list[tuple[Person, Organisation]] = []
    reporter = _person_of("pelapor.sangatta.utara")
    candidates = position_current_list(offices=INVITED_OFFICES)
    if reporter is not None:
        # The demo field reporter took part, so their login shows a ticket and a certificate.
        mine = list(candidates.filter(person=reporter).select_related("person", "organisation")[:1])
        mine += list(person_positions(person=reporter)[:1])
        candidates_first = mine[:1]
    else:
        candidates_first = []
    # Spread the invitations over the kecamatan, a few of each office, like the real invitation list.
    by_kecamatan: dict[str, list[Position]] = {}
    for position in candidates.select_related("person", "organisation", "area").order_by(
        "area__code", "office", "id"
    ):
        by_kecamatan.setdefault(position.area.code[:8], []).append(position)
    shuffler = random.Random(2024)  # noqa: S311 - a fixed demo order, not security
    for group in by_kecamatan.values():
        shuffler.shuffle(group)
    interleaved = [p for group in zip_longest(*by_kecamatan.values()) for p in group if p is not None]
    per_office: dict[str, int] = {}
    for position in [*candidates_first, *interleaved]:
        if len(chosen) >= needed:
            break
        if position.person_id in seen or per_office.get(position.office, 0) >= 4:
            continue
        per_office[position.office] = per_office.get(position.office, 0) + 1
        seen.add(position.person_id)
        chosen.append((position.person, position.organisation))
    n = 0
    while len(chosen) < needed:
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"
        org_name, org_type = FALLBACK_ORGS[n % len(FALLBACK_ORGS)]
        n += 1
        person = person_list(full_name=name).first() or person_create(full_name=name)
        if person.pk in seen:
            continue
        seen.add(person.pk)
        chosen.append((person, _organisation(org_name, org_type)))
    return chosen


def _trainer(username: str, fallback_name: str) -> Person:
    return (
        _person_of(username)
        or person_list(full_name=fallback_name).first()
        or person_create(full_name=fallback_name, honorific="Dr.")
    )


def _demo_pdf(title: str) -> bytes:
    pdf = Document()
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(0, 6, "Materi demo Bimtek (fiktif). Pencegahan, penghentian dan pemulihan konflik sosial.")
    return pdf.to_bytes()


def _seed_event() -> Programme:
    organiser = _organisation("Pemerintah Kabupaten Kutai Timur", OrgType.PEMDA)
    academy = _organisation("Smart Academy", OrgType.PELATIHAN)
    programme = Programme.objects.filter(title=SEED_TITLE, start_date=date(2024, 10, 27)).first()
    if programme is None:
        programme = services.programme_create(
            by_user=_user("pelatih"),
            partners=[academy],
            title=SEED_TITLE,
            theme="Pencegahan hingga respons cepat dengan koordinasi lintas sektor",
            organiser=organiser,
            venue="Hotel Harris, Samarinda",
            start_date=date(2024, 10, 27),
            end_date=date(2024, 10, 31),
            lesson_hours=40,
            quota=45,
            attendance_threshold=80,
            pass_mark=60,
            signatory_name="Drs. Bambang Meranti, M.Si.",
            signatory_title="Sekretaris Kabupaten Kutai Timur",
        )
    if not programme.batches.exists():
        services.batch_create(programme=programme, number=1, label="Angkatan I")
    batch = programme.batches.first()

    lead = _trainer("pelatih", "Rina Tengkawang")
    speaker = _trainer("", "Hendra Nibung")
    for person, role in ((lead, RegistrationRole.FASILITATOR), (speaker, RegistrationRole.NARASUMBER)):
        if not programme.registrations.filter(person=person).exists():
            services.registration_create(
                programme=programme,
                person=person,
                role=role,
                status=RegistrationStatus.CONFIRMED,
                organisation=academy,
            )
    existing = set(programme.sessions.values_list("date", "start_time"))
    for day, start, end, topic, room in AGENDA:
        if (day, start) not in existing:
            services.session_create(
                programme=programme,
                date=day,
                start_time=start,
                end_time=end,
                topic=topic,
                room=room,
                trainers=[lead],
                speakers=[speaker] if "hukum" in topic or "Simulasi" in topic else [],
            )

    for person, organisation in _invited_people(programme):
        services.registration_create(
            programme=programme,
            person=person,
            organisation=organisation,
            batch=batch,
            status=RegistrationStatus.CONFIRMED,
        )
    peserta = list(
        programme.registrations.filter(role=RegistrationRole.PESERTA).select_related("person").order_by("id")
    )
    sessions = list(programme.sessions.order_by("date", "start_time"))

    marked = set(
        Attendance.objects.filter(session__programme=programme).values_list("registration_id", "session_id")
    )
    for i, registration in enumerate(peserta):
        for j, session in enumerate(sessions):
            if (registration.pk, session.pk) in marked:
                continue
            status = AttendanceStatus.HADIR
            if i % 9 == 4 and j in (3, 5, 7):
                status = AttendanceStatus.ABSEN
            elif i % 7 == 3 and j == 6:
                status = AttendanceStatus.IZIN
            elif (i + j) % 11 == 0:
                status = AttendanceStatus.TERLAMBAT
            services.attendance_mark(registration=registration, session=session, status=status)

    for title, session_index in (
        ("Modul Teknik Mitigasi Konflik Sosial", 3),
        ("Panduan Komunikasi Efektif", 5),
    ):
        if not programme.materials.filter(title=title).exists():
            upload = SimpleUploadedFile(f"{title}.pdf", _demo_pdf(title), content_type="application/pdf")
            services.material_upload(
                programme=programme, title=title, uploaded=upload, session=sessions[session_index]
            )
    if not programme.materials.filter(title="Rekaman simulasi penanganan gangguan keamanan").exists():
        services.material_upload(
            programme=programme,
            title="Rekaman simulasi penanganan gangguan keamanan",
            video_url="https://video.demo.invalid/bimtek-2024/simulasi",
            session=sessions[7],
        )

    known = set(programme.questions.values_list("text", flat=True))
    for text, choices, correct in QUESTIONS:
        if text not in known:
            services.question_add(programme=programme, text=text, choices=choices, correct_index=correct)
    questions = list(programme.questions.order_by("order", "id"))
    taken = set(
        programme.registrations.filter(test_attempts__isnull=False).values_list("id", "test_attempts__kind")
    )
    reporter = _person_of("pelapor.sangatta.utara")
    for i, registration in enumerate(peserta):
        right_pre = 1 + i % 3
        right_post = min(len(questions), right_pre + 1 + (i // 3) % 3)
        if reporter is not None and registration.person_id == reporter.pk:
            # The README promises the demo field reporter a certificate: they pass the post-test.
            right_post = len(questions)
        for kind, right in ((TestKind.PRE, right_pre), (TestKind.POST, right_post)):
            if (registration.pk, kind) in taken:
                continue
            answers = {
                q.id: (q.correct_index if k < right else (q.correct_index + 1) % len(q.choices))
                for k, q in enumerate(questions)
            }
            services.test_submit(registration=registration, kind=kind, answers=answers)

    answered = set(
        EvaluationReceipt.objects.filter(registration__programme=programme).values_list(
            "registration_id", "session_id"
        )
    )
    comments = [
        "Simulasinya sangat membantu.",
        "Waktu diskusi perlu ditambah.",
        "",
        "Materi hukum perlu contoh kasus Kutim.",
    ]
    for i, registration in enumerate(peserta[:30]):
        for j, session in enumerate((sessions[3], sessions[4], sessions[5], sessions[7])):
            if (registration.pk, session.pk) in answered:
                continue
            services.evaluation_submit(
                registration=registration,
                session=session,
                relevance=min(5, 3 + (i + j) % 3),
                delivery=min(5, 2 + j + (i % 2)),
                usefulness=4 + ((i + j) % 2),
                comment=comments[i % len(comments)] if j == 3 and i % 3 == 0 else "",
                anonymous=i % 2 == 0,
            )

    if not Certificate.objects.filter(registration__programme=programme).exists():
        job = CertificateJob.objects.create(programme=programme, created_by=_user("pelatih"))
        services.certificate_job_run(job_id=job.pk)
    return programme


def _seed_upcoming() -> Programme:
    programme = Programme.objects.filter(title=UPCOMING_TITLE).first()
    if programme is not None:
        return programme
    start = timezone.localdate() + timedelta(days=30)
    programme = services.programme_create(
        by_user=_user("pelatih"),
        partners=[_organisation("Smart Academy", OrgType.PELATIHAN)],
        title=UPCOMING_TITLE,
        theme="Deteksi dini dan respons cepat di desa",
        organiser=_organisation("Badan Kesbangpol Kabupaten Kutai Timur", OrgType.OPD_KESBANGPOL),
        venue="Aula Kantor Bupati Kutai Timur, Sangatta",
        start_date=start,
        end_date=start + timedelta(days=2),
        lesson_hours=24,
        quota=60,
        target_org_types=[OrgType.PEMERINTAH_DESA, OrgType.POLRI, OrgType.TNI_AD],
        attendance_threshold=80,
        signatory_name="Drs. Bambang Meranti, M.Si.",
        signatory_title="Sekretaris Kabupaten Kutai Timur",
    )
    services.org_type_quota_set(programme=programme, org_type=OrgType.PEMERINTAH_DESA, quota=20)
    for day in range(3):
        services.session_create(
            programme=programme,
            date=start + timedelta(days=day),
            start_time=time(8, 30),
            end_time=time(12, 0),
            topic=["Peta kerawanan desa", "Pelaporan ATHG dan eskalasi", "Latihan posko Tiga Pilar"][day],
            room="Aula",
        )
    lead = _person_of("pelatih")
    if lead is not None:
        services.registration_create(
            programme=programme,
            person=lead,
            role=RegistrationRole.FASILITATOR,
            status=RegistrationStatus.CONFIRMED,
        )
    return programme


def seed() -> list[tuple[str, str, str]]:
    if adminunit_find(code=kabupaten_code()) is None:
        return []
    _seed_event()
    _seed_upcoming()
    logins = []
    if _user("pelatih"):
        logins.append(("pelatih", DEMO_PASSWORD, "Bimtek: kelola program, check-in, sertifikat"))
    reporter = Registration.objects.filter(person__user__username="pelapor.sangatta.utara").first()
    if reporter is not None:
        logins.append(
            ("pelapor.sangatta.utara", DEMO_PASSWORD, "Bimtek: tiket, materi dan sertifikat peserta")
        )
    return logins
