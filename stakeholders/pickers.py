"""Search-as-you-type pickers of people and organisations (``static/js/picker.js`` with Tom Select).

A picker is a plain ``<select>`` marked with data attributes; the script turns it into a search box
that asks ``stakeholders:person_pick`` / ``stakeholders:organisation_pick`` as the user types. The
page holds only the options of the current value(s), each with its label parts, not the whole
registry. The form field keeps its scoped queryset, so what is posted is checked against the same
rows the endpoint searches (an id outside them is a field error).
"""

from __future__ import annotations

import json

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .selectors import organisation_picks, person_pick_prefetch, person_picks

# A posted id outside the field's scoped rows (a hand-made request, or a choice the user lost access to).
OUT_OF_SCOPE = _("Pilihan ini tidak ada di antara yang boleh Anda pilih; cari dan pilih lagi.")

PICKER_MESSAGES = {
    "data-picker-placeholder": _("Ketik untuk mencari…"),
    "data-picker-empty": _("Tidak ada yang cocok."),
    "data-picker-loading": _("Mencari…"),
}


class PickerMixin:
    """Render only the selected options, each with ``data-data`` (its label parts as JSON)."""

    url: str = ""

    def __init__(self, attrs=None, *, filter_from: str = "", area_from: str = ""):
        merged = {"data-picker-url": self.url, **PICKER_MESSAGES}
        if filter_from:
            # The name of the organisation field of the same form: its value narrows the people.
            merged["data-picker-filter-from"] = filter_from
        if area_from:
            # The name of an area field (valued by code) of the same form: its value narrows the choices.
            merged["data-picker-area-from"] = area_from
        merged.update(attrs or {})
        super().__init__(merged)

    def set_area(self, code: str | None) -> None:
        """Narrow the search to an area (an incident's): its own, the ones above and beneath it."""
        if code:
            self.attrs["data-picker-area"] = code
        else:
            self.attrs.pop("data-picker-area", None)

    def picks(self, objects) -> dict[str, dict]:
        raise NotImplementedError

    def optgroups(self, name, value, attrs=None):
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        field = choices.field
        key = field.to_field_name or "pk"
        wanted = [str(v) for v in value if v not in ("", None)]
        try:
            objects = list(self.prepare(queryset.filter(**{f"{key}__in": wanted}))) if wanted else []
        except (ValueError, TypeError, forms.ValidationError):
            objects = []
        self._picks = self.picks(objects)
        subset = []
        if field.empty_label is not None and not self.allow_multiple_selected:
            subset.append(("", field.empty_label))
        subset.extend((field.prepare_value(obj), field.label_from_instance(obj)) for obj in objects)
        self.choices = subset
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = choices

    def prepare(self, queryset):
        return queryset

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pick = getattr(self, "_picks", {}).get(str(value))
        if pick:
            option["attrs"]["data-data"] = json.dumps(pick)
        return option


class PersonPicker(PickerMixin, forms.Select):
    """A person, searched by name, shown with office, organisation and area."""

    url = reverse_lazy("stakeholders:person_pick")

    def prepare(self, queryset):
        return queryset.prefetch_related(person_pick_prefetch())

    def picks(self, objects):
        return {pick.as_dict()["value"]: pick.as_dict() for pick in person_picks(objects)}


class PersonMultiPicker(PersonPicker, forms.SelectMultiple):
    """Several people."""


class OrganisationPicker(PickerMixin, forms.Select):
    """An organisation, searched by name, shown with type, parent and area."""

    url = reverse_lazy("stakeholders:organisation_pick")

    def prepare(self, queryset):
        return queryset.select_related("parent", "area").defer("area__boundary")

    def picks(self, objects):
        return {pick.as_dict()["value"]: pick.as_dict() for pick in organisation_picks(objects)}


class OrganisationMultiPicker(OrganisationPicker, forms.SelectMultiple):
    """Several organisations."""


class PickerFieldMixin:
    """A model choice field shown as a picker; a posted id outside its scoped queryset is OUT_OF_SCOPE.

    The form gives the queryset, scoped to the user (``person_visible_to(user)``, say); ``filter_from``
    and ``area_from`` go to the picker (see ``PickerMixin``).
    """

    picker: type[PickerMixin]
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE}

    def __init__(self, *, queryset=None, filter_from: str = "", area_from: str = "", **kwargs):
        kwargs.setdefault("widget", self.picker(filter_from=filter_from, area_from=area_from))
        super().__init__(queryset=queryset, **kwargs)  # type: ignore[call-arg]


class PersonPickerField(PickerFieldMixin, forms.ModelChoiceField):
    picker = PersonPicker


class PersonMultiPickerField(PickerFieldMixin, forms.ModelMultipleChoiceField):
    picker = PersonMultiPicker


class OrganisationPickerField(PickerFieldMixin, forms.ModelChoiceField):
    picker = OrganisationPicker


class OrganisationMultiPickerField(PickerFieldMixin, forms.ModelMultipleChoiceField):
    picker = OrganisationMultiPicker
