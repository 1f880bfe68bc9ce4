from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Laporan masuk")

    def ready(self):
        from incidents.hooks import incident_hook_register
        from notifications.hooks import webhook_receiver_register

        from . import services  # noqa: F401 - registers the built-in channels
        from .services.feedback import feedback_on_incident_event
        from .webhooks import whatsapp_receive

        incident_hook_register(feedback_on_incident_event)
        webhook_receiver_register("whatsapp", whatsapp_receive)
