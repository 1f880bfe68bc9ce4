"""Forms of collect: the public web form."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from incidents.forms import AreaSelect, DateTimeLocalInput
from regions.choices import AdminLevel
from regions.selectors import adminunit_list


class PublicReportForm(DateBoundsMixin, forms.Form):
    """What a citizen tells, where and when, a photo and a contact if they wish; the proof of work."""

    text = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ceritakan siapa, apa, di mana dan kapan, sejelas mungkin."),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=None,
        required=False,
        widget=AreaSelect(attrs={"data-kecamatan-select": ""}),
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=None,
        required=False,
        widget=AreaSelect(attrs={"data-desa-select": ""}),
    )
    occurred_at = forms.DateTimeField(
        label=_("Waktu kejadian"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    photo = forms.FileField(
        label=_("Foto (opsional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    name = forms.CharField(label=_("Nama (opsional)"), max_length=150, required=False)
    contact = forms.CharField(
        label=_("Kontak untuk tindak lanjut (opsional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Nomor HP/WhatsApp atau email, bila petugas boleh menghubungi Anda. Kosongkan untuk tetap anonim."
        ),
    )
    pow_challenge = forms.CharField(widget=forms.HiddenInput(attrs={"data-pow-challenge": ""}))
    pow_answer = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-pow-answer": ""}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False)
        self.fields["desa"].queryset = adminunit_list(level=AdminLevel.DESA, with_parent=False)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and not desa.code.startswith(kecamatan.code + "."):
            self.add_error("desa", _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih."))
        return data
