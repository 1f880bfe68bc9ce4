from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Work between incidents: coordination meetings (rakor) and their decisions as tracked
    actions, the Tim Terpadu's action plan and its four-monthly reports, preventive activities."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"
    verbose_name = _("Koordinasi dan pencegahan")

    def ready(self):
        from incidents.hooks import incident_hook_register, incident_removal_hook_register
        from incidents.panels import incident_detail_panel_register

        from .selectors import action_panel_for_incident, action_panel_for_incident_shown
        from .services import coordination_on_incident_event, coordination_on_incidents_removed

        # Inpres 2/2013: a serious incident gets its public statement and its report upward.
        incident_hook_register(coordination_on_incident_event)
        # A benchmark's reports, deleted for good, take their actions along.
        incident_removal_hook_register(coordination_on_incidents_removed)
        # The incident page shows the actions linked to it, the Inpres obligations first.
        incident_detail_panel_register(action_panel_for_incident, shown_if=action_panel_for_incident_shown)
