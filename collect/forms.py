"""Forms of collect: the public web form, and a kabupaten administrator's form integration."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from incidents.forms import AreaSelect, DateTimeLocalInput
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, served_kabupaten_q
from stakeholders.choices import AccessRole
from stakeholders.pickers import OrganisationPickerField, PersonPickerField
from stakeholders.selectors import (
    area_scope_q,
    home_kabupaten_for,
    organisation_visible_to,
    person_visible_to,
)

from .choices import IntegrationKind


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


def administered_kabupaten(user):
    """The served kabupaten ``user`` administers (every one for an administrator of the installation):
    where they may place a form integration."""
    return (
        adminunit_list(level=AdminLevel.KABUPATEN, with_parent=False)
        .filter(served_kabupaten_q())
        .filter(area_scope_q(user, field="code", roles=(AccessRole.KABUPATEN_ADMIN,)))
        .order_by("code")
    )


class FormIntegrationForm(forms.Form):
    """A new KoboToolbox / ODK Central integration of a kabupaten the user administers: whose reports
    its submissions are (a registry person or organisation of that kabupaten, or nobody's: unverified
    intake), and where its attachments are fetched from."""

    name = forms.CharField(
        label=_("Nama integrasi"),
        max_length=150,
        help_text=_("Mis. KoboCollect Babinsa Bengalon, ODK Central Kesbangpol."),
    )
    kind = forms.ChoiceField(
        label=_("Server formulir"), choices=IntegrationKind.choices, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(
        label=_("Kabupaten"),
        queryset=None,
        to_field_name="code",
        help_text=_("Kiriman integrasi ini hanya masuk ke kabupaten ini."),
    )
    person = PersonPickerField(
        label=_("Orang terverifikasi"),
        required=False,
        area_from="area",
        help_text=_("Bila diisi, setiap kiriman menjadi laporan biasa atas nama orang ini."),
    )
    organisation = OrganisationPickerField(
        label=_("Organisasi terverifikasi"),
        required=False,
        area_from="area",
        help_text=_(
            "Bila diisi, setiap kiriman menjadi laporan biasa dari organisasi ini. Tanpa orang maupun "
            "organisasi, kiriman menunggu sebagai laporan belum terverifikasi."
        ),
    )
    download_base_url = forms.URLField(
        label=_("Alamat unduh lampiran"),
        max_length=300,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "Kobo: https://kf.kobotoolbox.org/ (atau server Anda). ODK Central: alamat API formulir, "
            "https://<central>/v1/projects/<n>/forms/pilkada_mitigasi_laporan. Lampiran hanya diambil "
            "dari bawah alamat ini."
        ),
    )
    download_authorization = forms.CharField(
        label=_("Header Authorization untuk unduh lampiran"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Kobo: Token <kunci API akun Kobo>. ODK Central: Basic <base64 email:kata sandi>."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = administered_kabupaten(user)
        self.fields["area"].initial = home_kabupaten_for(user)
        self.fields["person"].queryset = person_visible_to(user)
        self.fields["organisation"].queryset = organisation_visible_to(user)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Buat integrasi")))
