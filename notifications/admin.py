"""Django admin: read-only views of messages, deliveries and the local email outbox (notifications.services
write them; a delivery is retried on the app's delivery log)."""

from django.contrib import admin
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Delivery, DeliveryAttempt, Message, OutboxEmail


class DeliveryAttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = [
        "number",
        "started_at",
        "finished_at",
        "outcome",
        "error",
        "provider_message_id",
        "requested_by",
    ]
    readonly_fields = fields


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["text", "urgency", "group_key", "created_at", "cancelled_at"]
    list_filter = ["urgency"]
    search_fields = ["idempotency_key", "group_key", "text"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "person", "channel", "address", "status", "attempts", "last_error"]
    list_filter = ["status", "channel"]
    list_select_related = ["person", "message"]
    search_fields = ["idempotency_key", "address", "provider_message_id"]
    raw_id_fields = ["person", "message", "contact_point"]
    inlines = [DeliveryAttemptInline]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject"]
    search_fields = ["to", "subject"]
    fields = ["created_at", "from_email", "to", "subject", "body_with_links"]
    readonly_fields = fields

    @admin.display(description=_("isi"))
    def body_with_links(self, obj):
        # urlize escapes the text first; only its own anchors are left unescaped.
        return mark_safe(linebreaks(urlize(obj.body, autoescape=True), autoescape=False))  # noqa: S308
