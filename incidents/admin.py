"""Django admin for incidents: reports and everything on them are read here and changed through the
app's pages and services (one write path); categories are configuration and edited here."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.choices import AccessKind
from audit.services import access_record
from core.admin import ReadOnlyAdmin, ReadOnlyInline

from . import services
from .models import (
    ConfidentialInformant,
    Evidence,
    FollowUpAction,
    Incident,
    IncidentCategory,
    IncidentEvent,
    IncidentExport,
    IncidentLink,
    IncidentNote,
    Referral,
)
from .selectors import incident_triageable_by


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin):
    """Categories are configuration (no services): an administrator adds and corrects them here."""

    list_display = ("code", "name", "track", "main_handler", "order", "is_active")
    list_filter = ("track", "is_active")
    search_fields = ("code", "name")


class IncidentEventInline(ReadOnlyInline):
    model = IncidentEvent
    fields = ("at", "actor", "kind", "old", "new", "note", "version")
    readonly_fields = fields


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    """Read-only: a report changes through incidents.services only (timeline, version, area code, hooks).

    The one write offered here is the action "verify", which calls incident_verify for the reports the
    user may triage; a place is corrected on the app's edit page.
    """

    list_display = ("number", "kind", "title", "category", "severity", "status", "area", "reported_at")
    list_filter = ("status", "severity", "kind", "track", "category", "phase")
    search_fields = ("number", "title", "location_description")
    list_select_related = ("category", "area")
    exclude = ("search_vector", "search_vector_id")
    date_hierarchy = "reported_at"
    inlines = [IncidentEventInline]
    actions = ["verify"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("area__boundary")

    def has_triage_permission(self, request):
        return request.user.has_perm("incidents.triage_incident")

    @admin.action(description=_("Verifikasi laporan terpilih"), permissions=["triage"])
    def verify(self, request, queryset):
        verified, refused = 0, []
        # Scope as in the app: a report outside the user's triage scope is left alone.
        for incident in queryset.filter(pk__in=incident_triageable_by(request.user).values("pk")):
            try:
                services.incident_verify(
                    incident=incident,
                    expected_version=None,
                    by_user=request.user,
                    note=str(_("Diverifikasi lewat admin.")),
                )
            except ValidationError as exc:
                refused.append(f"{incident.number}: {' '.join(exc.messages)}")
            else:
                verified += 1
        if verified:
            self.message_user(
                request,
                ngettext("%(count)d laporan diverifikasi.", "%(count)d laporan diverifikasi.", verified)
                % {"count": verified},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)


@admin.register(IncidentEvent)
class IncidentEventAdmin(ReadOnlyAdmin):
    list_display = ("incident", "kind", "actor", "at")
    list_filter = ("kind",)
    list_select_related = ("incident", "actor")


@admin.register(ConfidentialInformant)
class ConfidentialInformantAdmin(ReadOnlyAdmin):
    """Shows that an identity is held, never the identity: that is read through the app's logged view."""

    list_display = ("incident", "created_by", "created_at")
    fields = ("incident", "created_by", "created_at")
    readonly_fields = fields
    list_select_related = ("incident", "created_by")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code != 200:
            return response
        informant = ConfidentialInformant.objects.filter(pk=object_id).select_related("incident").first()
        if informant is not None:
            access_record(
                kind=AccessKind.INFORMANT,
                by_user=request.user,
                object_type=Incident._meta.label_lower,
                object_id=informant.incident_id,
                object_repr=informant.incident.number,
                purpose="admin",
                request=request,
                detail={"via": "admin"},
            )
        return response


for model in (Evidence, FollowUpAction, Referral, IncidentLink, IncidentNote, IncidentExport):
    # Written by incidents.services (evidence_add, follow_up_add, referral_add, incident_link,
    # note_add, the export task): read here only.
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {}))
