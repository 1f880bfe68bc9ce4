"""The dashboard's pre-aggregated counts of incidents (issue 18), kept by PostgreSQL triggers on
``incidents_incident`` (``incidents.counts``) in the same transaction as every write of a report.

Both tables count *every* report of an area (any status), as seen by a user who covers that area whole
(the only users the dashboard serves, see ``incidents.selectors.incident_area_wholly_visible``). Rows
whose count fell back to 0 stay until the next rebuild (``manage.py rebuild_incident_counts``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentDayCount(models.Model):
    """How many reports of an area fell on one WITA day, counted one dimension at a time.

    A report counts in the row of its kabupaten and, when it lies in a kecamatan, in that kecamatan's
    (``scope_code``: the dashboard's areas), twice over: on the day it was reported (``basis`` "r")
    and on the day it happened ("o"); and there in three dimensions, each a row of its own: its
    category ("c"), its election phase ("p", 0: outside every phase) and the child area it lies in
    ("a": the kecamatan for a kabupaten's row, the desa for a kecamatan's; the area itself for a report
    filed at its level). Stored one dimension at a time, not as their product, so that a year of a
    kabupaten is some 15,000 rows whatever the number of reports.

    Besides, basis "d" (dimension "t", a total): the P-track reports whose 7-day Bawaslu clock is still
    running (``legal_clock_overdue_q`` but the time), on the WITA day their deadline falls.
    """

    basis = models.CharField(_("dasar hari"), max_length=1)
    day = models.DateField(_("hari"))
    scope_code = models.CharField(_("kode wilayah"), max_length=13)
    # Plain ids (0: none) rather than foreign keys: a count row holds no report and blocks no removal.
    election_id = models.IntegerField(_("pemilihan"), default=0)
    dimension = models.CharField(_("dimensi"), max_length=1)
    category_id = models.IntegerField(_("kategori"), default=0)
    phase_id = models.IntegerField(_("tahapan"), default=0)
    child_code = models.CharField(_("kode wilayah anak"), max_length=13, default="", blank=True)
    n = models.IntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("hitungan harian insiden")
        verbose_name_plural = _("hitungan harian insiden")
        constraints = [
            # The triggers' ON CONFLICT target, and the dashboard's index-only read (area, basis, days).
            models.UniqueConstraint(
                fields=[
                    "scope_code",
                    "basis",
                    "day",
                    "election_id",
                    "dimension",
                    "category_id",
                    "phase_id",
                    "child_code",
                ],
                include=["n"],
                name="incident_daycount_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_code} {self.basis} {self.day} {self.dimension}: {self.n}"


class IncidentOpenCount(models.Model):
    """How many reports of an area are open (baru, terverifikasi, ditangani), per election and severity."""

    scope_code = models.CharField(_("kode wilayah"), max_length=13)
    election_id = models.IntegerField(_("pemilihan"), default=0)
    severity = models.PositiveSmallIntegerField(_("tingkat keparahan"))
    n = models.IntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("hitungan insiden terbuka")
        verbose_name_plural = _("hitungan insiden terbuka")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_code", "election_id", "severity"], include=["n"], name="incident_opencount_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_code} {self.severity}: {self.n}"
