from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilkadaMitigasiConfig(AppConfig):
    name = "pilkada_mitigasi"
    verbose_name = _("Pilkada Mitigasi")
