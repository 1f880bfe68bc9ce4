"""Forms of the operators' decisions on an unverified intake."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.choices import IncidentKind, Severity, Source
from incidents.selectors import category_list
from regions.choices import AdminLevel
from stakeholders.selectors import area_choices_for


class IntakeAcceptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jadikan"), choices=IncidentKind.choices, initial=IncidentKind.INCIDENT)
    title = forms.CharField(label=_("Judul singkat"), max_length=200)
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=None)
    severity = forms.TypedChoiceField(label=_("Tingkat keparahan"), coerce=int, choices=Severity.choices)
    area = forms.ModelChoiceField(label=_("Desa/kelurahan atau kecamatan"), queryset=None)
    source = forms.ChoiceField(label=_("Sumber"), choices=Source.choices, initial=Source.MASYARAKAT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list()
        self.fields["area"].queryset = area_choices_for(user, levels=(AdminLevel.KECAMATAN, AdminLevel.DESA))


class IntakeMergeForm(forms.Form):
    number = forms.CharField(label=_("Nomor laporan yang sudah ada"), max_length=20)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class IntakeRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan (dikirim ke pengirim)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
