from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AdminUnit, Election, ElectionPhase, PollingStation, RiskAssessment, RiskInstrument


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "village_type", "parent")
    list_filter = ("level", "village_type")
    search_fields = ("code", "name")
    exclude = ("boundary",)
    readonly_fields = ("min_lat", "max_lat", "min_lng", "max_lng")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("boundary").select_related("parent")


class ElectionPhaseInline(admin.TabularInline):
    model = ElectionPhase
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "voting_date")
    inlines = [ElectionPhaseInline]


@admin.register(PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "election", "desa", "number", "voters")
    list_filter = ("election",)
    search_fields = ("desa__name", "desa__code")
    raw_id_fields = ("desa",)
    list_select_related = ("desa", "election")


@admin.register(RiskInstrument)
class RiskInstrumentAdmin(SimpleHistoryAdmin):
    """Instruments are data: an administrator corrects bands here; clean() checks them."""

    list_display = ("code", "name", "kind", "edition", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(SimpleHistoryAdmin):
    """Read-only: assessments are written through regions.services (level derived, thresholds frozen)."""

    list_display = ("as_of", "instrument", "area", "polling_station", "score", "level_label", "assessed_by")
    list_filter = ("instrument", "level")
    search_fields = ("area__code", "area__name")
    list_select_related = ("instrument", "area", "polling_station", "assessed_by")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
