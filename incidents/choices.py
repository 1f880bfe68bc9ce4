"""Vocabulary of incidents (DOMAIN.md §6.3-§6.6): kinds, tracks, severity, status, stages, sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    """An early warning (ATHG information, nothing happened yet) or an incident (something happened)."""

    EARLY_WARNING = "peringatan_dini", _("Peringatan dini")
    INCIDENT = "insiden", _("Insiden")


class Track(models.TextChoices):
    """Handling track of a category: P = election violation (Bawaslu), K = security/conflict."""

    P = "P", _("P: pelanggaran pemilihan")
    K = "K", _("K: keamanan/konflik")
    PK = "PK", _("P/K: keduanya")
    OPERATIONAL = "O", _("Operasional")
    NONE = "-", _("Lainnya")


# Tracks that run the Bawaslu legal clock (a report must reach Bawaslu in 7 days).
P_TRACKS = (Track.P, Track.PK)
K_TRACKS = (Track.K, Track.PK)


class Severity(models.IntegerChoices):
    """Severity of an incident, 1-5 (DOMAIN.md §6.4)."""

    INFORMASI = 1, _("1 Informasi/potensi")
    RENDAH = 2, _("2 Rendah")
    SEDANG = 3, _("3 Sedang")
    TINGGI = 4, _("4 Tinggi")
    KRITIS = 5, _("5 Kritis/darurat")


SEVERITY_GUIDE = {
    Severity.INFORMASI: _(
        "Rumor, ketegangan atau informasi ATHG; belum ada pelanggaran atau kekerasan. Ditangani di desa (catat dan pantau)."
    ),
    Severity.RENDAH: _(
        "Dugaan pelanggaran tanpa kekerasan (netralitas ASN, pelanggaran kampanye ringan, satu APK diturunkan); terbatas di satu desa. Desa, dengan rujukan ke PKD/Bawaslu bila jalur P."
    ),
    Severity.SEDANG: _(
        "Ancaman atau intimidasi; kerumunan massa; kerusakan harta benda; konten SARA atau hoaks menyebar; kesalahan prosedur yang perlu PSU; mengenai TPS atau lebih dari satu desa. Ditangani kecamatan (Forkopimcam + PPK/Panwascam)."
    ),
    Severity.TINGGI: _(
        "Kekerasan fisik dengan korban luka; bentrok antarpendukung; serangan terhadap penyelenggara atau kantornya; pemungutan atau rekapitulasi terhenti; meluas lintas kecamatan. Ditangani kabupaten (Forkopimda/Tim Terpadu; komando Polres)."
    ),
    Severity.KRITIS: _(
        "Korban meninggal; kekerasan massal berlanjut yang tidak terkendali di tingkat lokal; fungsi pemerintahan terganggu; pengungsian. Tim Terpadu bersidang; pertimbangkan Status Keadaan Konflik skala kabupaten; minta bantuan TNI; laporkan ke provinsi."
    ),
}


class Status(models.TextChoices):
    """Workflow status: baru -> terverifikasi/ditolak -> ditangani -> selesai -> ditutup (reopen possible)."""

    BARU = "baru", _("Baru")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
    DITOLAK = "ditolak", _("Ditolak")
    DITANGANI = "ditangani", _("Ditangani")
    SELESAI = "selesai", _("Selesai")
    DITUTUP = "ditutup", _("Ditutup")


# Statuses the triage queue shows by default (still needing attention).
OPEN_STATUSES = (Status.BARU, Status.TERVERIFIKASI, Status.DITANGANI)

# Allowed moves of the workflow; everything else is refused by the services. "Ditangani lembaga lain"
# (services.outcome.incident_resolve_elsewhere) also moves baru/terverifikasi/ditangani to selesai.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.BARU: (Status.TERVERIFIKASI, Status.DITOLAK),
    Status.TERVERIFIKASI: (Status.DITANGANI, Status.DITOLAK),
    Status.DITOLAK: (Status.BARU,),  # reopen
    Status.DITANGANI: (Status.SELESAI,),
    # close, or reopen (to terverifikasi when another body handled it and nobody of ours was assigned)
    Status.SELESAI: (Status.DITUTUP, Status.DITANGANI, Status.TERVERIFIKASI),
    Status.DITUTUP: (Status.DITANGANI, Status.TERVERIFIKASI),  # reopen
}


class RejectReason(models.TextChoices):
    """Why a report is rejected."""

    DUPLIKAT = "duplikat", _("Duplikat laporan lain")
    HOAKS = "hoaks", _("Hoaks/tidak benar")
    DI_LUAR_KEWENANGAN = "di_luar_kewenangan", _("Di luar kewenangan")


class ConflictStage(models.TextChoices):
    """Conflict-handling stage (UU 7/2012; DOMAIN.md §6.5)."""

    PENCEGAHAN = "pencegahan", _("Pencegahan")
    PENGHENTIAN = "penghentian", _("Penghentian")
    PEMULIHAN = "pemulihan", _("Pemulihan")


class Source(models.TextChoices):
    """Where a report came from."""

    PETUGAS_LAPANGAN = "petugas_lapangan", _("Petugas lapangan")
    FKDM = "fkdm", _("FKDM")
    TIGA_PILAR = "tiga_pilar", _("Tiga Pilar")
    MEDIA = "media", _("Media/media sosial")
    MASYARAKAT = "masyarakat", _("Masyarakat")
    BAWASLU = "bawaslu", _("Bawaslu/Panwascam/PKD")
    POLRI = "polri", _("Polri")
    TNI = "tni", _("TNI")
    INTELIJEN = "intelijen", _("Intelijen/Kominda")
    KPU = "kpu", _("KPU/PPK/PPS")
    LAINNYA = "lainnya", _("Lainnya")


class ViolationClass(models.TextChoices):
    """Bawaslu outcome class of a P-track report (DOMAIN.md §6.3)."""

    ADMINISTRASI = "administrasi", _("Administrasi")
    PIDANA = "pidana", _("Pidana")
    KODE_ETIK = "kode_etik", _("Kode etik")
    HUKUM_LAINNYA = "hukum_lainnya", _("Hukum lainnya")
    BUKAN_PELANGGARAN = "bukan_pelanggaran", _("Bukan pelanggaran")


class ReferralTarget(models.TextChoices):
    """Bodies a report is referred to."""

    BAWASLU = "bawaslu", _("Bawaslu")
    GAKKUMDU = "gakkumdu", _("Sentra Gakkumdu")
    KPU = "kpu", _("KPU")
    BKN = "bkn", _("BKN/BKPSDM")
    DKPP = "dkpp", _("DKPP")


class BawasluState(models.TextChoices):
    """Where a case stands in Bawaslu's handling (Perbawaslu 8/2020; DOMAIN.md §2.7, §6.3)."""

    DITERIMA = "diterima", _("Diterima (laporan/temuan)")
    DIREGISTRASI = "diregistrasi", _("Diregistrasi")
    TIDAK_DIREGISTRASI = "tidak_diregistrasi", _("Tidak diregistrasi")
    DIKAJI = "dikaji", _("Dikaji")
    DITERUSKAN_GAKKUMDU = "gakkumdu", _("Diteruskan ke Sentra Gakkumdu")
    DIHENTIKAN = "dihentikan", _("Dihentikan")
    DITERUSKAN = "diteruskan", _("Diteruskan ke instansi berwenang")
    DIPUTUS = "diputus", _("Diputus")


class OutcomeKind(models.TextChoices):
    """What a recommendation or decision orders."""

    PSU = "psu", _("Pemungutan suara ulang (PSU)")
    PENGHITUNGAN_ULANG = "penghitungan_ulang", _("Penghitungan suara ulang")
    KOREKSI_ADMINISTRASI = "koreksi_administrasi", _("Perbaikan administrasi")
    SANKSI = "sanksi", _("Sanksi")
    PIDANA = "pidana", _("Putusan pidana")
    LAINNYA = "lainnya", _("Lainnya")


class OutcomeStage(models.TextChoices):
    """A recommendation (rekomendasi) or a decision (putusan/keputusan) that binds."""

    REKOMENDASI = "rekomendasi", _("Rekomendasi")
    PUTUSAN = "putusan", _("Putusan/keputusan")


class BallotType(models.TextChoices):
    """The ballots (surat suara) of a Pilkada or a Pemilu, for a revote of some of them."""

    GUBERNUR = "gubernur", _("Gubernur dan Wakil Gubernur")
    BUPATI = "bupati", _("Bupati dan Wakil Bupati")
    PRESIDEN = "presiden", _("Presiden dan Wakil Presiden")
    DPR = "dpr", _("DPR")
    DPD = "dpd", _("DPD")
    DPRD_PROVINSI = "dprd_provinsi", _("DPRD Provinsi")
    DPRD_KABUPATEN = "dprd_kabupaten", _("DPRD Kabupaten")


class LinkKind(models.TextChoices):
    """How two incidents are linked."""

    DUPLICATE = "duplikat", _("Duplikat dari")
    RELATED = "terkait", _("Terkait dengan")


class EvidenceKind(models.TextChoices):
    """What an evidence file is, from its detected content type."""

    PHOTO = "foto", _("Foto")
    DOCUMENT = "dokumen", _("Dokumen")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class EventKind(models.TextChoices):
    """Kinds of timeline events (the machine record of every change)."""

    CREATED = "dibuat", _("Dilaporkan")
    STATUS = "status", _("Status diubah")
    SEVERITY = "keparahan", _("Tingkat keparahan diubah")
    ASSIGNED = "penugasan", _("Penanggung jawab ditetapkan")
    FIELDS = "data", _("Data diubah")
    PROMOTED = "dinaikkan", _("Peringatan dini dinaikkan menjadi insiden")
    REOPENED = "dibuka_kembali", _("Dibuka kembali")
    NOTE = "catatan", _("Catatan ditambahkan")
    EVIDENCE = "bukti", _("Bukti diunggah")
    FOLLOW_UP = "tindak_lanjut", _("Tindak lanjut")
    REFERRAL = "rujukan", _("Rujukan")
    LINK = "tautan", _("Tautan insiden")
    INFORMANT = "pelapor_rahasia", _("Identitas pelapor rahasia")
    ESCALATION_STARTED = "eskalasi_dimulai", _("Eskalasi dimulai")
    ESCALATION_STEP = "eskalasi", _("Langkah eskalasi dijalankan")
    ACKNOWLEDGED = "dikonfirmasi", _("Peringatan dikonfirmasi")
    UNACKNOWLEDGED = "batal_konfirmasi", _("Konfirmasi dibatalkan")
    ESCALATION_STOPPED = "eskalasi_dihentikan", _("Eskalasi dihentikan")
    BAWASLU = "bawaslu", _("Penanganan Bawaslu")
    OUTCOME = "hasil", _("Rekomendasi atau putusan")


# Timeline entries only the officials handling a report read (see selectors.incident_timeline_for):
# that a note was written, and who opened or removed the confidential informant's identity. Whom the
# alerts reached stays visible to the reporter (names, never addresses: escalation's panel).
INTERNAL_EVENT_KINDS = frozenset({EventKind.NOTE, EventKind.INFORMANT})
