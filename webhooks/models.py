"""A partner system's subscription to events: its URL, the events, the area, the signing secret."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import WebhookEvent


class WebhookSubscription(models.Model):
    """Where and what to send one partner system; only events of incidents in ``area_code``'s subtree.

    The signing secret is kept encrypted (``webhooks.signing``): HMAC needs the secret itself, so a
    hash cannot sign, and a copy of the database alone must not let anyone forge our signatures.
    """

    name = models.CharField(_("sistem mitra"), max_length=200)
    url = models.URLField(_("URL penerima"), max_length=500)
    events = ArrayField(
        models.CharField(max_length=40, choices=WebhookEvent.choices), verbose_name=_("peristiwa"), size=10
    )
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    # The area's code, denormalised: the events of an incident find their subscriptions by its ancestors.
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    secret_encrypted = models.TextField(_("rahasia (terenkripsi)"), editable=False)
    # The first characters of the secret, so a partner can tell which secret they hold.
    secret_hint = models.CharField(_("awal rahasia"), max_length=12, editable=False)
    secret_rotated_at = models.DateTimeField(_("rahasia diganti pada"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("didaftarkan oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    # The secret's ciphertext stays out of the history: an old secret is not kept once rotated.
    history = HistoricalRecords(excluded_fields=["secret_encrypted"])

    class Meta:
        verbose_name = _("langganan webhook")
        verbose_name_plural = _("langganan webhook")
        ordering = ["name", "id"]
        permissions = [("manage_webhooksubscription", _("Dapat mengelola webhook mitra"))]
        indexes = [
            models.Index(
                fields=["area_code"], condition=models.Q(is_active=True), name="webhook_active_area_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(events=[]), name="webhook_has_events"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("webhooks:subscription_detail", args=[self.pk])

    @property
    def group_key(self) -> str:
        """The notifications message group of this subscription's deliveries (log, cancel, secret)."""
        return f"webhooks|{self.pk}"
