"""Template tags of the triage queue's rows, made once per language instead of once per row.

A queue page renders its row template 25 times; each row's severity and reject-reason menus looped over
their choices (every label a translation) and read two choice labels through ``get_<field>_display``
(which translates every choice of the field on each call). The choices are fixed in code, so their
options and labels are built once per process and language. Likewise each row reversed up to five
URLs of its report through the URL resolver; ``incident_url`` reverses each name once per process and
script prefix and puts the report's number in its place.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from django import template
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..choices import RejectReason, Severity, Status

register = template.Library()


@functools.lru_cache(maxsize=64)  # severities x languages
def _options(choices: type[models.Choices], selected, language: str | None) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", str(label))
            for value, label in choices.choices
        ),
    )


@functools.cache
def _labels(choices: type[models.Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


@register.simple_tag
def severity_options(selected) -> SafeString:
    """The ``<option>`` elements of the severities, ``selected`` marked."""
    return _options(Severity, selected, get_language())


@register.simple_tag
def reject_reason_options() -> SafeString:
    """The ``<option>`` elements of the reasons to reject a report."""
    return _options(RejectReason, None, get_language())


@register.filter
def severity_label(value) -> str:
    """The severity's label, as ``get_severity_display`` gives it."""
    return _labels(Severity, get_language()).get(value, value)


@register.filter
def status_label(value) -> str:
    """The status's label, as ``get_status_display`` gives it."""
    return _labels(Status, get_language()).get(value, value)


# A stand-in for the report's number while a URL is reversed once: letters only, so reverse() leaves it
# as it is, and nothing else in a path of this app spells it.
_NUMBER_MARK = "NOMORLAPORANINI"
# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986 sub-delimiters, "/~:@").
_PATH_SAFE = "!$&'()*+,;=/~:@"


@functools.lru_cache(maxsize=64)
def _url_around(name: str, script_prefix: str) -> tuple[str, str]:
    before, mark, after = reverse(name, args=[_NUMBER_MARK]).partition(_NUMBER_MARK)
    if not mark:
        raise ValueError(f"{name} does not take a report number as its only argument")
    return before, after


@register.simple_tag
def incident_url(name: str, number: str) -> str:
    """``{% url name number %}`` for a URL of one report whose only argument is its number."""
    before, after = _url_around(name, get_script_prefix())
    return before + quote(str(number), safe=_PATH_SAFE) + after
