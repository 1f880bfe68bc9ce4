from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Work between incidents: coordination meetings (rakor) and their decisions as tracked
    actions, the Tim Terpadu's action plan and its four-monthly reports, preventive activities."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "coordination"
    verbose_name = _("Koordinasi dan pencegahan")
