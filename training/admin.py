from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Batch, Certificate, Material, OrgTypeQuota, Programme, Question, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class BatchInline(admin.TabularInline):
    model = Batch
    extra = 0


class OrgTypeQuotaInline(admin.TabularInline):
    model = OrgTypeQuota
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_date", "end_date", "venue", "quota"]
    inlines = [BatchInline, OrgTypeQuotaInline, SessionInline]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "programme", "role", "status", "ticket_code"]
    list_filter = ["role", "status"]
    raw_id_fields = ["person", "organisation"]


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "download_count"]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "programme", "order"]


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ["code", "registration", "issued_at", "revoked_at"]
    raw_id_fields = ["registration"]
