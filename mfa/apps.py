from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    default = True
    name = "mfa"
    verbose_name = _("Verifikasi dua langkah")

    def ready(self):
        from . import signals  # noqa: F401


class OtpAdminConfig(admin_apps.AdminConfig):
    """The Django admin, whose default site lets in only staff verified with a second factor."""

    default = False
    default_site = "mfa.admin_site.OtpRequiredAdminSite"
