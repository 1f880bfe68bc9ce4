"""Choices of the risk app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskInstrumentKind(models.TextChoices):
    """Families of kerawanan instruments (DOMAIN.md §3); their bands live in the data, not here."""

    IKP = "ikp", _("Indeks Kerawanan Pemilu (IKP) Bawaslu")
    PEMETAAN_TAHAPAN = "pemetaan_tahapan", _("Pemetaan kerawanan per tahapan (Bawaslu)")
    TPS_RAWAN = "tps_rawan", _("Pemetaan TPS rawan (8 variabel)")
    POLRI_TPS = "polri_tps", _("Klasifikasi TPS Polri")
    LIVE = "langsung", _("Risiko langsung dari insiden")
