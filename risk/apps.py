from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Kerawanan")

    def ready(self):
        from regions.sections import register_area_section

        from .views import area_assessments_section

        # The kerawanan block of an area's page (regions knows nothing of risk).
        register_area_section(
            "kerawanan",
            "risk/partials/area_assessments.html",
            area_assessments_section,
            permission="risk.view_riskassessment",
            order=10,
        )
