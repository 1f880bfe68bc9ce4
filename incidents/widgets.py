"""Widgets that write their HTML in Python instead of rendering Django's widget templates.

The triage filter form has ~200 options (desa, kecamatan, categories, phases) and fifteen inputs;
rendering each through Django's templates costs more than the whole database work of the page.
The markup is the templates' own.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import ChoiceWidget, Input
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


def _render_select(widget: ChoiceWidget, name, value, attrs) -> str:
    """What Django's select template renders, written out here: the choices are walked once, as
    ``ChoiceWidget.optgroups`` walks them, without building a dictionary per option."""
    context = forms.Widget.get_context(widget, name, value, attrs)["widget"]
    multiple = widget.allow_multiple_selected
    if multiple:
        context["attrs"]["multiple"] = True
    chosen = set(context["value"])
    parts: list[str] = [format_html('<select name="{}"{}>', context["name"], flatatt(context["attrs"]))]
    has_selected = False
    for option_value, option_label in widget.choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            group_name, options = option_value, option_label
        else:
            group_name, options = None, [(option_value, option_label)]
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for subvalue, sublabel in options:
            selected = (not has_selected or multiple) and str(subvalue) in chosen
            has_selected |= selected
            parts.append(
                f'<option value="{escape(subvalue)}"{" selected" if selected else ""}>'
                f"{conditional_escape(sublabel)}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value and label above is escaped


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_select(self, name, value, attrs)


class FastSelectMultiple(forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_select(self, name, value, attrs)


def _render_input(widget: Input, name, value, attrs) -> str:
    """What Django's input template renders (``django/forms/widgets/input.html`` and ``attrs.html``),
    written out here: the queue's filter form has fifteen inputs on every page."""
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"']
    if context["value"] is not None:
        parts.append(f' value="{escape(context["value"])}"')
    for attr, attr_value in context["attrs"].items():
        if attr_value is True:
            parts.append(f" {escape(attr)}")
        elif attr_value is not False:
            parts.append(f' {escape(attr)}="{escape(attr_value)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 - every name and value above is escaped


class FastTextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_input(self, name, value, attrs)


class FastDateInput(forms.DateInput):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_input(self, name, value, attrs)


class FastCheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_input(self, name, value, attrs)
