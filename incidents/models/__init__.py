"""The incidents app's models, one module per sub-domain.

``incident``   early warnings and incidents, their categories, the public number
``timeline``   the timeline (events with old and new values) and internal notes
``evidence``   evidence files
``follow_up``  follow-up actions and referrals
``outcome``    Bawaslu's handling step by step, recommendations and decisions (PSU, sanction, ...)
``link``       duplicate and related links between reports
``informant``  the confidential informant
``export``     background exports of the incident list
``counts``     the dashboard's pre-aggregated counts, kept by triggers (``incidents.counts``)
``legacy``     callables that old migrations name

Every name stays importable from ``incidents.models``.
"""

from .counts import IncidentDayCount, IncidentOpenCount
from .evidence import Evidence, evidence_upload_to
from .export import IncidentExport
from .follow_up import FollowUpAction, Referral
from .incident import (
    BAWASLU_REPORT_DAYS,
    CHRONOLOGY_MAX_LENGTH,
    CHRONOLOGY_TOO_LONG,
    Incident,
    IncidentCategory,
    incident_number_next,
)
from .informant import ConfidentialInformant
from .legacy import situation_report_upload_to
from .link import IncidentLink
from .outcome import BawasluStep, Outcome
from .timeline import IncidentEvent, IncidentNote, incident_field_label, incident_value_label

__all__ = [
    "BAWASLU_REPORT_DAYS",
    "CHRONOLOGY_MAX_LENGTH",
    "CHRONOLOGY_TOO_LONG",
    "BawasluStep",
    "ConfidentialInformant",
    "Evidence",
    "FollowUpAction",
    "Incident",
    "IncidentCategory",
    "IncidentDayCount",
    "IncidentEvent",
    "IncidentExport",
    "IncidentLink",
    "IncidentNote",
    "IncidentOpenCount",
    "Outcome",
    "Referral",
    "evidence_upload_to",
    "incident_field_label",
    "incident_number_next",
    "incident_value_label",
    "situation_report_upload_to",
]
