"""Vocabulary of the collect app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegrationKind(models.TextChoices):
    """The server a form integration receives submissions from."""

    KOBO = "kobo", _("KoboToolbox (REST Services)")
    ODK = "odk", _("ODK Central (webhook)")
