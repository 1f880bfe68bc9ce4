"""Forms of the second factor, in Bahasa Indonesia."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode 6 angka dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ConfirmForm(forms.Form):
    """The current authenticator code, asked again before the second factor itself is changed."""

    token = forms.CharField(
        label=_("Kode 6 angka saat ini dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pemulihan"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
        help_text=_(
            "Salah satu kode pemulihan yang Anda simpan saat mendaftar. Setiap kode hanya berlaku sekali."
        ),
    )


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=200,
        help_text=_("Misalnya: ponsel hilang, dikonfirmasi lewat telepon kantor."),
    )


class UserSearchForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150, required=False)
