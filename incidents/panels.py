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
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

DETAIL = "detail"
CREATED = "created"
_PANELS: dict[str, list[Callable]] = {DETAIL: [], CREATED: []}


def incident_panel_register(panel: Callable, *, page: str) -> Callable:
    """Add a panel to a page ("detail" or "created"), after those already there (idempotent)."""
    if panel not in _PANELS[page]:
        _PANELS[page].append(panel)
    return panel


def incident_detail_panel_register(panel: Callable) -> Callable:
    """Add a panel to the incident page, above the chronology."""
    return incident_panel_register(panel, page=DETAIL)


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
        found = panel(incident=incident, user=request.user)
        if found is None:
            continue
        template_name, context = found
        rendered.append(render_to_string(template_name, {**context, "incident": incident}, request=request))
    return rendered
