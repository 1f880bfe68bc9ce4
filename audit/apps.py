from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit dan data pribadi")

    def ready(self):
        # Each app describes its own personal data and retention in <app>/personal_data.py
        # (export, erase, retention); the audit app only collects them, so it imports no app.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
