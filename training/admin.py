"""Admin for Bimtek: read-only with history (programmes, batches, quotas, sessions, registrations,
materials, questions and certificates all change through training.services on the app's pages)."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin, ReadOnlyInline

from .models import Batch, Certificate, Material, OrgTypeQuota, Programme, Question, Registration, Session


class SessionInline(ReadOnlyInline):
    model = Session


class BatchInline(ReadOnlyInline):
    model = Batch


class OrgTypeQuotaInline(ReadOnlyInline):
    model = OrgTypeQuota


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "start_date", "end_date", "venue", "quota"]
    inlines = [BatchInline, OrgTypeQuotaInline, SessionInline]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "programme", "role", "status", "ticket_code"]
    list_filter = ["role", "status"]
    list_select_related = ["person", "programme"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "programme", "download_count"]
    list_select_related = ["programme"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["text", "programme", "order"]
    list_select_related = ["programme"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "registration", "issued_at", "revoked_at"]
    list_select_related = ["registration__person"]
