"""Vocabulary of partner webhooks: the events a partner system may subscribe to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """An event sent to partner systems; the value is the payload's ``type``. A new event is a new
    member here and a branch in ``webhooks.services`` that sends it."""

    INCIDENT_CREATED = "incident.created", _("Laporan baru dibuat")
    INCIDENT_STATUS_CHANGED = "incident.status_changed", _("Status laporan berubah")
    ESCALATION_ACKNOWLEDGED = "escalation.acknowledged", _("Peringatan eskalasi dikonfirmasi")


# Sent by "Kirim peristiwa uji" only, to every subscription whatever its events.
TEST_EVENT = "webhook.test"
