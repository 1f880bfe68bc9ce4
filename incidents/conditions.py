"""Named conditions on incidents that other apps supply (e.g. "unacknowledged" from escalation).

The triage list filters by them without knowing where they come from. A condition is a callable
returning a ``Q`` on ``Incident``; register it once at start-up, e.g. in ``AppConfig.ready``::

    from incidents.conditions import incident_condition_register

    incident_condition_register("unacknowledged", incident_unacknowledged_q)
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

_CONDITIONS: dict[str, Callable[[], Q]] = {}


def incident_condition_register(name: str, condition: Callable[[], Q]) -> Callable[[], Q]:
    """Make ``condition()`` the meaning of ``name`` (the last registration wins)."""
    _CONDITIONS[name] = condition
    return condition


def incident_condition_q(name: str) -> Q | None:
    """The ``Q`` of a named condition, or None when no installed app supplies it."""
    condition = _CONDITIONS.get(name)
    return condition() if condition is not None else None
