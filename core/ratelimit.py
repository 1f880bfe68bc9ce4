"""Token buckets in Redis, shared by every process: the one rate limiter of the project.

A take removes one token from every bucket given, atomically (one Lua script, Redis's own clock), or
says how many seconds to wait and takes nothing. A bucket may keep a floor that a take must leave
untouched (notifications hold a reserve back for critical alerts), and may be paused until a moment
(a provider's Retry-After). Used by notifications (provider limits per channel and chat) and the API
(calls per integration token).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import redis

from core.redisconn import redis_from_url

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
    floor: float = 0.0  # tokens a take must leave in it


_local = threading.local()


def redis_client(url: str) -> redis.Redis:
    """A client of ``url`` kept per thread, with the scripts registered."""
    cached = getattr(_local, "clients", None)
    if cached is None:
        cached = _local.clients = {}
    if url not in cached:
        client = redis_from_url(url, socket_timeout=2, socket_connect_timeout=2)
        cached[url] = (client, client.register_script(_TAKE), client.register_script(_PAUSE))
    return cached[url][0]


def buckets_take(url: str, buckets: list[Bucket]) -> float:
    """Take a token from every bucket now (0.0) or say how many seconds to wait (nothing taken).

    Raises ``redis.RedisError`` when Redis cannot be reached: the caller decides whether that lets
    the work go ahead.
    """
    if not buckets:
        return 0.0
    redis_client(url)
    take = _local.clients[url][1]
    args: list[float] = []
    for bucket in buckets:
        args += [bucket.rate, bucket.burst, round(max(bucket.floor, 0.0), 3)]
    return float(take(keys=[b.key for b in buckets], args=args))


def bucket_pause(url: str, key: str, seconds: float) -> float:
    """No take from bucket ``key`` for ``seconds`` (raises ``redis.RedisError`` as ``buckets_take``)."""
    redis_client(url)
    pause = _local.clients[url][2]
    return float(pause(keys=[key], args=[seconds]))
