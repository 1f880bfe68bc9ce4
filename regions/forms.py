"""The map's query parameters."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AdminLevel

MAX_PERIOD_DAYS = 366


class MapQueryForm(forms.Form):
    """The map's request: level, parent area, period (WITA dates, at most a year)."""

    tingkat = forms.ChoiceField(
        choices=[
            (AdminLevel.KECAMATAN, AdminLevel.KECAMATAN.label),
            (AdminLevel.DESA, AdminLevel.DESA.label),
        ],
        required=False,
    )
    induk = forms.CharField(max_length=13, required=False)
    dari = forms.DateField(required=False)
    sampai = forms.DateField(required=False)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("tingkat") or AdminLevel.KECAMATAN
        cleaned["tingkat"] = level
        if level == AdminLevel.DESA and not cleaned.get("induk"):
            self.add_error("induk", _("Pilih kecamatan untuk lapisan desa."))
        end = cleaned.get("sampai") or timezone.localdate()
        start = cleaned.get("dari") or end - timedelta(days=29)
        if start > end:
            self.add_error("dari", _("Tanggal awal harus sebelum tanggal akhir."))
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.add_error("dari", _("Periode paling panjang satu tahun."))
        cleaned["dari"], cleaned["sampai"] = start, end
        return cleaned
