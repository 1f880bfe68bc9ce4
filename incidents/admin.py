"""Django admin for incidents: read-mostly; changes go through the app's pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ConfidentialInformant,
    Escalation,
    EscalationPolicy,
    EscalationPolicyStep,
    EscalationStepRun,
    EscalationStepTarget,
    Evidence,
    FollowUpAction,
    Incident,
    IncidentCategory,
    IncidentEvent,
    IncidentExport,
    IncidentLink,
    IncidentNote,
    InformantAccessLog,
    Referral,
)


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "track", "main_handler", "order", "is_active")
    list_filter = ("track", "is_active")
    search_fields = ("code", "name")


class IncidentEventInline(admin.TabularInline):
    model = IncidentEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "kind", "old", "new", "note", "version")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "title", "category", "severity", "status", "area", "reported_at")
    list_filter = ("status", "severity", "kind", "track", "category", "phase")
    search_fields = ("number", "title", "location_description")
    list_select_related = ("category", "area")
    raw_id_fields = (
        "area",
        "polling_station",
        "reporter",
        "reporter_person",
        "lead_organisation",
        "responsible_person",
        "phase",
    )
    readonly_fields = ("number", "track", "area_code", "version", "bawaslu_deadline", "search_vector")
    date_hierarchy = "reported_at"
    inlines = [IncidentEventInline]


@admin.register(IncidentEvent)
class IncidentEventAdmin(admin.ModelAdmin):
    list_display = ("incident", "kind", "actor", "at")
    list_filter = ("kind",)
    raw_id_fields = ("incident", "actor")


@admin.register(ConfidentialInformant)
class ConfidentialInformantAdmin(admin.ModelAdmin):
    list_display = ("incident", "created_at")
    raw_id_fields = ("incident", "created_by")

    def has_view_permission(self, request, obj=None):
        # The identity is read through the app's logged view only.
        return request.user.is_superuser


@admin.register(InformantAccessLog)
class InformantAccessLogAdmin(admin.ModelAdmin):
    list_display = ("informant", "user", "at", "purpose")
    raw_id_fields = ("informant", "user")


for model in (Evidence, FollowUpAction, Referral, IncidentLink, IncidentNote, IncidentExport):
    # Raw ids: a select of every incident would load the whole table.
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (admin.ModelAdmin,),
            {"raw_id_fields": tuple(f.name for f in model._meta.fields if f.is_relation)},
        ),
    )


# --- escalation ------------------------------------------------------------------------------------


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
