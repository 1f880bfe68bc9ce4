"""The integration form of a kabupaten administrator: name, area, scope per resource, expiry."""

from __future__ import annotations

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.choices import AccessRole
from stakeholders.selectors import area_scope_q, home_kabupaten_for

from .choices import Access, Resource

SCOPE_CHOICES = [("", _("Tidak ada akses")), *Access.choices]


class IntegrationForm(DateBoundsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama integrasi"), max_length=150, help_text=_("Mis. Dasbor Provinsi, Metabase Kesbangpol.")
    )
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    area = forms.ModelChoiceField(
        label=_("Wilayah"),
        queryset=None,
        help_text=_("Token hanya melihat data wilayah ini dan di bawahnya."),
    )
    expires_on = forms.DateField(label=_("Berlaku sampai"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The areas of the kabupaten the user administers (every served one for the installation's).
        self.fields["area"].queryset = (
            adminunit_list(level=None, with_parent=False)
            .filter(level__in=[AdminLevel.KABUPATEN, AdminLevel.KECAMATAN])
            .filter(area_scope_q(user, field="code", roles=(AccessRole.KABUPATEN_ADMIN,)))
            .order_by("code")
        )
        self.fields["area"].initial = (
            self.fields["area"].queryset.filter(code=home_kabupaten_for(user)).first()
        )
        self.fields["expires_on"].initial = (timezone.localdate() + timedelta(days=365)).isoformat()
        for resource in Resource:
            self.fields[f"scope_{resource.value}"] = forms.ChoiceField(
                label=resource.label, choices=SCOPE_CHOICES, required=False
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Buat token")))

    def scopes(self) -> dict[str, str]:
        return {
            resource.value: self.cleaned_data.get(f"scope_{resource.value}") or "" for resource in Resource
        }
