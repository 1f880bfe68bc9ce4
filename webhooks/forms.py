"""The form a kabupaten administrator registers a partner system with."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import WebhookEvent


class WebhookSubscriptionForm(forms.Form):
    name = forms.CharField(label=_("Sistem mitra"), max_length=200, help_text=_("Mis. Bawaslu Provinsi"))
    url = forms.CharField(
        label=_("URL penerima"),
        max_length=500,
        help_text=_("Alamat https:// milik mitra yang menerima peristiwa (POST JSON bertanda tangan)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Peristiwa"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ModelChoiceField(
        label=_("Wilayah"),
        queryset=None,
        help_text=_("Hanya peristiwa laporan di wilayah ini (beserta wilayah di bawahnya) yang dikirim."),
    )

    def __init__(self, *args, user, **kwargs):
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list
        from stakeholders.selectors import area_scope_q

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            adminunit_list(with_parent=False)
            .filter(level__in=[AdminLevel.KABUPATEN, AdminLevel.KECAMATAN])
            .filter(area_scope_q(user, field="code"))
        )
        self.fields["area"].label_from_instance = lambda unit: f"{unit.code} {unit.name}"
        self.helper = FormHelper()
        self.helper.form_tag = False
