"""The directory's search and filters (django-filter); the filtering itself is done by the selectors."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from regions.choices import AdminLevel

from .choices import Office, OrgType
from .models import Organisation, Person
from .selectors import (
    area_choices_for,
    organisation_directory,
    organisation_visible_to,
    person_directory,
    person_visible_to,
)


def _area_choices(user, levels):
    return [(u.code, f"{u.code} {u}") for u in area_choices_for(user, levels=levels)]


class OptionsSelect(forms.Select):
    """A select whose options are written in one pass instead of one template render each.

    The directory's area filter lists every area in scope (160 for a kabupaten) and its office filter
    67 offices: rendered option by option through Django's widget templates they cost about a tenth
    of the directory page. Same markup: the select's attributes, then each option, the chosen one
    ``selected``.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs({"name": name, **self.attrs}, attrs)
        # f-strings with escape() rather than format_html per option: some 230 options per page.
        options = mark_safe(  # noqa: S308 - every value and label is escaped
            "".join(
                f'<option value="{escape(option)}"{" selected" if str(option) in chosen else ""}>'
                f"{conditional_escape(str(label))}</option>"
                for option, label in self.choices
            )
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class DirectoryFilterSet(django_filters.FilterSet):
    """A directory's filters, rendered by ``stakeholders/partials/directory_filter.html`` in crispy's
    bootstrap5 markup: the widgets get crispy's classes here (``is-invalid`` on a field with errors)."""

    def widget_classes(self) -> None:
        errors = self.form.errors if self.form.is_bound else {}
        for name, field in self.form.fields.items():
            widget = field.widget
            kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
            css = f"{widget.__class__.__name__.lower()} {kind}"
            widget.attrs["class"] = f"{css} is-invalid" if name in errors else css


class PersonFilterSet(DirectoryFilterSet):
    """Name (word prefixes), office, organisation name and area of a current position."""

    q = django_filters.CharFilter(label=_("Nama"))
    office = django_filters.ChoiceFilter(
        label=_("Jabatan"), choices=Office.choices, empty_label=_("Semua jabatan"), widget=OptionsSelect
    )
    organisation = django_filters.CharFilter(label=_("Organisasi"))
    area = django_filters.ChoiceFilter(
        label=_("Wilayah"), choices=[], empty_label=_("Semua wilayah"), widget=OptionsSelect
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        # Always bound, so the scoped selector runs even with no filter typed.
        super().__init__(data or {}, person_visible_to(request.user), request=request, **kwargs)
        self.filters["area"].extra["choices"] = _area_choices(
            request.user, (AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA)
        )
        self.widget_classes()

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return person_directory(
            self.request.user,
            q=data.get("q") or "",
            office=data.get("office") or "",
            organisation=data.get("organisation") or "",
            area_code=data.get("area") or "",
        )


class OrganisationFilterSet(DirectoryFilterSet):
    """Name (word prefixes), type and area (with everything beneath it)."""

    q = django_filters.CharFilter(label=_("Nama"))
    org_type = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=OrgType.choices, empty_label=_("Semua jenis")
    )
    area = django_filters.ChoiceFilter(label=_("Wilayah"), choices=[], empty_label=_("Semua wilayah"))

    class Meta:
        model = Organisation
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data or {}, organisation_visible_to(request.user), request=request, **kwargs)
        self.filters["area"].extra["choices"] = _area_choices(
            request.user, (AdminLevel.KABUPATEN, AdminLevel.KECAMATAN)
        )
        self.widget_classes()

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return organisation_directory(
            self.request.user,
            q=data.get("q") or "",
            org_type=data.get("org_type") or "",
            area_code=data.get("area") or "",
        )
