from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Insiden")

    def ready(self):
        from .hooks import incident_hook_register
        from .services_escalation import escalation_on_incident_event

        incident_hook_register(escalation_on_incident_event)
