"""The queue row's menus and labels, made once per language (incidents.templatetags.incidents_tags)."""

from unittest import mock

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.html import escape

from incidents.choices import RejectReason, Severity, Status
from incidents.tests.factories import make_incident


def _render(source: str, **context) -> str:
    return Template("{% load incidents_tags %}" + source).render(Context(context))


def _options(choices, selected=None) -> str:
    """The options as the row's loop over the choices wrote them."""
    return "".join(
        f'<option value="{value}"{" selected" if value == selected else ""}>{label}</option>'
        for value, label in choices
    )


def test_severity_options_mark_the_given_severity_in_each_language():
    for language in ("id", "en"):
        with translation.override(language):
            for severity in Severity.values:
                assert _render("{% severity_options s %}", s=severity) == _options(Severity.choices, severity)
    with translation.override("en"):
        english = _render("{% severity_options 5 %}")
    with translation.override("id"):
        assert _render("{% severity_options 5 %}") != english


def test_reject_reason_options_follow_the_language():
    with translation.override("id"):
        indonesian = _render("{% reject_reason_options %}")
    with translation.override("en"):
        english = _render("{% reject_reason_options %}")
        assert english == _options(RejectReason.choices)
    assert english != indonesian


def test_status_and_severity_labels_are_the_fields_display_in_each_language():
    with translation.override("en"):
        assert _render("{{ s|status_label }}", s=Status.BARU) == "New"
        assert _render("{{ v|severity_label }}", v=3) == str(Severity(3).label)
    with translation.override("id"):
        assert _render("{{ s|status_label }}", s=Status.BARU) == "Baru"


@pytest.mark.django_db
def test_a_queue_row_offers_the_reports_severity_selected_and_every_reject_reason(reporter, operator):
    make_incident(by_user=reporter, severity=4)
    client = Client()
    client.force_login(operator)
    content = client.get(reverse("incidents:index")).content.decode()
    assert _options(Severity.choices, 4) in content
    assert _options(RejectReason.choices) in content


@pytest.mark.parametrize(
    "name",
    [
        "incidents:incident_detail",
        "incidents:incident_verify",
        "incidents:incident_assign",
        "incidents:incident_severity",
        "incidents:incident_reject",
    ],
)
@pytest.mark.parametrize("number", ["INS-2024-000123", "BNC-0000001", "A B%C&D'é"])
def test_incident_url_is_what_reverse_gives(name, number):
    expected = reverse(name, args=[number])
    assert _render("{% incident_url name number %}", name=name, number=number) == escape(expected)


def test_incident_url_reverses_each_name_once_per_script_prefix():
    name = "incidents:incident_verify"
    _render("{% incident_url name 'X-1' %}", name=name)
    with mock.patch("incidents.templatetags.incidents_tags.reverse", side_effect=AssertionError("again")):
        assert _render("{% incident_url name 'X-2' %}", name=name) == reverse(name, args=["X-2"])
    set_script_prefix("/sub/")
    try:
        expected = reverse(name, args=["X-3"])
        assert expected.startswith("/sub/")
        assert _render("{% incident_url name 'X-3' %}", name=name) == expected
    finally:
        set_script_prefix("/")
