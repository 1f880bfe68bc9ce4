from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import SituationReport


@admin.register(SituationReport)
class SituationReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are asked for on the app's page (or by beat) and built by the worker."""

    list_display = ("date", "area_code", "scheduled", "status", "requested_by", "created_at")
    list_filter = ("status", "scheduled")
    list_select_related = ("requested_by",)
