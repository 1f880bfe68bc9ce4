"""Django admin for escalation: policies are edited here; escalations and their runs are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Escalation,
    EscalationPolicy,
    EscalationPolicyStep,
    EscalationStepRun,
    EscalationStepTarget,
)


class EscalationPolicyStepInline(admin.TabularInline):
    model = EscalationPolicyStep
    extra = 0
    fields = ("order", "wait_minutes", "active_from_hour", "active_until_hour")
    show_change_link = True  # the step's page edits its targets


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(SimpleHistoryAdmin):
    """Policies are data: which incidents they match and their ordered steps (targets on each step's page)."""

    list_display = (
        "name",
        "priority",
        "is_active",
        "track",
        "min_severity",
        "repeat_last_step",
        "max_repeats",
    )
    list_filter = ("is_active", "track", "min_severity")
    search_fields = ("name",)
    filter_horizontal = ("categories",)
    autocomplete_fields = ("areas",)
    inlines = [EscalationPolicyStepInline]


class EscalationStepTargetInline(admin.TabularInline):
    model = EscalationStepTarget
    extra = 1
    autocomplete_fields = ("person",)


@admin.register(EscalationPolicyStep)
class EscalationPolicyStepAdmin(SimpleHistoryAdmin):
    list_display = ("policy", "order", "wait_minutes", "active_from_hour", "active_until_hour")
    list_filter = ("policy",)
    inlines = [EscalationStepTargetInline]


class EscalationStepRunInline(admin.TabularInline):
    model = EscalationStepRun
    extra = 0
    can_delete = False
    readonly_fields = (
        "sequence",
        "step_index",
        "repeat",
        "due_at",
        "ran_at",
        "lateness_s",
        "recipients",
        "targets",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Read-only: escalations change only through the engine's services."""

    list_display = (
        "incident",
        "status",
        "next_step",
        "next_due_at",
        "run_count",
        "acknowledged_at",
        "started_at",
    )
    list_filter = ("status",)
    search_fields = ("incident__number",)
    inlines = [EscalationStepRunInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
