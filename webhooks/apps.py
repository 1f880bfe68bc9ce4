from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Events sent out to partner systems: subscriptions to incident and escalation events, signed
    with HMAC and delivered through the notifications delivery machinery."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhook mitra")

    def ready(self):
        from escalation.hooks import escalation_acknowledged_hook_register
        from incidents.hooks import incident_hook_register
        from notifications.hooks import webhook_secret_resolver_register

        from .services import (
            webhook_secret_resolve,
            webhooks_on_escalation_acknowledged,
            webhooks_on_incident_event,
        )

        incident_hook_register(webhooks_on_incident_event)
        escalation_acknowledged_hook_register(webhooks_on_escalation_acknowledged)
        webhook_secret_resolver_register(webhook_secret_resolve)
