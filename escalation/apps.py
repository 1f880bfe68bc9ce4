from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = _("Eskalasi")

    def ready(self):
        from incidents.conditions import incident_condition_register
        from incidents.hooks import incident_hook_register
        from incidents.panels import incident_created_panel_register, incident_detail_panel_register
        from notifications.hooks import delivery_settled_hook_register

        from .selectors import (
            escalation_created_panel,
            escalation_detail_panel,
            escalation_detail_panel_shown,
            incident_unacknowledged_q,
            incident_unreached_q,
        )
        from .services import escalation_on_delivery_settled, escalation_on_incident_event

        incident_hook_register(escalation_on_incident_event)
        delivery_settled_hook_register(escalation_on_delivery_settled)
        incident_detail_panel_register(escalation_detail_panel, shown_if=escalation_detail_panel_shown)
        incident_created_panel_register(escalation_created_panel)
        incident_condition_register("unacknowledged", incident_unacknowledged_q)
        incident_condition_register("unreached", incident_unreached_q)
