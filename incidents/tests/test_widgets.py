"""The queue filter's select widgets render what Django's select template renders, without its work per option."""

from unittest import mock

import pytest
from django import forms
from django.test.html import parse_html

from incidents.widgets import FastSelect, FastSelectMultiple

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
