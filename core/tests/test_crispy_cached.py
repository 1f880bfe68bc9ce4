"""An empty form's crispy HTML, kept per process and language (core.templatetags.crispy_cached)."""

from unittest import mock

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django.template import Context, Template
from django.utils import translation

from incidents.forms import LinkForm, NoteForm, ResolveElsewhereForm


def _render(source: str, **context) -> str:
    return Template("{% load crispy_cached %}" + source).render(Context(context))


def test_an_empty_form_renders_as_crispy_renders_it_and_once_per_language():
    with translation.override("id"):
        indonesian = as_crispy_form(NoteForm(auto_id="note_%s"))
        assert _render("{{ f|crispy_cached }}", f=NoteForm(auto_id="note_%s")) == indonesian
    with translation.override("en"):
        english = as_crispy_form(NoteForm(auto_id="note_%s"))
        assert _render("{{ f|crispy_cached }}", f=NoteForm(auto_id="note_%s")) == english
    assert english != indonesian
    target = "core.templatetags.crispy_cached.as_crispy_form"
    with translation.override("id"), mock.patch(target, side_effect=AssertionError("rendered again")):
        assert _render("{{ f|crispy_cached }}", f=NoteForm(auto_id="note_%s")) == indonesian


def test_forms_with_other_ids_or_initial_values_are_kept_apart():
    with translation.override("id"):
        assert _render("{{ f|crispy_cached }}", f=NoteForm(auto_id="x_%s")) == as_crispy_form(
            NoteForm(auto_id="x_%s")
        )
        for version in (3, 4):
            form = ResolveElsewhereForm(initial={"version": version})
            html = _render("{{ f|crispy_cached }}", f=form)
            assert html == as_crispy_form(ResolveElsewhereForm(initial={"version": version}))
            assert f'value="{version}"' in html


def test_a_bound_form_is_rendered_every_time_with_its_errors():
    with translation.override("id"):
        first = _render("{{ f|crispy_cached }}", f=NoteForm({"body": ""}))
        second = _render("{{ f|crispy_cached }}", f=NoteForm({"body": "ada isi"}))
    assert "invalid-feedback" in first
    assert "ada isi" in second
    assert "invalid-feedback" not in second


def test_a_field_of_an_empty_form_renders_as_as_crispy_field_renders_it():
    with translation.override("en"):
        for name in ("number", "kind"):
            form = LinkForm(auto_id="link_%s")
            html = _render(f"{{{{ f.{name}|crispy_field_cached }}}}", f=form)
            assert html == as_crispy_field(LinkForm(auto_id="link_%s")[name])
