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
