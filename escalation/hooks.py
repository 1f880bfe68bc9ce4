"""Where higher layers (partner webhooks) learn that someone took charge of an alert.

``escalation_acknowledge`` calls ``escalation_acknowledged_hooks_run(escalation=..., incident=...)``
after it has written the acknowledgement and its timeline event, INSIDE the same transaction, as
``incidents.hooks`` does for incident changes: a hook sees the acknowledged state, may write its own
rows atomically with it, and a hook that raises rolls the acknowledgement back. Hooks that talk to
the outside world defer that with ``core.tasks.enqueue_on_commit``.

Register once at start-up, e.g. in ``AppConfig.ready``::

    from escalation.hooks import escalation_acknowledged_hook_register

    escalation_acknowledged_hook_register(webhooks_on_escalation_acknowledged)
"""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: list[Callable] = []


def escalation_acknowledged_hook_register(hook: Callable) -> Callable:
    """Add a hook called as ``hook(escalation=..., incident=...)`` after every acknowledgement (idempotent)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def escalation_acknowledged_hook_unregister(hook: Callable) -> None:
    """Remove a hook (tests)."""
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def escalation_acknowledged_hooks_run(*, escalation, incident) -> None:
    """Call every registered hook in registration order, inside the caller's transaction."""
    for hook in list(_HOOKS):
        hook(escalation=escalation, incident=incident)
