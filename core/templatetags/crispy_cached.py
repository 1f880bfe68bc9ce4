"""Crispy forms rendered once per process and language: for the empty forms a page shows every time.

``{{ form|crispy }}`` renders each field through several templates (label, widget, help text, errors),
and the incident page shows six such forms on every request. An empty form whose fields depend only on
its class and the language renders the same HTML every time, so ``{{ form|crispy_cached }}`` keeps
that HTML, keyed by the form's class, prefix, ids, initial values and the active language (a bound
form, or one whose initial values cannot be a key, is rendered as ``|crispy`` renders it, every time).

Only for forms whose fields are fixed in the class: not for a form whose ``__init__`` gives a field
its choices or queryset per request (the follow-up form's people, the outcome form's TPS).
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Forms x languages x the few initial values (the incident version of the close-elsewhere form).
CACHE_SIZE = 256
_rendered: OrderedDict[tuple, SafeString] = OrderedDict()
_lock = Lock()


def _key(form, *parts) -> tuple | None:
    if form.is_bound:
        return None
    try:
        initial = tuple(sorted(form.initial.items()))
        key = (type(form), form.prefix, form.auto_id, initial, get_language(), *parts)
        hash(key)
    except TypeError:  # an initial value that is not hashable: no key, no cache
        return None
    return key


def _cached(key: tuple | None, render) -> SafeString:
    if key is None:
        return render()
    with _lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
            return html
    html = mark_safe(render())  # noqa: S308 - crispy's own output, escaped by its templates
    with _lock:
        _rendered[key] = html
        if len(_rendered) > CACHE_SIZE:
            _rendered.popitem(last=False)
    return html


@register.filter
def crispy_cached(form) -> SafeString:
    """``form|crispy``, rendered once per process for an empty form (see the module's docstring)."""
    return _cached(_key(form), lambda: as_crispy_form(form))


@register.filter
def crispy_field_cached(field) -> SafeString:
    """``field|as_crispy_field``, rendered once per process for a field of an empty form."""
    return _cached(_key(field.form, "field", field.name), lambda: as_crispy_field(field))
