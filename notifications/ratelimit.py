"""Provider limits: a token bucket in Redis shared by every worker, per channel and per chat.

Each channel has a rate (messages per second for the whole installation: one Telegram bot, one
WhatsApp number, one SMS gateway account) and, where the provider sets one, a rate per address
(Telegram: about one message per second to one chat). A send takes one token from every bucket that
applies, atomically (one Lua script, Redis's own clock), or learns how long to wait; nothing is
taken while it waits. Messages that are not critical must leave ``NOTIFICATIONS_RATE_RESERVE`` of a
bucket untouched, so critical alerts go first when the limit is reached (reminders and invitations
wait). A provider's 429 with ``Retry-After``/``retry_after`` pauses the channel's bucket until then.

Settings (docs/operations.md): ``<CHANNEL>_RATE_PER_S`` (0 = no limit), ``TELEGRAM_RATE_PER_CHAT_PER_S``,
``NOTIFICATIONS_RATE_RESERVE``, ``NOTIFICATIONS_RATE_MAX_WAIT_S`` (a worker sleeps up to this for a
token, beyond it the delivery is queued again for then), ``NOTIFICATIONS_RATE_REDIS_URL``.
"""

from __future__ import annotations

import time

import redis
from django.conf import settings

from core.ratelimit import Bucket, bucket_pause, buckets_take, redis_client

from .choices import Channel, Urgency


def _setting(name: str, default):
    return getattr(settings, name, default)


# The channel's rate setting and its documented default (messages per second; 0 = no limit).
CHANNEL_RATE_SETTINGS: dict[str, tuple[str, float]] = {
    Channel.TELEGRAM: ("TELEGRAM_RATE_PER_S", 30.0),
    Channel.WHATSAPP: ("WHATSAPP_RATE_PER_S", 80.0),
    Channel.SMS: ("SMS_GATEWAY_RATE_PER_S", 10.0),
    Channel.EMAIL: ("EMAIL_RATE_PER_S", 0.0),
}
# Per address, where the provider sets a limit: Telegram, about one message per second to one chat.
ADDRESS_RATE_SETTINGS: dict[str, tuple[str, float]] = {
    Channel.TELEGRAM: ("TELEGRAM_RATE_PER_CHAT_PER_S", 1.0),
}


def buckets_for(channel: str, address: str) -> list[Bucket]:
    """The buckets one send on ``channel`` to ``address`` takes a token from (none for in-app)."""
    if channel not in CHANNEL_RATE_SETTINGS:
        return []
    name, default = CHANNEL_RATE_SETTINGS[channel]
    rate = float(_setting(name, default))
    # Without a limit the channel's bucket is still read: a provider's Retry-After pauses it.
    out = [Bucket(f"rl:{channel}", rate, max(1.0, rate)) if rate > 0 else Bucket(f"rl:{channel}", 1e6, 1e6)]
    name, default = ADDRESS_RATE_SETTINGS.get(channel, ("", 0.0))
    rate = float(_setting(name, default)) if name else 0.0
    if rate > 0 and address:
        out.append(Bucket(f"rl:{channel}:{address}", rate, max(1.0, rate)))
    return out


def _url() -> str:
    return _setting("NOTIFICATIONS_RATE_REDIS_URL", "") or settings.REDIS_CACHE_URL


def _client() -> redis.Redis:
    return redis_client(_url())


def rate_try(channel: str, address: str, *, urgency: str = Urgency.NORMAL) -> float:
    """Take a token from every bucket of the send now (0.0) or say how many seconds to wait (nothing taken).

    A Redis that cannot be reached never stops an alert: the send goes ahead (the provider's own 429
    is still honoured).
    """
    buckets = buckets_for(channel, address)
    if not buckets:
        return 0.0
    reserve = 0.0 if urgency == Urgency.CRITICAL else float(_setting("NOTIFICATIONS_RATE_RESERVE", 0.2))
    # The reserve holds back part of the channel's bucket only (the first); a chat's bucket of one
    # token has no part to hold back, and never more than all but one token is held back.
    first = buckets[0]
    floored = [
        Bucket(first.key, first.rate, first.burst, min(reserve * first.burst, first.burst - 1)),
        *buckets[1:],
    ]
    try:
        return buckets_take(_url(), floored)
    except redis.RedisError:
        return 0.0


def rate_acquire(
    channel: str, address: str, *, urgency: str = Urgency.NORMAL, max_wait_s: float | None = None
) -> float:
    """Wait (sleeping) up to ``max_wait_s`` for the send's tokens; 0.0 once taken, else the wait still ahead."""
    limit = float(_setting("NOTIFICATIONS_RATE_MAX_WAIT_S", 2.0)) if max_wait_s is None else max_wait_s
    deadline = time.monotonic() + limit
    while True:
        wait = rate_try(channel, address, urgency=urgency)
        if wait <= 0:
            return 0.0
        left = deadline - time.monotonic()
        if wait > left:
            return wait
        time.sleep(wait)


def rate_pause(channel: str, seconds: float) -> float:
    """A provider asked us to stop for ``seconds`` (429 with Retry-After): no send on the channel till then."""
    if seconds <= 0:
        return 0.0
    try:
        return bucket_pause(_url(), f"rl:{channel}", seconds)
    except redis.RedisError:
        return 0.0
