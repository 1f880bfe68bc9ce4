from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Laporan masuk")

    def ready(self):
        from incidents.hooks import incident_hook_register

        from .services.feedback import feedback_on_incident_event

        incident_hook_register(feedback_on_incident_event)
