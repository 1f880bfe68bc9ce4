"""Django admin: partner webhooks, read-only with their history (the pages under /integrasi/webhook/
write through the services); the encrypted secret is never shown."""

from django.contrib import admin

from core.admin import ReadOnlyHistoryAdmin

from .models import WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "url", "area_code", "is_active", "secret_hint", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    exclude = ["secret_encrypted"]
