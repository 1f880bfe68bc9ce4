"""Select widgets that render their options in Python instead of one template per option.

The triage filter form has ~200 options (desa, kecamatan, categories, phases); rendering each
through Django's option template costs more than the whole database work of the page.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _render_select(widget: forms.Select, name, value, attrs) -> str:
    context = widget.get_context(name, value, attrs)["widget"]
    parts = [format_html('<select name="{}"{}>', context["name"], flatatt(context["attrs"]))]
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in options:
            option_attrs = dict(option["attrs"])
            selected = option_attrs.pop("selected", False)
            parts.append(
                format_html(
                    '<option value="{}"{}{}>{}</option>',
                    option["value"],
                    flatatt(option_attrs),
                    mark_safe(" selected") if selected else "",
                    conditional_escape(option["label"]),
                )
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped by format_html


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_select(self, name, value, attrs)


class FastSelectMultiple(forms.SelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        return _render_select(self, name, value, attrs)
