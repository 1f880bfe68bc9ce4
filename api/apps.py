from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API for partners and tools (/api/v1/): one module per app's resources, the OpenAPI
    schema, and the integrations' tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API dan integrasi")

    def ready(self) -> None:
        # Registers the token's security scheme with drf-spectacular.
        from . import schema  # noqa: F401
