"""The broadcast form: a message to a forum, an office across the sender's areas, or chosen people."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import Office
from stakeholders.pickers import PersonMultiPickerField

from .choices import BroadcastAudience


class BroadcastForm(forms.Form):
    text = forms.CharField(label=_("Pesan"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    long_text = forms.CharField(
        label=_("Keterangan (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience = forms.ChoiceField(
        label=_("Kepada"),
        choices=BroadcastAudience.choices,
        widget=forms.RadioSelect,
        initial=BroadcastAudience.FORUM,
    )
    forum = forms.ModelChoiceField(queryset=None, required=False, label=_("Forum"))
    office = forms.ChoiceField(
        choices=[("", "---------"), *Office.choices], required=False, label=_("Jabatan")
    )
    people = PersonMultiPickerField(required=False, label=_("Orang"))

    def __init__(self, *args, user, **kwargs):
        from stakeholders.selectors import forum_visible_to, person_visible_to

        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forum_visible_to(user).select_related("area").order_by("kind", "name")
        self.fields["people"].queryset = person_visible_to(user).order_by("full_name", "id")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        needed = {
            BroadcastAudience.FORUM: ("forum", _("Pilih forumnya.")),
            BroadcastAudience.OFFICE: ("office", _("Pilih jabatannya.")),
            BroadcastAudience.PEOPLE: ("people", _("Pilih paling sedikit satu orang.")),
        }.get(audience)
        if needed and not data.get(needed[0]):
            self.add_error(needed[0], needed[1])
        return data

    def audience_kwargs(self) -> dict:
        """The one audience the service is given (the other fields are ignored)."""
        audience = self.cleaned_data["audience"]
        if audience == BroadcastAudience.FORUM:
            return {"forum": self.cleaned_data["forum"]}
        if audience == BroadcastAudience.OFFICE:
            return {"office": self.cleaned_data["office"]}
        return {"people": list(self.cleaned_data["people"])}
