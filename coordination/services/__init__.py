"""Every write to the coordination app, one module per sub-domain; every public name is importable
from ``coordination.services``.

``actions``   tracked actions: create, edit, status, evidence (checked as incidents' evidence is)
``meetings``  coordination meetings (rakor): schedule, invite, attendance, minutes, decisions as actions
``inpres``    the Inpres 2/2013 obligations of a serious incident (the incident hook), their steps
``prevention`` preventive activities (kegiatan pencegahan): log, edit, photos
``plan``      the action plan (rencana aksi terpadu): plan, activities as tracked actions, progress
``uploads``   the check of every upload (by content and size, as incidents' evidence)
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
from .inpres import (
    INPRES_MIN_SEVERITY,
    coordination_on_incident_event,
    coordination_on_incidents_removed,
    inpres_applies,
    inpres_obligations_ensure,
    inpres_report_send,
    inpres_statement_approve,
    inpres_statement_publish,
    statement_draft,
)
from .meetings import (
    meeting_attendance_self_mark,
    meeting_attendance_set,
    meeting_checkin_opens_at,
    meeting_checkin_qr,
    meeting_checkin_token,
    meeting_checkin_url,
    meeting_create,
    meeting_decision_add,
    meeting_from_checkin_token,
    meeting_invitations_send,
    meeting_invitees_add,
    meeting_minutes_record,
    meeting_not_invited_message,
    meeting_when_label,
)
from .plan import plan_activity_add, plan_create, plan_progress_record
from .prevention import (
    PREVENTION_EDITABLE_FIELDS,
    prevention_create,
    prevention_organisation_default,
    prevention_photos_add,
    prevention_submit,
    prevention_update,
)
from .uploads import CheckedUpload, upload_check

__all__ = [
    "EDITABLE_FIELDS",
    "INPRES_MIN_SEVERITY",
    "PREVENTION_EDITABLE_FIELDS",
    "CheckedUpload",
    "action_create",
    "action_evidence_add",
    "action_for_update",
    "action_status_set",
    "action_update",
    "coordination_on_incident_event",
    "coordination_on_incidents_removed",
    "history_user_set",
    "inpres_applies",
    "inpres_obligations_ensure",
    "inpres_report_send",
    "inpres_statement_approve",
    "inpres_statement_publish",
    "meeting_attendance_self_mark",
    "meeting_attendance_set",
    "meeting_checkin_opens_at",
    "meeting_checkin_qr",
    "meeting_checkin_token",
    "meeting_checkin_url",
    "meeting_create",
    "meeting_decision_add",
    "meeting_from_checkin_token",
    "meeting_invitations_send",
    "meeting_invitees_add",
    "meeting_minutes_record",
    "meeting_not_invited_message",
    "meeting_when_label",
    "plan_activity_add",
    "plan_create",
    "plan_progress_record",
    "prevention_create",
    "prevention_organisation_default",
    "prevention_photos_add",
    "prevention_submit",
    "prevention_update",
    "statement_draft",
    "upload_check",
]
