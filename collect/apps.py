from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    """Reports collected outside the app's own pages: KoboToolbox / ODK Central integrations (their
    XLSForm and submission endpoint) and the public web form."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "collect"
    verbose_name = _("Formulir luar (Kobo/ODK, formulir publik)")
