"""Every write of the training app (Bimtek), one module per sub-domain.

``programmes``     programmes, batches (angkatan), quotas per organisation type, sessions
``registrations``  registrations within the target and quotas, the ticket's QR code
``imports``        the participant import (check, then register all or none)
``attendance``     check-in by ticket or by the session's QR code, attendance marked by hand
``materials``      materials (files checked by content) and video links
``evaluations``    the question bank, pre- and post-tests, the evaluation survey
``certificates``   eligibility, the certificate PDF, issuing (one or all in the background), revoking
``invitations``    invitations and reminders
``history``        naming the acting user on simple_history rows

Every name stays importable from ``training.services``.
"""

from .attendance import (
    LATE_AFTER,
    attendance_check_in,
    attendance_mark,
    attendance_mark_many,
    attendance_open_check,
    attendance_opens_at,
    attendance_self_check_in,
    session_checkin_qr,
    session_checkin_token,
    session_checkin_url,
    session_from_checkin_token,
    session_starts_at,
    ticket_code_normalise,
)
from .certificates import (
    Eligibility,
    certificate_eligibility,
    certificate_eligibility_map,
    certificate_issue,
    certificate_issue_open_check,
    certificate_job_run,
    certificate_job_start,
    certificate_pdf_render,
    certificate_revoke,
    certificate_verify_url,
    programme_ends_at,
)
from .evaluations import evaluation_submit, question_add, test_submit
from .imports import (
    IMPORT_COLUMNS,
    IMPORT_SYNC_ROWS,
    REQUIRED_COLUMNS,
    ImportPreview,
    ImportRow,
    import_max_rows,
    registration_import_check,
    registration_import_create,
    registration_import_save,
    registration_import_start_save,
    registrations_import_commit,
    registrations_import_parse,
)
from .invitations import INVITATION_STATUSES, programme_invitations_send, programme_reminders_due
from .materials import (
    ALLOWED_MATERIAL_TYPES,
    material_content_check,
    material_download_record,
    material_upload,
)
from .programmes import (
    batch_create,
    org_type_quota_set,
    programme_create,
    programme_dates_label,
    programme_update,
    session_create,
)
from .registrations import (
    registration_create,
    registration_create_new_person,
    registration_set_status,
    ticket_qr,
)

__all__ = [
    "ALLOWED_MATERIAL_TYPES",
    "IMPORT_COLUMNS",
    "IMPORT_SYNC_ROWS",
    "INVITATION_STATUSES",
    "LATE_AFTER",
    "REQUIRED_COLUMNS",
    "Eligibility",
    "ImportPreview",
    "ImportRow",
    "attendance_check_in",
    "attendance_mark",
    "attendance_mark_many",
    "attendance_open_check",
    "attendance_opens_at",
    "attendance_self_check_in",
    "batch_create",
    "certificate_eligibility",
    "certificate_eligibility_map",
    "certificate_issue",
    "certificate_issue_open_check",
    "certificate_job_run",
    "certificate_job_start",
    "certificate_pdf_render",
    "certificate_revoke",
    "certificate_verify_url",
    "evaluation_submit",
    "import_max_rows",
    "material_content_check",
    "material_download_record",
    "material_upload",
    "org_type_quota_set",
    "programme_create",
    "programme_dates_label",
    "programme_ends_at",
    "programme_invitations_send",
    "programme_reminders_due",
    "programme_update",
    "question_add",
    "registration_create",
    "registration_create_new_person",
    "registration_import_check",
    "registration_import_create",
    "registration_import_save",
    "registration_import_start_save",
    "registration_set_status",
    "registrations_import_commit",
    "registrations_import_parse",
    "session_checkin_qr",
    "session_checkin_token",
    "session_checkin_url",
    "session_create",
    "session_from_checkin_token",
    "session_starts_at",
    "test_submit",
    "ticket_code_normalise",
    "ticket_qr",
]
