"""The coordination app's models, one module per aggregate; every name is importable from here.

``actions``  tracked actions (tindak lanjut koordinasi): owner, organisation, due date, area, status,
             evidence, links to incidents, source (a meeting's decision, an Inpres obligation, the
             action plan), history. Other parts of the app (meetings, the action plan, preventive
             activities) create them through ``coordination.services.action_create``.
``meetings`` coordination meetings (rakor): forum or ad-hoc group, invitees and attendance, minutes;
             their decisions are tracked actions (``TrackedAction.meeting``).
``inpres``   the Inpres 2/2013 obligations of a serious incident: public statement, report upward.
``prevention`` preventive activities (kegiatan pencegahan), their photos and participant changes.
``plan``     the Tim Terpadu's action plan (rencana aksi terpadu) of a year; each activity a tracked action.
"""

from .actions import ActionEvidence, TrackedAction
from .inpres import InpresObligation
from .meetings import Meeting, MeetingInvitee
from .plan import ActionPlan, PlanActivity
from .prevention import PreventionParticipantChange, PreventionPhoto, PreventiveActivity

__all__ = [
    "ActionEvidence",
    "ActionPlan",
    "InpresObligation",
    "Meeting",
    "MeetingInvitee",
    "PlanActivity",
    "PreventionParticipantChange",
    "PreventionPhoto",
    "PreventiveActivity",
    "TrackedAction",
]
