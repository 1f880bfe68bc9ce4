"""Admin of the audit trail: read-only for everyone, superusers included (append-only)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AccessRecord, RetentionRun


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "user", "object_type", "object_repr", "ip_address")
    list_filter = ("kind",)
    search_fields = ("object_repr", "object_id", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "at"


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "finished_at", "status", "removed_total")
    list_filter = ("status",)
