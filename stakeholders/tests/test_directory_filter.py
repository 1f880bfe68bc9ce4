"""The directories' filter row: crispy's bootstrap5 markup, written once in a partial template."""

from unittest import mock

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation
from django.utils.html import format_html

from stakeholders.filters import OptionsSelect, OrganisationFilterSet, PersonFilterSet


def _crispy(form, *fields: str) -> str:
    """The filter row as crispy rendered it, from the FormHelper the directories had."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(
            *(Column(name, css_class="col-md") for name in fields),
            Column(
                Submit("", "Cari", css_class="btn-primary"), css_class="col-md-auto d-flex align-items-center"
            ),
        )
    )
    return render_crispy_form(form, helper)


@pytest.mark.parametrize(
    ("filterset", "fields", "query"),
    [
        (PersonFilterSet, ("q", "office", "organisation", "area"), {}),
        (
            PersonFilterSet,
            ("q", "office", "organisation", "area"),
            {"q": "bud", "area": "64.08.04", "office": "camat"},
        ),
        (PersonFilterSet, ("q", "office", "organisation", "area"), {"q": "a", "area": "99", "office": "zz"}),
        (OrganisationFilterSet, ("q", "org_type", "area"), {"org_type": "zz", "area": "64.08"}),
    ],
)
def test_the_filter_row_is_the_markup_crispy_rendered(world, filterset, fields, query):
    request = RequestFactory().get("/", query)
    request.user = world.kesbangpol
    with translation.override("id"):
        form = filterset(request.GET or None, request=request).form
        ours = render_to_string("stakeholders/partials/directory_filter.html", {"form": form})
        theirs = _crispy(filterset(request.GET or None, request=request).form, *fields)
    assert parse_html(ours) == parse_html(theirs)
    assert ("is-invalid" in ours) == ("zz" in query.values())


def test_the_options_select_renders_as_djangos_select_in_one_pass():
    choices = [
        ("", "Semua wilayah"),
        *((f"64.08.{i:02d}", f"64.08.{i:02d} Kec. <Uji> & {i}") for i in range(200)),
    ]
    with mock.patch("stakeholders.filters.format_html", wraps=format_html) as spy:
        ours = OptionsSelect(attrs={"class": "optionsselect form-select"}, choices=choices).render(
            "area", "64.08.07", attrs={"id": "id_area"}
        )
    theirs = forms.Select(attrs={"class": "optionsselect form-select"}, choices=choices).render(
        "area", "64.08.07", attrs={"id": "id_area"}
    )
    assert parse_html(ours) == parse_html(theirs)
    assert spy.call_count == 1  # the select tag: the options are written without format_html each
