"""Admin of risk: instruments are configuration (edited here); assessments are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyHistoryAdmin

from .models import RiskAssessment, RiskInstrument


@admin.register(RiskInstrument)
class RiskInstrumentAdmin(SimpleHistoryAdmin):
    """Instruments are data: an administrator corrects bands here; clean() checks them."""

    list_display = ("code", "name", "kind", "edition", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyHistoryAdmin):
    """Read-only, history included (no revert): assessments are written through risk.services (level
    derived, thresholds frozen)."""

    list_display = ("as_of", "instrument", "area", "polling_station", "score", "level_label", "assessed_by")
    list_filter = ("instrument", "level")
    search_fields = ("area__code", "area__name")
    list_select_related = ("instrument", "area", "polling_station", "assessed_by")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")
