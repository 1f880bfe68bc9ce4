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

import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings

from .choices import Channel, Urgency

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local wait = 0
local tokens = {}
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[(i - 1) * 3 + 1])
  local burst = tonumber(ARGV[(i - 1) * 3 + 2])
  local floor = tonumber(ARGV[(i - 1) * 3 + 3])
  local v = redis.call('HMGET', key, 'tokens', 'ts', 'until')
  local have = tonumber(v[1]) or burst
  local ts = tonumber(v[2]) or now
  local paused = tonumber(v[3]) or 0
  have = math.min(burst, have + math.max(0, now - ts) * rate)
  tokens[i] = have
  if paused > now then wait = math.max(wait, paused - now) end
  if have - 1 < floor then wait = math.max(wait, (floor + 1 - have) / rate) end
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'tokens', tokens[i] - 1, 'ts', now)
  redis.call('EXPIRE', key, 3600)
end
return '0'
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'until')) or 0
if until_ > current then redis.call('HSET', KEYS[1], 'until', until_) end
redis.call('EXPIRE', KEYS[1], 3600)
return tostring(until_ - now)
"""


@dataclass(frozen=True)
class Bucket:
    key: str
    rate: float  # tokens per second
    burst: float  # the most tokens it holds


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


_local = threading.local()


def _client() -> redis.Redis:
    url = _setting("NOTIFICATIONS_RATE_REDIS_URL", "") or settings.REDIS_CACHE_URL
    cached = getattr(_local, "client", None)
    if cached is None or cached[0] != url:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        _local.client = cached = (url, client, client.register_script(_TAKE), client.register_script(_PAUSE))
    return cached[1]


def _scripts():
    _client()
    return _local.client[2], _local.client[3]


def rate_try(channel: str, address: str, *, urgency: str = Urgency.NORMAL) -> float:
    """Take a token from every bucket of the send now (0.0) or say how many seconds to wait (nothing taken).

    A Redis that cannot be reached never stops an alert: the send goes ahead (the provider's own 429
    is still honoured).
    """
    buckets = buckets_for(channel, address)
    if not buckets:
        return 0.0
    reserve = 0.0 if urgency == Urgency.CRITICAL else float(_setting("NOTIFICATIONS_RATE_RESERVE", 0.2))
    args: list[float] = []
    for index, bucket in enumerate(buckets):
        # The reserve holds back part of the channel's bucket only (the first); a chat's bucket of one
        # token has no part to hold back, and never more than all but one token is held back.
        floor = min(reserve * bucket.burst, bucket.burst - 1) if index == 0 else 0.0
        args += [bucket.rate, bucket.burst, round(max(floor, 0.0), 3)]
    take, _ = _scripts()
    try:
        return float(take(keys=[b.key for b in buckets], args=args))
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
    _, pause = _scripts()
    try:
        return float(pause(keys=[f"rl:{channel}"], args=[seconds]))
    except redis.RedisError:
        return 0.0
