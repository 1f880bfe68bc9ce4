"""Admin for coordination: read-only with history (actions change through coordination.services)."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline

from .models import ActionEvidence, TrackedAction


class ActionEvidenceInline(ReadOnlyInline):
    model = ActionEvidence
    fields = ["note", "original_name", "kind", "size", "added_by", "added_at"]


@admin.register(TrackedAction)
class TrackedActionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "status", "due_date", "area", "organisation", "owner", "source"]
    list_filter = ["status", "source"]
    list_select_related = ["area", "organisation", "owner"]
    search_fields = ["title"]
    inlines = [ActionEvidenceInline]
