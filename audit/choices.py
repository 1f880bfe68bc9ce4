"""Vocabulary of the audit trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    """What was opened (or done) that must leave a trace."""

    INFORMANT = "informant", _("Identitas pelapor rahasia")
    CONTACTS = "contacts", _("Kontak orang")
    EVIDENCE = "evidence", _("Berkas bukti")
    EXPORT = "export", _("Unduhan ekspor")
    PERSONAL_DATA_EXPORT = "pdp_export", _("Ekspor data pribadi (PDP)")
    PERSONAL_DATA_ERASE = "pdp_erase", _("Penghapusan data pribadi (PDP)")
    MFA_RESET = "mfa_reset", _("Atur ulang verifikasi dua langkah")


class RetentionStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
