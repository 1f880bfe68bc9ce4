"""Forms of the kerawanan pages: a scored or classed assessment, and the TPS-rawan checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from regions.choices import AdminLevel
from stakeholders.selectors import adminunit_visible_to, pollingstation_visible_to

from .models import RiskInstrument
from .selectors import riskinstrument_assessable

if TYPE_CHECKING:
    from regions.models import AdminUnit

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return f"{obj.code} {obj}"


class RiskAssessmentForm(DateBoundsMixin, forms.Form):
    """A scored or classed kerawanan (IKP score, Pemetaan or Polri level) of an area the user covers."""

    instrument = forms.ModelChoiceField(queryset=RiskInstrument.objects.none(), label=_("Instrumen"))
    # The querysets of areas and TPS are set in __init__: what the user may see (stakeholders' selectors).
    area = AreaChoiceField(queryset=None, label=_("Wilayah"))
    aspect = forms.ChoiceField(label=_("Aspek/tahapan"), required=False)
    score = forms.DecimalField(label=_("Skor"), max_digits=7, decimal_places=2, required=False)
    level = forms.ChoiceField(label=_("Tingkat"), required=False)
    as_of = forms.DateField(label=_("Per tanggal"), widget=_DATE_WIDGET)
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instruments = riskinstrument_assessable().filter(checklist=[]).order_by("kind", "code")
        self.fields["instrument"].queryset = instruments
        self.fields["area"].queryset = adminunit_visible_to(user)
        levels: dict[str, str] = {}
        for instrument in instruments:
            for band in instrument.bands:
                levels.setdefault(band["level"], band["label"])
        self.fields["level"].choices = [("", _("(dari skor)")), *levels.items()]
        aspects: list[str] = []
        for instrument in instruments:
            aspects.extend(a for a in instrument.parameters.get("aspects", []) if a not in aspects)
        self.fields["aspect"].choices = [("", _("(tidak ada)")), *((a, a) for a in aspects)]
        self.fields["score"].help_text = _("Untuk IKP: tingkat dihitung dari skor menurut ambang instrumen.")
        self.fields["level"].help_text = _("Untuk instrumen tanpa skor (Pemetaan per tahapan, Polri).")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))


class RiskChecklistForm(DateBoundsMixin, forms.Form):
    """The TPS-rawan checklist of an instrument: one yes/no per indicator, grouped by variable."""

    area = AreaChoiceField(queryset=None, label=_("Desa/kelurahan"))
    polling_station = forms.ModelChoiceField(
        queryset=None, label=_("TPS (kosongkan untuk menilai desa)"), required=False
    )
    as_of = forms.DateField(label=_("Per tanggal"), widget=_DATE_WIDGET)
    source = forms.CharField(label=_("Sumber"), max_length=200, required=False)
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, instrument: RiskInstrument, reload_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["area"].queryset = adminunit_visible_to(user, level=AdminLevel.DESA)
        stations = pollingstation_visible_to(user)
        chosen = self.initial.get("area")
        if not self.is_bound:
            # The TPS list follows the chosen desa (htmx reloads it when the desa changes).
            stations = stations.filter(desa_id=chosen) if str(chosen or "").isdigit() else stations.none()
        self.fields["polling_station"].queryset = stations
        self.fields["area"].widget.attrs.update(
            {
                "hx-get": reload_url,
                "hx-trigger": "change",
                "hx-target": "#div_id_polling_station",
                "hx-select": "#div_id_polling_station",
                "hx-swap": "outerHTML",
            }
        )
        fieldsets = []
        for variable in instrument.checklist:
            names = []
            for indicator in variable.get("indicators", []):
                name = f"q_{indicator['code']}"
                self.fields[name] = forms.BooleanField(label=indicator["label"], required=False)
                names.append(name)
            fieldsets.append(Fieldset(variable["label"], *names, css_class="border rounded p-2 mb-3"))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "area",
            "polling_station",
            "as_of",
            *fieldsets,
            "source",
            "notes",
        )
        self.helper.add_input(Submit("submit", _("Simpan penilaian")))

    def clean(self):
        cleaned = super().clean()
        station, area = cleaned.get("polling_station"), cleaned.get("area")
        if station is not None and area is not None and station.desa_id != area.id:
            self.add_error("polling_station", _("TPS ini tidak berada di desa/kelurahan yang dipilih."))
        return cleaned

    def answers(self) -> dict[str, bool]:
        """The answers as {indicator code: yes/no}."""
        return {
            name.removeprefix("q_"): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }
