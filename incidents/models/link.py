"""Links between reports: a duplicate of a main report, or a related one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import LinkKind
from .incident import Incident


class IncidentLink(models.Model):
    """``source`` is a duplicate of, or related to, ``target``. A duplicate points at the main report."""

    source = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("jenis tautan"), max_length=10, choices=LinkKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tautan insiden")
        verbose_name_plural = _("tautan insiden")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="incidentlink_unique_pair"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="incidentlink_not_self"),
            # One main report per duplicate.
            models.UniqueConstraint(
                fields=["source"], condition=Q(kind=LinkKind.DUPLICATE), name="incidentlink_one_main"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
