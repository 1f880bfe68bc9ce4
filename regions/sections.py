"""Sections that other apps add to an area's page, without this app importing them.

The area page (``regions:adminunit_detail``) shows the area, its ancestors and its children; an app
above regions adds a block of its own from its ``AppConfig.ready()``::

    from regions.sections import register_area_section

    def assessments(request, unit):          # the context of the section's template
        return {"assessments": ...}          # scoped to request.user by the app's own selectors

    register_area_section("kerawanan", "risk/partials/area_assessments.html", assessments,
                          permission="risk.view_riskassessment", order=10)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AreaSection:
    """A registered section: ``context(request, unit)`` gives the context ``template`` is rendered with."""

    name: str
    template: str
    context: Callable[[Any, Any], dict]
    permission: str | None = None
    order: int = 100


_SECTIONS: dict[str, AreaSection] = {}


def register_area_section(
    name: str,
    template: str,
    context: Callable[[Any, Any], dict],
    *,
    permission: str | None = None,
    order: int = 100,
) -> AreaSection:
    """Show a section on every area page under ``name``; registering a name twice replaces it."""
    section = AreaSection(name, template, context, permission, order)
    _SECTIONS[name] = section
    return section


def unregister_area_section(name: str) -> None:
    """Remove a section (used by tests)."""
    _SECTIONS.pop(name, None)


def area_sections_for(request, unit) -> list[dict]:
    """The sections this user may see on the area's page, in order, each with its template and context."""
    sections = sorted(
        (s for s in _SECTIONS.values() if s.permission is None or request.user.has_perm(s.permission)),
        key=lambda s: (s.order, s.name),
    )
    return [{"name": s.name, "template": s.template, "context": s.context(request, unit)} for s in sections]
