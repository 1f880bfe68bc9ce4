"""Delivery channels: each a small class whose ``send(address, message)`` returns the provider id."""

from ..choices import Channel
from .base import BaseChannel, ChannelError, NotConfiguredError, PermanentError, TransientError
from .email import EmailChannel
from .in_app import InAppChannel
from .sms import SmsChannel
from .telegram import TelegramChannel
from .webhook import WebhookChannel
from .whatsapp import WhatsAppChannel

CHANNELS: dict[str, type[BaseChannel]] = {
    Channel.IN_APP: InAppChannel,
    Channel.EMAIL: EmailChannel,
    Channel.TELEGRAM: TelegramChannel,
    Channel.WHATSAPP: WhatsAppChannel,
    Channel.SMS: SmsChannel,
    Channel.WEBHOOK: WebhookChannel,
}


def channel_for(name: str) -> BaseChannel:
    """The channel object for a channel name."""
    return CHANNELS[name]()


__all__ = [
    "CHANNELS",
    "BaseChannel",
    "ChannelError",
    "NotConfiguredError",
    "PermanentError",
    "TransientError",
    "channel_for",
]
