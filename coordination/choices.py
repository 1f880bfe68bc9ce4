"""The coordination app's vocabularies (Bahasa Indonesia first)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """Where a tracked action (tindak lanjut koordinasi) stands."""

    TERBUKA = "terbuka", _("Terbuka")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Batal")


# Actions still to be done: shown as open, counted as overdue past their due date.
OPEN_ACTION_STATUSES = (ActionStatus.TERBUKA, ActionStatus.BERJALAN)


class ActionSource(models.TextChoices):
    """Where a tracked action comes from."""

    RAPAT = "rapat", _("Keputusan rapat koordinasi")
    INPRES_PERNYATAAN = "inpres_pernyataan", _("Inpres 2/2013: penjelasan kepada publik")
    INPRES_LAPORAN = "inpres_laporan", _("Inpres 2/2013: laporan ke atas")
    RENCANA_AKSI = "rencana_aksi", _("Rencana aksi terpadu")
    LAINNYA = "lainnya", _("Lainnya")


class MeetingStatus(models.TextChoices):
    """Where a coordination meeting stands."""

    DIJADWALKAN = "dijadwalkan", _("Dijadwalkan")
    SELESAI = "selesai", _("Selesai (notulen tercatat)")
    BATAL = "batal", _("Batal")


class AttendanceMark(models.TextChoices):
    """How an invitee's presence was recorded."""

    DAFTAR = "daftar", _("Daftar hadir")
    QR = "qr", _("Pindai QR")


class InpresKind(models.TextChoices):
    """The two obligations of Inpres 2/2013 for a serious incident (DOMAIN.md §2.4)."""

    PERNYATAAN = "pernyataan", _("Penjelasan kepada publik")
    LAPORAN = "laporan", _("Laporan ke atas (provinsi / Kemendagri)")


class ApprovalBody(models.TextChoices):
    """Who approved a public statement."""

    KANTOR_BUPATI = "kantor_bupati", _("Kantor Bupati")
    KESBANGPOL = "kesbangpol", _("Badan Kesbangpol")


class PreventionKind(models.TextChoices):
    """Kinds of preventive work (kegiatan pencegahan) between incidents (DOMAIN.md §2.3, §2.5)."""

    PATROLI = "patroli", _("Patroli")
    DIALOG = "dialog", _("Dialog dengan tim kampanye")
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    MEDIASI = "mediasi", _("Mediasi")
    DETEKSI_DINI = "deteksi_dini", _("Kunjungan deteksi dini")
    PENGAMANAN_TPS = "pengamanan_tps", _("Pengamanan bersama di TPS")


class PlanPeriod(models.TextChoices):
    """The four-monthly periods an action plan is evaluated in (Kaltim and Kemendagri, DOMAIN.md §2.3)."""

    B04 = "b04", _("B.04 (Januari-April)")
    B08 = "b08", _("B.08 (Mei-Agustus)")
    B12 = "b12", _("B.12 (September-Desember)")


# The months of each period, inclusive.
PLAN_PERIOD_MONTHS = {PlanPeriod.B04: (1, 4), PlanPeriod.B08: (5, 8), PlanPeriod.B12: (9, 12)}
