"""Every write to incidents, one module per sub-domain. Each service validates, saves, writes its
timeline event in the same transaction and then runs the registered hooks (see hooks.py: where
escalation starts and stops).

Services that change the incident row take ``expected_version``: the version the user's form was
built from. When someone else saved in between, the change is refused with a StaleIncidentError
that names what changed (optimistic locking; no lost updates). ``None`` skips the check (system
callers that act on the latest state).

``base``       the row lock with the version check, the version bump, the timeline event and hooks
``incident``   create, edit the recorded facts, promote an early warning; checks of place and times
``workflow``   verify, reject, assign, change the severity, resolve, close, reopen
``note``       internal notes
``outcome``    Bawaslu's handling steps, recommendations and decisions, closing a case another body handled
``follow_up``  follow-up actions and referrals (the legal clock)
``link``       duplicate and related links
``evidence``   evidence files: content checks, storage, removal
``informant``  revealing (audited) and removing the confidential informant
``export``     background exports of the incident list
``timeline``   events another app records on an incident's timeline (the escalation engine's)

Every name stays importable from ``incidents.services``.
"""

from .base import FUTURE_TOLERANCE, StaleIncidentError
from .evidence import (
    ALLOWED_EVIDENCE,
    EXTENSION_KIND,
    evidence_add,
    evidence_check,
    evidence_from_bytes,
    evidence_remove,
)
from .export import incident_export_request, incident_export_run
from .follow_up import follow_up_add, follow_up_complete, referral_add
from .incident import (
    EDITABLE_FIELDS,
    incident_create,
    incident_promote,
    incident_submit,
    incident_update,
    incident_validate_historical,
    incident_validate_place,
    incident_validate_times,
)
from .informant import informant_remove, informant_reveal
from .link import incident_link
from .note import note_add
from .outcome import bawaslu_step_add, incident_resolve_elsewhere, outcome_add
from .timeline import incident_event_record
from .workflow import (
    incident_assign,
    incident_change_severity,
    incident_close,
    incident_reject,
    incident_reopen,
    incident_resolve,
    incident_verify,
)

__all__ = [
    "ALLOWED_EVIDENCE",
    "EDITABLE_FIELDS",
    "EXTENSION_KIND",
    "FUTURE_TOLERANCE",
    "StaleIncidentError",
    "bawaslu_step_add",
    "evidence_add",
    "evidence_check",
    "evidence_from_bytes",
    "evidence_remove",
    "follow_up_add",
    "follow_up_complete",
    "incident_assign",
    "incident_change_severity",
    "incident_close",
    "incident_create",
    "incident_event_record",
    "incident_export_request",
    "incident_export_run",
    "incident_link",
    "incident_promote",
    "incident_reject",
    "incident_reopen",
    "incident_resolve",
    "incident_resolve_elsewhere",
    "incident_submit",
    "incident_update",
    "incident_validate_historical",
    "incident_validate_place",
    "incident_validate_times",
    "incident_verify",
    "informant_remove",
    "informant_reveal",
    "note_add",
    "outcome_add",
    "referral_add",
]
