"""Where other parts of the system (the escalation engine) plug into the incident workflow.

Every service in ``incidents.services`` that changes an incident calls
``incident_hooks_run(incident=..., event=...)`` after it has written the
incident row and its ``IncidentEvent``, INSIDE the same transaction. A hook
therefore sees the new state, may write its own rows (an escalation, its
first due step) atomically with the change, and a hook that raises rolls the
whole change back. Hooks that talk to the outside world must defer that with
``transaction.on_commit``.

Register once at start-up, e.g. in ``AppConfig.ready``::

    from incidents.hooks import incident_hook_register

    def escalation_on_incident_event(*, incident, event):
        if event.kind == EventKind.CREATED: ...

    incident_hook_register(escalation_on_incident_event)

``event.kind`` is one of ``incidents.choices.EventKind``; for status changes
``event.old["status"]`` / ``event.new["status"]`` hold the move, for severity
changes ``event.old["severity"]`` / ``event.new["severity"]``.
"""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: list[Callable] = []


def incident_hook_register(hook: Callable) -> Callable:
    """Add a hook called as ``hook(incident=..., event=...)`` after every recorded change (idempotent)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def incident_hook_unregister(hook: Callable) -> None:
    """Remove a hook (tests, or switching the engine off)."""
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def incident_hooks_run(*, incident, event) -> None:
    """Call every registered hook in registration order, inside the caller's transaction."""
    for hook in list(_HOOKS):
        hook(incident=incident, event=event)


# Before reports are deleted for good (a benchmark's cleanup), each app removes what it hung on them,
# through its own services: ``hook(incidents=<queryset of the reports>)``.
_REMOVAL_HOOKS: list[Callable] = []


def incident_removal_hook_register(hook: Callable) -> Callable:
    """Add a hook called as ``hook(incidents=...)`` before reports are deleted (idempotent)."""
    if hook not in _REMOVAL_HOOKS:
        _REMOVAL_HOOKS.append(hook)
    return hook


def incident_removal_hooks_run(*, incidents) -> None:
    """Call every removal hook, inside the caller's transaction."""
    for hook in list(_REMOVAL_HOOKS):
        hook(incidents=incidents)
