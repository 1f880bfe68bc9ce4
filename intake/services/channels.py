"""The inbound channels built in: each one's extractor and handler, registered with the pipeline."""

from __future__ import annotations

from ..choices import IntakeChannel
from ..inbound import sms_extract, telegram_extract, whatsapp_extract
from .log import channel_register
from .telegram import telegram_handle
from .text import text_handle

channel_register(IntakeChannel.WHATSAPP, extract=whatsapp_extract, handle=text_handle)
channel_register(IntakeChannel.SMS, extract=sms_extract, handle=text_handle)
channel_register(IntakeChannel.TELEGRAM, extract=telegram_extract, handle=telegram_handle)
