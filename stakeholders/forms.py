"""Forms of the registry: fields scoped to what the user may see, crispy Bootstrap 5 layout."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from regions.choices import AdminLevel

from .accounts import account_users_for_email
from .choices import ActingKind, ContactKind, ForumKind, ImportKind, NonActiveKind, Office, OrgType
from .pickers import OrganisationPickerField, PersonPickerField
from .selectors import (
    access_profile,
    area_choices_for,
    grant_scope,
    grantable_area_choices,
    grantable_offices,
    organisation_visible_to,
    person_visible_to,
)

GRANT_LEVELS = (AdminLevel.PROVINSI, AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA)


def _offer_grantable(form) -> None:
    """Offer only the offices and areas the user may grant (the service checks each pair again)."""
    offices = set(grantable_offices(form.user))
    blank = [choice for choice in form.fields["office"].choices if choice[0] == ""]
    form.fields["office"].choices = blank + [
        (value, label) for value, label in Office.choices if value in offices
    ]
    form.fields["area"].queryset = grantable_area_choices(form.user, levels=GRANT_LEVELS)


class AreaChoiceField(forms.ModelChoiceField):
    """An area picked by its Kemendagri code, shown as "64.08.04 Kec. Sangatta Utara"."""

    def label_from_instance(self, obj):
        return f"{obj.code} {obj}"


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.add_input(Submit("submit", label))
    return helper


class ScopedForm(forms.Form):
    """A form whose choices of areas, organisations and people are limited to the user's scope."""

    submit_label = _("Simpan")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper(self.submit_label)
        if "area" in self.fields:
            self.fields["area"].queryset = area_choices_for(
                user, levels=(AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA)
            )
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = organisation_visible_to(user).select_related("area")
        if "parent" in self.fields:
            self.fields["parent"].queryset = organisation_visible_to(user)
        if "person" in self.fields:
            self.fields["person"].queryset = person_visible_to(user)


class OrganisationForm(ScopedForm):
    name = forms.CharField(label=_("Nama"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=60, required=False)
    org_type = forms.ChoiceField(label=_("Jenis"), choices=OrgType.choices)
    area = AreaChoiceField(label=_("Wilayah kerja"), queryset=None, to_field_name="code")
    parent = OrganisationPickerField(label=_("Induk"), required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)


class PersonForm(ScopedForm):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    honorific = forms.CharField(
        label=_("Gelar depan/pangkat"),
        max_length=60,
        required=False,
        help_text=_("Ditulis di depan nama: Drs., H., Hj., Dr., AKP, Kapten Inf."),
    )
    degrees = forms.CharField(
        label=_("Gelar belakang"),
        max_length=60,
        required=False,
        help_text=_("Ditulis di belakang nama: S.H., M.Si, S.Pd.I."),
    )
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PersonCreateForm(DateBoundsMixin, PersonForm):
    """A new person with the office they hold, so they land in the creator's scope."""

    organisation = OrganisationPickerField(label=_("Organisasi"), required=False)
    office = forms.ChoiceField(
        label=_("Jabatan"), choices=[("", "---------"), *Office.choices], required=False
    )
    area = AreaChoiceField(label=_("Wilayah jabatan"), queryset=None, to_field_name="code", required=False)
    start_date = forms.DateField(
        label=_("Mulai menjabat"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    acting = forms.ChoiceField(label=_("Status jabatan"), choices=ActingKind.choices, required=False)
    phone = forms.CharField(
        label=_("Nomor HP (opsional)"), required=False, help_text=_("Contoh: 0812-3456-7890.")
    )
    position_fields = ("organisation", "office", "area", "start_date", "acting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if grant_scope(self.user).grants_anything:
            _offer_grantable(self)
        else:
            # Someone who may not grant offices records people without one.
            for name in self.position_fields:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if "office" not in self.fields:
            return data
        position_fields = ("organisation", "office", "area", "start_date")
        given = [name for name in position_fields if data.get(name)]
        needed = not access_profile(self.user).kabupaten_wide
        if given or needed:
            for name in position_fields:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Wajib diisi: orang baru dicatat bersama jabatannya."))
        return data


class ContactPointForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ContactKind.choices)
    value = forms.CharField(
        label=_("Nomor/alamat"),
        max_length=254,
        help_text=_("Nomor HP boleh ditulis 0812-3456-7890, 62812... atau +62 812...."),
    )
    verified = forms.BooleanField(label=_("Sudah diverifikasi"), required=False)
    notifiable = forms.BooleanField(label=_("Boleh dikirimi notifikasi"), required=False, initial=True)
    preference = forms.IntegerField(label=_("Urutan preferensi"), min_value=1, max_value=99, required=False)


class PositionForm(DateBoundsMixin, ScopedForm):
    organisation = OrganisationPickerField(label=_("Organisasi"))
    office = forms.ChoiceField(label=_("Jabatan"), choices=Office.choices)
    area = AreaChoiceField(label=_("Wilayah jabatan"), queryset=None, to_field_name="code")
    start_date = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    acting = forms.ChoiceField(label=_("Status jabatan"), choices=ActingKind.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_grantable(self)


class PositionRequestRejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=300, required=False)


class PositionEndForm(DateBoundsMixin, ScopedForm):
    submit_label = _("Akhiri jabatan")
    end_date = forms.DateField(label=_("Tanggal berakhir"), widget=forms.DateInput(attrs={"type": "date"}))


class NonActivePeriodForm(DateBoundsMixin, ScopedForm):
    submit_label = _("Catat masa nonaktif")
    kind = forms.ChoiceField(label=_("Jenis"), choices=NonActiveKind.choices)
    start_date = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan bila belum ditentukan."),
    )
    reason = forms.CharField(
        label=_("Alasan/dasar"),
        max_length=300,
        help_text=_("Misalnya: cuti di luar tanggungan negara selama kampanye, SK Mendagri ..."),
    )


class ForumForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Jenis forum"), choices=ForumKind.choices)
    area = AreaChoiceField(label=_("Wilayah"), queryset=None, to_field_name="code")
    name = forms.CharField(label=_("Nama"), max_length=200)
    legal_basis = forms.CharField(label=_("Dasar hukum (SK)"), max_length=200, required=False)


class ForumEditForm(ScopedForm):
    name = forms.CharField(label=_("Nama"), max_length=200)
    legal_basis = forms.CharField(label=_("Dasar hukum (SK)"), max_length=200, required=False)


class ForumSeatForm(ScopedForm):
    submit_label = _("Tambah kursi")
    office = forms.ChoiceField(label=_("Jabatan"), choices=Office.choices)
    label = forms.CharField(label=_("Sebutan kursi"), max_length=100, required=False)
    required = forms.BooleanField(label=_("Wajib terisi"), required=False, initial=True)


class DutyRosterForm(DateBoundsMixin, ScopedForm):
    person = PersonPickerField(label=_("Orang"), area_from="area")
    office = forms.ChoiceField(label=_("Tugas"), choices=Office.choices)
    area = AreaChoiceField(label=_("Wilayah"), queryset=None, to_field_name="code")
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Isi berkas"), choices=ImportKind.choices)
    replace_holders = forms.BooleanField(
        label=_("Catat pergantian pemegang jabatan (mutasi)"),
        required=False,
        help_text=_(
            "Bila jabatan tunggal (Camat, Kades, Kapolsek, ...) sudah ada pemegangnya, jabatan lama "
            "diakhiri sehari sebelum tanggal mulai pemegang baru, bukan ditolak."
        ),
    )
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_(
            "Kolom dengan nama Anda sendiri dikenali (Nama, Instansi, Kecamatan/Desa, TMT, No. HP...); baris "
            "judul di atasnya dilewati. CSV harus berenkode UTF-8. Maksimum 10.000 baris."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Unggah dan periksa"))
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}


class ImportRowForm(forms.Form):
    """A rejected row, one text field per mapped column of the file."""

    def __init__(self, *args, columns, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = labels or {}
        for column in columns:
            self.fields[column] = forms.CharField(
                label=labels.get(column, column), required=False, max_length=254
            )


class ImportMappingForm(forms.Form):
    """One select per header cell of the file: which import column it is, or none."""

    def __init__(self, *args, header, mapping, columns, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("(abaikan)")),
            *((key, f"{label}{' *' if required else ''}") for key, label, required in columns),
        ]
        for position, text in enumerate(header):
            if not str(text).strip():
                continue
            self.fields[f"col_{position}"] = forms.ChoiceField(
                label=str(text), choices=choices, required=False, initial=mapping.get(str(position), "")
            )

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("col_"): value for name, value in self.cleaned_data.items()}


class ImportReplaceForm(forms.Form):
    """One fix for all rows: the column, the value as typed, and what it should be."""

    column = forms.CharField(max_length=40)
    old = forms.CharField(max_length=254, strip=False)
    new = forms.CharField(max_length=254)


class PersonEraseForm(forms.Form):
    """Erasure of a person's data (UU 27/2022 PDP): a reason and the word HAPUS typed as confirmation."""

    reason = forms.CharField(
        label=_("Dasar permintaan"),
        max_length=200,
        help_text=_("Misalnya: permohonan tertulis yang bersangkutan tanggal ..., nomor surat ..."),
    )
    confirm = forms.CharField(label=_("Ketik HAPUS untuk mengonfirmasi"), max_length=10)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != "HAPUS":
            raise forms.ValidationError(_("Ketik HAPUS (huruf besar) untuk mengonfirmasi."))
        return value


# --- accounts -------------------------------------------------------------------------------


class AccountCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_("Huruf, angka dan @ . + - _ saja, mis. camat.sangatta.utara."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Buat akun"))


class AccountCodeRedeemForm(forms.Form):
    """A one-time code from an administrator, turned into a new password."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    code = forms.CharField(
        label=_("Kode sekali pakai"),
        max_length=32,
        help_text=_("Kode dari administrator, mis. ABCD-EFGH-JKLM."),
    )
    new_password1 = forms.CharField(label=_("Kata sandi baru"), strip=False, widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"), strip=False, widget=forms.PasswordInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Simpan kata sandi baru"))

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        return data


class RegistryPasswordResetForm(PasswordResetForm):
    """Django's reset by email, matched against the email addresses the registry holds for people."""

    def get_users(self, email):
        address = email.strip().lower()
        for user in account_users_for_email(address):
            # Sent to the registry's address (the account's own email field may be empty or stale).
            user.email = address
            yield user
