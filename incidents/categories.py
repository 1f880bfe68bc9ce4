"""The incident taxonomy of DOMAIN.md §6.3: (code, Indonesian name, English name, track, main handler).

Seeded by migration 0002; ``category_defaults_ensure`` restores it where a test flushed the tables.
"""

CATEGORIES = [
    ("POLITIK_UANG", "Politik uang (pemberian uang/barang)", "Vote buying", "P", "Bawaslu → Gakkumdu"),
    (
        "NETRALITAS_ASN",
        "Pelanggaran netralitas ASN",
        "Civil-servant partisanship",
        "P",
        "Bawaslu → BKN/BKPSDM",
    ),
    (
        "NETRALITAS_TNI_POLRI",
        "Netralitas TNI/Polri",
        "Military/police partisanship",
        "P",
        "Bawaslu → institusi",
    ),
    (
        "NETRALITAS_KADES",
        "Netralitas kepala desa / perangkat desa",
        "Village-official partisanship",
        "P",
        "Bawaslu → Gakkumdu / Bupati (DPMD)",
    ),
    (
        "NETRALITAS_PENYELENGGARA",
        "Keberpihakan penyelenggara",
        "Election-official bias",
        "P",
        "Bawaslu → DKPP",
    ),
    (
        "PENYALAHGUNAAN_FASILITAS",
        "Penggunaan fasilitas / anggaran / program negara",
        "Misuse of state resources",
        "P",
        "Bawaslu",
    ),
    (
        "PELANGGARAN_KAMPANYE",
        "Kampanye di luar jadwal/lokasi, curi start, masa tenang, melibatkan anak",
        "Campaign-rule breach",
        "P",
        "Bawaslu; Satpol PP untuk APK",
    ),
    (
        "PERUSAKAN_APK",
        "Perusakan / penurunan alat peraga kampanye",
        "Damaging campaign props",
        "PK",
        "Bawaslu; Polri bila pidana",
    ),
    (
        "KAMPANYE_HITAM_HOAKS",
        "Kampanye hitam, hoaks, fitnah, ujaran kebencian (termasuk media sosial)",
        "Black campaign, disinformation, hate speech",
        "PK",
        "Bawaslu; Polri siber; Diskominfo",
    ),
    (
        "POLITISASI_SARA",
        "Politisasi SARA / politik identitas",
        "Ethno-religious incitement",
        "PK",
        "Bawaslu; Polri; FKUB",
    ),
    (
        "INTIMIDASI",
        "Intimidasi / ancaman (pemilih, penyelenggara, saksi)",
        "Intimidation, threats",
        "K",
        "Polri; Gakkumdu",
    ),
    (
        "PENGHADANGAN",
        "Penghadangan kampanye / penolakan calon",
        "Blocking a campaign or candidate",
        "K",
        "Polri; Tiga Pilar",
    ),
    (
        "BENTROK_MASSA",
        "Bentrok antarpendukung / kericuhan massa",
        "Supporter clash, riot",
        "K",
        "Polri; Tiga Pilar; Tim Terpadu",
    ),
    (
        "KEKERASAN_PENYELENGGARA",
        "Kekerasan / serangan terhadap penyelenggara, kantor, kotak suara",
        "Violence against election bodies or property",
        "K",
        "Polri (Brimob)",
    ),
    (
        "UNJUK_RASA",
        "Unjuk rasa / penolakan hasil",
        "Protest, rejection of results",
        "K",
        "Polri; KPU/Bawaslu",
    ),
    (
        "KERICUHAN_REKAPITULASI",
        "Kericuhan / keberatan saksi saat rekapitulasi",
        "Tally disruption or objections",
        "PK",
        "KPU; Bawaslu; Polri",
    ),
    (
        "PEMILIH_GANDA",
        "Pemilih ganda / mencoblos lebih dari sekali; masalah DPT",
        "Double voting, voter-list problems",
        "P",
        "PTPS/Bawaslu → KPU (PSU)",
    ),
    (
        "PELANGGARAN_PROSEDUR_TPS",
        "Kesalahan prosedur KPPS (→ PSU/PSSU)",
        "Polling-station procedure error",
        "P",
        "Bawaslu → KPU",
    ),
    (
        "MANIPULASI_SUARA",
        "Penggelembungan / pengurangan suara, salah input Sirekap",
        "Vote tampering, tally error",
        "P",
        "Bawaslu; Gakkumdu; KPU",
    ),
    ("ETIK_PENYELENGGARA", "Pelanggaran kode etik penyelenggara", "Official misconduct", "P", "DKPP"),
    (
        "GANGGUAN_LOGISTIK",
        "Keterlambatan / kekurangan / kerusakan logistik; distribusi sulit",
        "Election-logistics disruption",
        "O",
        "KPU; pengawalan Polri; TNI AL; Pemda",
    ),
    (
        "GANGGUAN_INFRASTRUKTUR",
        "Listrik / internet / Sirekap",
        "Power, internet, result-app outage",
        "O",
        "KPU; PLN; Diskominfo",
    ),
    ("BENCANA", "Bencana alam di lokasi TPS", "Natural hazard", "O", "BPBD; KPU"),
    (
        "KONFLIK_SOSIAL_NONPEMILU",
        "Konflik lahan/SDA, antarkelompok, buruh-perusahaan",
        "Non-election social conflict",
        "K",
        "Tim Terpadu PKS",
    ),
    ("LAINNYA", "Lainnya", "Other", "-", "Triase"),
]


def category_defaults_ensure() -> int:
    """Create any missing default category (never changes an edited one); returns how many were created."""
    from .models import IncidentCategory

    created = 0
    for order, (code, name, name_en, track, handler) in enumerate(CATEGORIES, start=1):
        _, was_created = IncidentCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "track": track,
                "main_handler": handler,
                "order": order * 10,
            },
        )
        created += was_created
    return created
