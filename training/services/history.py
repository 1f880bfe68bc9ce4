"""What every training service shares: telling simple_history who acted, and why."""

from __future__ import annotations


def history_user_set(instance, by_user) -> None:
    """Name the acting user on the history row the next save writes (simple_history reads it from here
    when there is no request)."""
    instance._history_user = by_user


def history_reason_set(instance, reason: str) -> None:
    """Record why on the history row the next save writes (simple_history's change reason)."""
    instance._change_reason = reason
