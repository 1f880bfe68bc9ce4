"""Panels other apps add to an incident's pages (e.g. the escalation panel), so incidents need not know them.

A panel is a callable ``panel(*, incident, user)`` returning ``(template name, context)``, or None
when it has nothing to show. The page renders the template with that context, ``incident`` and the
request's context processors (``perms``, ``csrf_token``), where the page keeps its panels. A panel
reads what it shows in a fixed number of queries, so the page's query budget does not grow with it.

Register once at start-up, e.g. in ``AppConfig.ready``::

    from incidents.panels import incident_detail_panel_register

    def escalation_detail_panel(*, incident, user):
        return "escalation/partials/escalation_panel.html", {"escalation_panels": [...]}

    incident_detail_panel_register(escalation_detail_panel)

A panel that shows nothing for most incidents registers ``shown_if``: a callable returning a boolean
expression on the incident (``Exists(...)`` of its rows with ``incident=OuterRef("pk")``) that is true
whenever the panel has something to show. The incident page reads it with the incident itself
(``incident_panel_conditions``), and a panel whose condition is false is not asked: no query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import BooleanField, ExpressionWrapper
from django.template.loader import render_to_string

DETAIL = "detail"
CREATED = "created"
_PANELS: dict[str, list[Callable]] = {DETAIL: [], CREATED: []}
_SHOWN_IF: dict[Callable, Callable] = {}


def incident_panel_register(panel: Callable, *, page: str, shown_if: Callable | None = None) -> Callable:
    """Add a panel to a page ("detail" or "created"), after those already there (idempotent), with the
    condition under which it may show something (see the module's docstring)."""
    if panel not in _PANELS[page]:
        _PANELS[page].append(panel)
    if shown_if is not None:
        _SHOWN_IF[panel] = shown_if
    return panel


def incident_detail_panel_register(panel: Callable, *, shown_if: Callable | None = None) -> Callable:
    """Add a panel to the incident page, above the chronology."""
    return incident_panel_register(panel, page=DETAIL, shown_if=shown_if)


def _condition_name(panel: Callable) -> str:
    return "panel_shown_" + f"{panel.__module__}_{panel.__qualname__}".replace(".", "_").replace("__", "_")


def incident_panel_conditions(*, page: str) -> dict[str, ExpressionWrapper]:
    """The annotations saying, for each panel of the page that registered ``shown_if``, whether it may
    show something: for the selector that reads the page's incident."""
    return {
        _condition_name(panel): ExpressionWrapper(_SHOWN_IF[panel](), output_field=BooleanField())
        for panel in _PANELS[page]
        if panel in _SHOWN_IF
    }


def incident_created_panel_register(panel: Callable) -> Callable:
    """Add a panel to the confirmation a reporter sees after sending a report."""
    return incident_panel_register(panel, page=CREATED)


def incident_panel_unregister(panel: Callable, *, page: str) -> None:
    """Remove a panel (tests, or switching a part off)."""
    if panel in _PANELS[page]:
        _PANELS[page].remove(panel)


def incident_panels_render(request, *, page: str, incident) -> list[str]:
    """Every registered panel of a page rendered for the incident and the requesting user, in order."""
    rendered = []
    for panel in list(_PANELS[page]):
        if getattr(incident, _condition_name(panel), True) is False:
            continue  # read with the incident: nothing to show
        found = panel(incident=incident, user=request.user)
        if found is None:
            continue
        template_name, context = found
        rendered.append(render_to_string(template_name, {**context, "incident": incident}, request=request))
    return rendered
