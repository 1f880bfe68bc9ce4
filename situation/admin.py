from django.contrib import admin

from .models import SituationReport


@admin.register(SituationReport)
class SituationReportAdmin(admin.ModelAdmin):
    """Read-only: reports are asked for on the app's page (or by beat) and built by the worker."""

    list_display = ("date", "area_code", "scheduled", "status", "requested_by", "created_at")
    list_filter = ("status", "scheduled")
    raw_id_fields = ("area", "requested_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
