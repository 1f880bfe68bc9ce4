"""Choices of the API app: what a token may do with a resource."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Access(models.TextChoices):
    """What an integration's token may do with one resource."""

    READ = "baca", _("Baca")
    WRITE = "tulis", _("Baca dan tulis")


class Resource(models.TextChoices):
    """The resources of /api/v1/ a token is scoped to, one per app's module."""

    REGIONS = "wilayah", _("Wilayah, TPS, pemilihan dan tahapan")
    STAKEHOLDERS = "pemangku", _("Organisasi, orang dan jabatan")
    INCIDENTS = "insiden", _("Insiden dan peringatan dini")
    ESCALATION = "eskalasi", _("Eskalasi dan pengiriman peringatan")
    TRAINING = "bimtek", _("Bimtek: program, sesi, pendaftaran, kehadiran")
    RISK = "kerawanan", _("Penilaian kerawanan")
    MAP = "peta", _("Ukuran peta")
