"""Admin for the registry; every change page shows its history (simple_history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ContactPoint, DutyRoster, Forum, ForumSeat, ImportJob, Organisation, Person, Position


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0


class ForumSeatInline(admin.TabularInline):
    model = ForumSeat
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "org_type", "area", "parent", "is_active")
    list_filter = ("org_type", "is_active")
    search_fields = ("name", "short_name")
    raw_id_fields = ("parent", "area")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "honorific", "user")
    search_fields = ("full_name",)
    raw_id_fields = ("user",)
    inlines = [ContactPointInline]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("person", "office", "organisation", "area", "start_date", "end_date", "acting")
    list_filter = ("office", "acting")
    search_fields = ("person__full_name", "organisation__name")
    raw_id_fields = ("person", "organisation", "area")


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "area")
    list_filter = ("kind",)
    raw_id_fields = ("area",)
    inlines = [ForumSeatInline]


@admin.register(DutyRoster)
class DutyRosterAdmin(SimpleHistoryAdmin):
    list_display = ("person", "office", "area", "starts_at", "ends_at")
    list_filter = ("office",)
    raw_id_fields = ("person", "area")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "status", "created_by", "created_at", "created_count")
    list_filter = ("kind", "status")
    readonly_fields = ("rows", "errors", "columns")
