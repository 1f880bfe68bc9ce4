from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import SituationReport


@admin.register(SituationReport)
class SituationReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are asked for on the app's page (or by beat) and built by the worker."""

    list_display = ("date", "area_code", "scheduled", "status", "created_by", "created_at", "finished_at")
    list_filter = ("status", "scheduled")
    list_select_related = ("created_by",)
