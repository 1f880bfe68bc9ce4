"""Forms of the situation pages: the dashboard's area and period, the map's query, a situation report request."""

from __future__ import annotations

from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, election_list

from .dashboard import BASIS_OCCURRED, BASIS_REPORTED, PERIOD_MAX_DAYS


class MapQueryForm(DateBoundsMixin, forms.Form):
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
        elif (end - start).days >= PERIOD_MAX_DAYS:
            self.add_error("dari", _("Periode paling panjang satu tahun."))
        cleaned["dari"], cleaned["sampai"] = start, end
        return cleaned


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        prefix = _("Kabupaten") if obj.level == AdminLevel.KABUPATEN else _("Kecamatan")
        return f"{prefix} {obj.name}"


class SituationReportForm(DateBoundsMixin, forms.Form):
    """Ask for a daily situation report: a date (not in the future) and an area within the user's scope."""

    date = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal laporan."),
            "invalid": _("Tanggal tidak dikenali; gunakan format tahun-bulan-tanggal."),
        },
    )
    area = AreaChoiceField(
        label=_("Wilayah"),
        queryset=adminunit_list().none(),
        to_field_name="code",
        empty_label=None,
        error_messages={
            "required": _("Pilih wilayah laporan."),
            "invalid_choice": _("Wilayah ini tidak tersedia untuk Anda."),
        },
    )

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas if areas is not None else adminunit_list().none()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("Tanggal laporan tidak boleh di masa depan."), code="future")
        return value


class DashboardForm(DateBoundsMixin, forms.Form):
    """The dashboard's area and period (WITA dates, at most a year; 30 days up to today by default)."""

    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    pemilihan = forms.TypedChoiceField(label=_("Pemilihan"), required=False, coerce=int, empty_value=None)
    dasar = forms.ChoiceField(
        label=_("Menurut tanggal"),
        required=False,
        choices=[(BASIS_REPORTED, _("dilaporkan")), (BASIS_OCCURRED, _("kejadian"))],
    )
    dari = forms.DateField(
        label=_("Sejak"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label=_("Sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, areas: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = areas
        self.fields["pemilihan"].choices = [
            ("", _("Semua pemilihan")),
            *election_list().values_list("id", "name"),
        ]
        for name in ("wilayah", "pemilihan", "dasar", "dari", "sampai"):
            css = (
                "form-select form-select-sm"
                if name in ("wilayah", "pemilihan", "dasar")
                else "form-control form-control-sm"
            )
            self.fields[name].widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("sampai") or timezone.localdate()
        start = cleaned.get("dari") or end - timedelta(days=29)
        if start > end:
            self.add_error("dari", _("Tanggal awal harus sebelum tanggal akhir."))
        elif (end - start).days >= PERIOD_MAX_DAYS:
            self.add_error("dari", _("Periode paling panjang satu tahun."))
        cleaned["dari"], cleaned["sampai"] = start, end
        cleaned["dasar"] = cleaned.get("dasar") or BASIS_REPORTED
        return cleaned
