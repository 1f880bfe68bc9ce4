"""Redis connections from a URL, with Redis Sentinel: ``redis://``, ``rediss://``, ``unix://`` or
``sentinel://s1:26379/0;sentinel://s2:26379/0`` (the sentinels are asked for the current master of
``REDIS_SENTINEL_MASTER``, and again after a failover).

Celery's broker reads ``sentinel://`` URLs itself (kombu's sentinel transport); the Django cache,
the rate limiters and the health check connect through this module, so one URL form serves all.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import redis
from django.conf import settings
from redis.sentinel import Sentinel, SentinelConnectionPool

SENTINEL_SCHEME = "sentinel"
SENTINEL_DEFAULT_PORT = 26379


def is_sentinel(url: str) -> bool:
    return url.startswith(f"{SENTINEL_SCHEME}://")


def sentinel_parse(url: str) -> tuple[list[tuple[str, int]], int, str | None]:
    """The sentinels' addresses, the database number and the master's password of a sentinel URL."""
    hosts: list[tuple[str, int]] = []
    db, password = 0, None
    for part in filter(None, (p.strip() for p in url.split(";"))):
        parts = urlsplit(part)
        if parts.scheme != SENTINEL_SCHEME or not parts.hostname:
            raise ValueError(f"not a sentinel://host:port address: {part!r}")
        hosts.append((parts.hostname, parts.port or SENTINEL_DEFAULT_PORT))
        if parts.path.strip("/"):
            db = int(parts.path.strip("/"))
        if parts.password:
            password = unquote(parts.password)
    if not hosts:
        raise ValueError("a sentinel URL names no sentinel")
    return hosts, db, password


def connection_pool(url: str, **kwargs) -> redis.ConnectionPool:
    """A pool of connections to the Redis at ``url``; for Sentinel, to whichever server is master now."""
    if not is_sentinel(url):
        return redis.ConnectionPool.from_url(url, **kwargs)
    hosts, db, password = sentinel_parse(url)
    timeouts = {k: kwargs[k] for k in ("socket_timeout", "socket_connect_timeout") if k in kwargs}
    sentinel = Sentinel(hosts, sentinel_kwargs=timeouts)
    return SentinelConnectionPool(
        settings.REDIS_SENTINEL_MASTER, sentinel, db=db, password=password, **kwargs
    )


class ConnectionPool(redis.ConnectionPool):
    """``pool_class`` of the Django cache (``django.core.cache.backends.redis.RedisCache``)."""

    @classmethod
    def from_url(cls, url, **kwargs):
        return connection_pool(url, **kwargs)


def redis_from_url(url: str, **kwargs) -> redis.Redis:
    """A client of ``url`` (``redis.Redis.from_url`` that also reads ``sentinel://``)."""
    return redis.Redis(connection_pool=connection_pool(url, **kwargs))
