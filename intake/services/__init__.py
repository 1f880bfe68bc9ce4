"""Every write of intake, one module per concern; every public name importable from ``intake.services``.

``log``       the intake log and its pipeline: record a call, extract its messages once per provider id
              (rate-limited per sender), process each in the worker, sweep what a dead worker left
``queue``     the unverified-intake queue: receive, accept, merge, reject; channel reports of registry people
``replies``   answers to senders on their channel, claimed before the provider is called
``feedback``  telling the reporter when their report is verified, assigned, resolved or rejected
"""

from .feedback import feedback_intake_rejected, feedback_on_incident_event
from .log import (
    Handled,
    Incoming,
    channel_register,
    inbound_call_extract,
    inbound_call_record,
    inbound_call_settle,
    inbound_message_process,
    intake_sweep,
)
from .queue import (
    Attachment,
    IntakeResult,
    channel_report_create,
    channel_user,
    intake_accept,
    intake_merge,
    intake_receive,
    intake_reject,
)
from .replies import reply_queue, reply_send

__all__ = [
    "Attachment",
    "Handled",
    "Incoming",
    "IntakeResult",
    "channel_register",
    "channel_report_create",
    "channel_user",
    "feedback_intake_rejected",
    "feedback_on_incident_event",
    "inbound_call_extract",
    "inbound_call_record",
    "inbound_call_settle",
    "inbound_message_process",
    "intake_accept",
    "intake_merge",
    "intake_receive",
    "intake_reject",
    "intake_sweep",
    "reply_queue",
    "reply_send",
]
