"""The queue filter's select widgets render what Django's select template renders, without its work per option."""

from unittest import mock

import pytest
from django import forms
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse

from incidents.widgets import FastCheckboxInput, FastDateInput, FastSelect, FastSelectMultiple, FastTextInput

CHOICES = [
    ("", "Semua"),
    (1, "a < b & c"),
    ("grup", [(2, "dua"), (3, 'ti"ga')]),
    (None, "kosong"),
    ("semua", "Semua status"),
]


@pytest.mark.parametrize(
    ("fast", "django"), [(FastSelect, forms.Select), (FastSelectMultiple, forms.SelectMultiple)]
)
@pytest.mark.parametrize("value", [None, "", "1", 1, ["1", "3"], [2], "semua", "tidak ada"])
def test_fast_selects_render_as_djangos_own(fast, django, value):
    attrs = {"class": "form-select form-select-sm", "size": 5}
    ours = fast(attrs=attrs, choices=CHOICES).render("pilih", value, attrs={"id": "id_pilih"})
    theirs = django(attrs=attrs, choices=CHOICES).render("pilih", value, attrs={"id": "id_pilih"})
    assert parse_html(ours) == parse_html(theirs)


def test_a_long_select_is_rendered_without_a_dictionary_per_option():
    desa = [(f"64.08.04.{i:04d}", f"Desa {i} (Kecamatan)") for i in range(150)]
    with mock.patch.object(forms.Select, "create_option", side_effect=AssertionError("per option")):
        html = FastSelect(choices=desa).render("desa", "64.08.04.0007")
    assert html.count("<option ") == 150
    assert '<option value="64.08.04.0007" selected>Desa 7 (Kecamatan)</option>' in html


@pytest.mark.parametrize(
    ("fast", "django", "attrs", "value"),
    [
        (FastTextInput, forms.TextInput, {"class": "form-control"}, 'a "kutipan" <b>'),
        (FastTextInput, forms.TextInput, {}, None),
        (FastDateInput, forms.DateInput, {"type": "date", "class": "form-control"}, "2024-11-27"),
        (FastDateInput, forms.DateInput, {"type": "date"}, None),
        (FastCheckboxInput, forms.CheckboxInput, {"class": "form-check-input"}, True),
        (FastCheckboxInput, forms.CheckboxInput, {"class": "form-check-input", "disabled": False}, None),
        (FastCheckboxInput, forms.CheckboxInput, {"required": True}, "on"),
    ],
)
def test_fast_inputs_render_exactly_as_djangos_own(fast, django, attrs, value):
    ours = fast(attrs=dict(attrs)).render("isian", value, attrs={"id": "id_isian"})
    theirs = django(attrs=dict(attrs)).render("isian", value, attrs={"id": "id_isian"})
    assert ours == theirs


def test_fast_inputs_render_without_djangos_widget_templates():
    with mock.patch("django.forms.renderers.BaseRenderer.render", side_effect=AssertionError("template")):
        html = FastCheckboxInput(attrs={"class": "form-check-input"}).render("mine", True)
    assert html == '<input type="checkbox" name="mine" class="form-check-input" checked>'


@pytest.mark.django_db
def test_the_queue_filters_checkboxes_stay_checkboxes_with_their_label_after_them(operator):
    client = Client()
    client.force_login(operator)
    content = client.get(reverse("incidents:index"), {"lampau": "on"}).content.decode()
    assert (
        '<div class="form-check mb-2"><input type="checkbox" name="lampau" class="form-check-input" '
        'id="id_lampau" checked> <label class="form-check-label" for="id_lampau">'
    ) in content
