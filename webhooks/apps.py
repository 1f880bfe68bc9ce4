from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Events sent out to partner systems: subscriptions to incident and escalation events, signed
    with HMAC and delivered through the notifications delivery machinery."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhook mitra")
