"""Every write to the coordination app, one module per sub-domain; every public name is importable
from ``coordination.services``.

``actions``  tracked actions: create, edit, status, evidence (checked as incidents' evidence is)
"""

from .actions import (
    EDITABLE_FIELDS,
    action_create,
    action_evidence_add,
    action_for_update,
    action_status_set,
    action_update,
    history_user_set,
)

__all__ = [
    "EDITABLE_FIELDS",
    "action_create",
    "action_evidence_add",
    "action_for_update",
    "action_status_set",
    "action_update",
    "history_user_set",
]
