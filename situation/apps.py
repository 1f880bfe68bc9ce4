from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = _("Situasi")

    def ready(self):
        from . import dashboard, map

        map.register_builtin()
        dashboard.register_builtin()
