"""Vocabulary of the registry: organisation types, offices, access roles, forums, contact kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgType(models.TextChoices):
    """Organisation types (DOMAIN.md §6.2)."""

    PEMDA = "pemda", _("Pemerintah Kabupaten")
    OPD_KESBANGPOL = "opd_kesbangpol", _("Badan Kesbangpol")
    OPD_LAIN = "opd_lain", _("OPD lain")
    KECAMATAN = "kecamatan", _("Kantor Kecamatan")
    PEMERINTAH_DESA = "pemerintah_desa", _("Pemerintah Desa/Kelurahan")
    DPRD = "dprd", _("DPRD")
    POLRI = "polri", _("Polri")
    TNI_AD = "tni_ad", _("TNI AD")
    TNI_AL = "tni_al", _("TNI AL")
    KEJAKSAAN = "kejaksaan", _("Kejaksaan")
    PENGADILAN = "pengadilan", _("Pengadilan")
    INTELIJEN = "intelijen", _("Intelijen (BIN daerah/Kominda)")
    KPU = "kpu", _("KPU dan badan ad hoc")
    BAWASLU = "bawaslu", _("Bawaslu dan badan ad hoc")
    GAKKUMDU = "gakkumdu", _("Sentra Gakkumdu")
    FORUM = "forum", _("Sekretariat forum")
    MASYARAKAT = "masyarakat", _("Kelompok masyarakat/adat/agama")
    PESERTA = "peserta", _("Peserta pemilihan")
    PEMANTAU = "pemantau", _("Pemantau pemilihan")
    MEDIA = "media", _("Media")
    SWASTA = "swasta", _("Perusahaan")
    PELATIHAN = "pelatihan", _("Penyelenggara pelatihan")
    PUSAT = "pusat", _("Lembaga pusat")


class Office(models.TextChoices):
    """Offices a person can hold (the role code of a position)."""

    BUPATI = "bupati", _("Bupati")
    WAKIL_BUPATI = "wakil_bupati", _("Wakil Bupati")
    SEKDA = "sekda", _("Sekretaris Daerah")
    ASISTEN_PEMERINTAHAN = "asisten_pemerintahan", _("Asisten Pemerintahan")
    KABAG_PEMERINTAHAN = "kabag_pemerintahan", _("Kabag Pemerintahan")
    KABAN_KESBANGPOL = "kaban_kesbangpol", _("Kepala Badan Kesbangpol")
    KABID_WASPADNAS = "kabid_waspadnas_pk", _("Kabid Kewaspadaan Nasional & Penanganan Konflik")
    OPERATOR_KESBANGPOL = "operator_kesbangpol", _("Operator Kesbangpol")
    # Provincial offices: recorded at the province, they cover every kabupaten below it.
    KABAN_KESBANGPOL_PROVINSI = "kaban_kesbangpol_provinsi", _("Kepala Badan Kesbangpol Provinsi")
    KETUA_BAWASLU_PROVINSI = "ketua_bawaslu_provinsi", _("Ketua Bawaslu Provinsi")
    KAPOLDA = "kapolda", _("Kapolda")
    PANGDAM = "pangdam", _("Pangdam")
    DANREM = "danrem", _("Danrem")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")
    LIAISON_OPD = "liaison", _("Penghubung OPD")
    CAMAT = "camat", _("Camat")
    SEKCAM = "sekcam", _("Sekretaris Camat")
    KASI_TRANTIB = "kasi_trantib", _("Kasi Ketenteraman dan Ketertiban")
    OPERATOR_KECAMATAN = "operator_kecamatan", _("Operator Kecamatan")
    KEPALA_DESA = "kepala_desa", _("Kepala Desa")
    LURAH = "lurah", _("Lurah")
    SEKDES = "sekdes", _("Sekretaris Desa")
    KETUA_BPD = "ketua_bpd", _("Ketua BPD")
    LINMAS = "linmas", _("Linmas")
    KETUA_RT = "ketua_rt", _("Ketua RT")
    KETUA_DPRD = "ketua_dprd", _("Ketua DPRD")
    KAPOLRES = "kapolres", _("Kapolres")
    KASAT_INTELKAM = "kasat_intelkam", _("Kasat Intelkam")
    KABAG_OPS = "kabag_ops", _("Kabag Ops Polres")
    KAPOLSEK = "kapolsek", _("Kapolsek")
    BHABINKAMTIBMAS = "bhabinkamtibmas", _("Bhabinkamtibmas")
    DANDIM = "dandim", _("Dandim")
    DANRAMIL = "danramil", _("Danramil")
    BABINSA = "babinsa", _("Babinsa")
    DANLANAL = "danlanal", _("Danlanal")
    DANPOSAL = "danposal", _("Komandan Pos TNI AL (Danposal)")
    KAJARI = "kajari", _("Kepala Kejaksaan Negeri")
    KETUA_PN = "ketua_pn", _("Ketua Pengadilan Negeri")
    ANGGOTA_KOMINDA = "anggota_kominda", _("Anggota Kominda")
    KETUA_KPU = "ketua_kpu", _("Ketua KPU")
    ANGGOTA_KPU = "anggota_kpu", _("Anggota KPU")
    KETUA_PPK = "ketua_ppk", _("Ketua PPK")
    ANGGOTA_PPK = "anggota_ppk", _("Anggota PPK")
    KETUA_PPS = "ketua_pps", _("Ketua PPS")
    ANGGOTA_PPS = "anggota_pps", _("Anggota PPS")
    PANTARLIH = "pantarlih", _("Pantarlih (petugas pemutakhiran data pemilih)")
    KETUA_KPPS = "ketua_kpps", _("Ketua KPPS")
    ANGGOTA_KPPS = "anggota_kpps", _("Anggota KPPS")
    KETUA_BAWASLU = "ketua_bawaslu", _("Ketua Bawaslu")
    ANGGOTA_BAWASLU = "anggota_bawaslu", _("Anggota Bawaslu")
    KETUA_PANWASCAM = "ketua_panwascam", _("Ketua Panwaslu Kecamatan")
    PKD = "pkd", _("Pengawas Kelurahan/Desa")
    PTPS = "ptps", _("Pengawas TPS (PTPS)")
    KOORDINATOR_GAKKUMDU = "koordinator_gakkumdu", _("Koordinator Gakkumdu")
    KETUA_FORUM = "ketua_forum", _("Ketua forum")
    SEKRETARIS_FORUM = "sekretaris_forum", _("Sekretaris forum")
    ANGGOTA_FORUM = "anggota_forum", _("Anggota forum")
    TOKOH_ADAT = "tokoh_adat", _("Tokoh adat")
    TOKOH_AGAMA = "tokoh_agama", _("Tokoh agama")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Tokoh masyarakat")
    TOKOH_PEMUDA = "tokoh_pemuda", _("Tokoh pemuda")
    JURNALIS = "jurnalis", _("Jurnalis")
    HUMAS_PERUSAHAAN = "humas_perusahaan", _("Humas perusahaan")
    FASILITATOR = "fasilitator", _("Fasilitator/pelatih")
    NARASUMBER = "narasumber", _("Narasumber")
    PETUGAS_LAPANGAN = "petugas_lapangan", _("Petugas lapangan")


# One current (non-acting) holder per (office, area). Others (anggota, tokoh,
# operators) may have many holders at once.
SINGLE_HOLDER_OFFICES = frozenset(
    {
        Office.BUPATI,
        Office.WAKIL_BUPATI,
        Office.SEKDA,
        Office.KABAN_KESBANGPOL,
        Office.KABAN_KESBANGPOL_PROVINSI,
        Office.KETUA_BAWASLU_PROVINSI,
        Office.KAPOLDA,
        Office.PANGDAM,
        Office.CAMAT,
        Office.KEPALA_DESA,
        Office.LURAH,
        Office.KETUA_DPRD,
        Office.KAPOLRES,
        Office.KAPOLSEK,
        Office.BHABINKAMTIBMAS,
        Office.DANDIM,
        Office.DANRAMIL,
        Office.BABINSA,
        Office.KAJARI,
        Office.KETUA_KPU,
        Office.KETUA_PPK,
        Office.KETUA_BAWASLU,
        Office.KETUA_PANWASCAM,
    }
)


class ActingKind(models.TextChoices):
    """How a position is held: definitively or as an acting head."""

    DEFINITIVE = "", _("Definitif")
    PLT = "plt", _("Plt (pelaksana tugas)")
    PJS = "pjs", _("Pjs (penjabat sementara)")
    PLH = "plh", _("Plh (pelaksana harian)")
    PJ = "pj", _("Pj (penjabat)")


class NonActiveKind(models.TextChoices):
    """Why a holder is non-active for a while without losing the office (DOMAIN.md §6.2): alerts and
    access go to the acting holder (a Pjs, Plt or Plh) during that period."""

    CUTI_KAMPANYE = "cuti_kampanye", _("Cuti kampanye")
    CUTI = "cuti", _("Cuti")
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", _("Diberhentikan sementara")


class AccessRole(models.TextChoices):
    """What a user may do in the app; derived from the offices they hold (see access.py)."""

    KABUPATEN_ADMIN = "kabupaten_admin", _("Administrator kabupaten (Kesbangpol)")
    KABUPATEN_VIEWER = "kabupaten_viewer", _("Pimpinan kabupaten (lihat saja)")
    KECAMATAN_OPERATOR = "kecamatan_operator", _("Operator kecamatan")
    SECURITY_LIAISON = "security_liaison", _("Penghubung keamanan")
    FIELD_REPORTER = "field_reporter", _("Pelapor lapangan")
    TRAINER = "trainer", _("Pelatih Bimtek")


class GrantStatus(models.TextChoices):
    """Where a request for a privileged office stands (see services.position_grant)."""

    PENDING = "pending", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class AccountEventKind(models.TextChoices):
    """What was done to a person's user account (the account part of the person's history)."""

    CREATED = "created", _("Akun dibuat")
    DISABLED = "disabled", _("Akun dinonaktifkan")
    ENABLED = "enabled", _("Akun diaktifkan kembali")
    CODE_ISSUED = "code_issued", _("Kata sandi direset: kode sekali pakai diberikan")
    CODE_USED = "code_used", _("Kata sandi baru dibuat dengan kode sekali pakai")
    EMAIL_RESET = "email_reset", _("Kata sandi baru dibuat lewat tautan email")


class ContactKind(models.TextChoices):
    """Channels on which a person can be reached."""

    PHONE = "phone", _("Telepon/SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("Email")
    # A landline: reached by a call only, never by SMS or WhatsApp (no notification channel).
    LANDLINE = "landline", _("Telepon kantor/rumah (tanpa SMS/WA)")


class ForumKind(models.TextChoices):
    """Coordination forums: groups of offices scoped to an area (DOMAIN.md §2.6, §7)."""

    TIGA_PILAR_DESA = "tiga_pilar_desa", _("Tiga Pilar desa/kelurahan")
    FORKOPIMCAM = "forkopimcam", _("Forkopimcam (Tiga Pilar kecamatan)")
    FORKOPIMDA = "forkopimda", _("Forkopimda")
    TIM_TERPADU = "tim_terpadu", _("Tim Terpadu PKS")
    FKDM = "fkdm", _("FKDM")


class ImportKind(models.TextChoices):
    """What an import file holds."""

    PEOPLE = "orang", _("Orang, kontak dan jabatan")
    ORGANISATIONS = "organisasi", _("Organisasi")


class ImportStep(models.TextChoices):
    """The step an import's background job runs: checking every row, or saving them all."""

    CHECK = "periksa", _("Pemeriksaan")
    SAVE = "simpan", _("Penyimpanan")


class ImportPhase(models.TextChoices):
    """Where an import stands for its user (from its step, its job status and its errors; not stored)."""

    VALIDATING = "validating", _("Sedang diperiksa")
    INVALID = "invalid", _("Ada baris yang ditolak")
    READY = "ready", _("Siap disimpan")
    COMMITTING = "committing", _("Sedang disimpan")
    DONE = "done", _("Tersimpan")
    FAILED = "failed", _("Gagal")
