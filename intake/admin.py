"""Django admin: read-only views of the intake log, the queue and the answers (intake.services writes them)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import InboundCall, InboundMessage, IntakeReply, UnverifiedIntake


class InboundMessageInline(ReadOnlyInline):
    model = InboundMessage
    fields = ["external_id", "sender", "kind", "text", "outcome", "detail", "incident", "intake"]
    readonly_fields = fields


@admin.register(InboundCall)
class InboundCallAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "signature", "outcome", "remote_addr"]
    list_filter = ["channel", "signature", "outcome"]
    search_fields = ["body", "detail"]
    inlines = [InboundMessageInline]


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "sender", "outcome", "text"]
    list_filter = ["channel", "outcome"]
    search_fields = ["sender", "external_id", "text"]
    raw_id_fields = ["call", "person", "incident", "intake"]


@admin.register(UnverifiedIntake)
class UnverifiedIntakeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "area_code", "status", "title"]
    list_filter = ["channel", "status"]
    search_fields = ["text", "sender", "external_id"]
    raw_id_fields = ["person", "area", "category", "incident", "decided_by"]


@admin.register(IntakeReply)
class IntakeReplyAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "address", "status", "attempts", "text"]
    list_filter = ["channel", "status"]
    search_fields = ["address", "idempotency_key"]
