from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self):
        from stakeholders.hooks import notice_sender_register

        from .receivers import registry_notice_send

        notice_sender_register(registry_notice_send)
