"""Every write of intake, one module per concern; every public name importable from ``intake.services``.

``log``       the intake log and its pipeline: record a call, extract its messages once per provider id
              (rate-limited per sender), process each in the worker, sweep what a dead worker left
``queue``     the unverified-intake queue: receive, accept, merge, reject; channel reports of registry people
``replies``   answers to senders on their channel, claimed before the provider is called
``ack``       acknowledging an alert from the channel (button, "OK"), through escalation's own service
``text``      what a WhatsApp or SMS text becomes (LAPOR, free text, OK, STATUS)
``telegram``  the bot's /lapor conversation, /status, /batal, linking a chat
``channels``  the built-in channels' extractors and handlers, registered with the pipeline
``link``      one-time codes linking a Telegram chat to a person
``feedback``  telling the reporter when their report is verified, assigned, resolved or rejected
"""

from . import channels as _channels  # noqa: F401 - registers the built-in channels
from .ack import channel_ack_button, channel_ack_reply
from .feedback import feedback_intake_rejected, feedback_on_incident_event
from .link import channel_link_code_create
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
    "channel_ack_button",
    "channel_ack_reply",
    "channel_link_code_create",
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
