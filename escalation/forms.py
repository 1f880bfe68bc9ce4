"""Forms of the escalation settings pages: a policy, a step, a target, the preview and the test alert.

Another app's rows come through its selectors (``queryset=None`` then set in ``__init__``).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.choices import Severity

from .choices import TargetKind
from .models import AlertGroupRule, EscalationPolicy, EscalationPolicyStep, EscalationStepTarget


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _categories():
    from incidents.selectors import category_list

    return category_list(with_inactive=True)


class EscalationPolicyForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Kategori"),
        help_text=_("Kosong: semua kategori."),
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Wilayah (kecamatan)"),
        help_text=_("Kosong: seluruh kabupaten."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = EscalationPolicy
        fields = [
            "name",
            "description",
            "is_active",
            "priority",
            "track",
            "min_severity",
            "categories",
            "areas",
            "include_early_warnings",
            "repeat_last_step",
            "max_repeats",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list
        from stakeholders.choices import AccessRole
        from stakeholders.selectors import area_scope_q

        from .selectors import escalation_settings_installation_wide

        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = _categories()
        areas = adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False)
        if user is not None and not escalation_settings_installation_wide(user):
            # With several kabupaten served, each keeps its own ladder: a policy names the kecamatan of
            # the administrator's kabupaten.
            areas = areas.filter(area_scope_q(user, field="code", roles=(AccessRole.KABUPATEN_ADMIN,)))
            self.fields["areas"].required = True
            self.fields["areas"].help_text = _("Kecamatan kabupaten Anda yang diatur kebijakan ini.")
        self.fields["areas"].queryset = areas
        if self.instance.pk:
            self.initial["categories"] = list(self.instance.categories.values_list("pk", flat=True))
            self.initial["areas"] = list(self.instance.areas.values_list("pk", flat=True))
        self.helper = _helper()


class EscalationPolicyStepForm(forms.ModelForm):
    class Meta:
        model = EscalationPolicyStep
        fields = ["order", "wait_minutes", "active_from_hour", "active_until_hour"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def validate_unique(self):
        # The policy is set by the service (which checks the order); the form has no policy field.
        pass


class EscalationStepTargetForm(forms.ModelForm):
    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Orang"))

    class Meta:
        model = EscalationStepTarget
        fields = ["kind", "office", "level", "person"]

    def __init__(self, *args, **kwargs):
        from stakeholders.selectors import person_list

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_list()
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (TargetKind.OFFICE, TargetKind.ROSTER) and not (data.get("office") and data.get("level")):
            self.add_error("office", _("Sasaran jabatan atau piket perlu jabatan dan tingkat wilayah."))
        if kind == TargetKind.PERSON and not data.get("person"):
            self.add_error("person", _("Pilih orangnya."))
        return data

    def _post_clean(self):
        # The step is set by the service; model validation runs there.
        pass


class AlertGroupRuleForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Kategori yang saling terkait"),
        help_text=_("Kosong: hanya laporan dengan kategori yang sama yang digabung."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AlertGroupRule
        fields = ["name", "is_active", "area", "window_minutes", "distance_m", "categories"]

    def __init__(self, *args, user=None, **kwargs):
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list, served_kabupaten_q

        from .selectors import escalation_settings_installation_wide, kabupaten_admin_scope_q

        super().__init__(*args, **kwargs)
        areas = adminunit_list(level=AdminLevel.KABUPATEN, with_parent=False).filter(served_kabupaten_q())
        if user is not None and not escalation_settings_installation_wide(user):
            # With several kabupaten served, each keeps its own rules: a rule is its administrator's
            # kabupaten's (chosen for them when they administer one).
            areas = areas.filter(kabupaten_admin_scope_q(user, "code"))
            self.fields["area"].required = True
            self.fields["area"].help_text = _("Kabupaten/kota Anda yang laporannya digabung oleh aturan ini.")
            if len(areas) == 1:
                self.fields["area"].initial = areas[0].pk
                self.fields["area"].disabled = True
        self.fields["area"].queryset = areas
        self.fields["categories"].queryset = _categories()
        if self.instance.pk:
            self.initial["categories"] = list(self.instance.categories.values_list("pk", flat=True))
        self.helper = _helper()


class PolicyPreviewForm(forms.Form):
    """A desa, a category and a severity: who each step would alert now, and on which channels."""

    area = forms.ModelChoiceField(queryset=None, label=_("Desa/kelurahan"))
    category = forms.ModelChoiceField(queryset=None, label=_("Kategori"))
    severity = forms.TypedChoiceField(
        choices=Severity.choices, coerce=int, initial=Severity.TINGGI, label=_("Tingkat keparahan")
    )
    policy = forms.ModelChoiceField(
        queryset=EscalationPolicy.objects.none(),
        required=False,
        label=_("Kebijakan"),
        help_text=_("Kosong: kebijakan yang cocok lebih dulu, seperti saat laporan masuk."),
    )

    def __init__(self, *args, **kwargs):
        from regions.choices import AdminLevel
        from regions.selectors import adminunit_list

        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = adminunit_list(level=AdminLevel.DESA)
        self.fields["category"].queryset = _categories()
        self.fields["policy"].queryset = EscalationPolicy.objects.order_by("priority", "id")
        self.helper = _helper()


class TestAlertForm(forms.Form):
    """One seat holder, or every holder of one forum's seats."""

    person = forms.ModelChoiceField(queryset=None, required=False, label=_("Orang (pemegang kursi)"))
    forum = forms.ModelChoiceField(queryset=None, required=False, label=_("Forum"))

    def __init__(self, *args, user, **kwargs):
        from stakeholders.selectors import forum_visible_to, person_visible_to

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_visible_to(user).order_by("full_name", "id")
        self.fields["forum"].queryset = forum_visible_to(user).select_related("area").order_by("kind", "name")
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("forum")):
            raise forms.ValidationError(_("Pilih satu orang atau satu forum."))
        return data
