"""Admin for the registry: read-only (changes go through stakeholders.services on the app's pages), every
change page shows its history; the one write is linking a person to a user account, through a service."""

from django.contrib import admin

from audit.choices import AccessKind
from audit.services import access_record_object
from core.admin import HistoryRevertGuard, ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyInline

from .models import ContactPoint, DutyRoster, Forum, ForumSeat, ImportJob, Organisation, Person, Position
from .services import person_user_link


class ContactPointInline(ReadOnlyInline):
    model = ContactPoint
    fields = ("kind", "value", "verified", "notifiable", "preference")
    readonly_fields = fields


class ForumSeatInline(ReadOnlyInline):
    model = ForumSeat


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "org_type", "area", "parent", "is_active")
    list_filter = ("org_type", "is_active")
    search_fields = ("name", "short_name")
    list_select_related = ("area", "parent")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")


@admin.register(Person)
class PersonAdmin(HistoryRevertGuard):
    """Only the user account is edited here (there is no page for it in the app), through person_user_link;
    everything else about a person is changed on the registry's pages."""

    list_display = ("full_name", "honorific", "user")
    search_fields = ("full_name",)
    raw_id_fields = ("user",)
    readonly_fields = ("full_name", "honorific", "notes")
    inlines = [ContactPointInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        person_user_link(person=obj, user=form.cleaned_data["user"], by_user=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            person = Person.objects.filter(pk=object_id).first()
            if person is not None and person.contact_points.exists():
                access_record_object(
                    kind=AccessKind.CONTACTS,
                    by_user=request.user,
                    obj=person,
                    person_id=person.pk,
                    request=request,
                    detail={"via": "admin"},
                )
        return response


@admin.register(Position)
class PositionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("person", "office", "organisation", "area", "start_date", "end_date", "acting")
    list_filter = ("office", "acting")
    search_fields = ("person__full_name", "organisation__name")
    list_select_related = ("person", "organisation", "area")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")


@admin.register(Forum)
class ForumAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "kind", "area")
    list_filter = ("kind",)
    inlines = [ForumSeatInline]


@admin.register(DutyRoster)
class DutyRosterAdmin(ReadOnlyHistoryAdmin):
    list_display = ("person", "office", "area", "starts_at", "ends_at")
    list_filter = ("office",)
    list_select_related = ("person", "area")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "step", "status", "created_by", "created_at", "created_count")
    list_filter = ("kind", "step", "status")
