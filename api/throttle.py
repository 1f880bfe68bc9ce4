"""Calls per integration token, through the project's Redis token bucket. A browser session is not
limited here (its pages are not either; the login itself is throttled by django-axes)."""

from __future__ import annotations

import redis
from django.conf import settings
from rest_framework.throttling import BaseThrottle

from core.ratelimit import Bucket, buckets_take

from .auth import call_integration


def _url() -> str:
    return getattr(settings, "API_RATE_REDIS_URL", "") or settings.REDIS_CACHE_URL


def api_bucket(request) -> Bucket | None:
    """The bucket a call takes a token from: its integration's (None for a session or anonymous call)."""
    rate = float(settings.API_RATE_PER_MINUTE) / 60.0
    burst = float(max(1, settings.API_RATE_BURST))
    if rate <= 0:
        return None
    integration = call_integration(request)
    if integration is not None:
        return Bucket(f"rl:api:integration:{integration.pk}", rate, burst)
    return None


class IntegrationRateThrottle(BaseThrottle):
    """API_RATE_PER_MINUTE calls per token, bursts up to API_RATE_BURST; past it 429 with Retry-After.
    A Redis that cannot be reached lets the call through (the API stays up, unlimited)."""

    def allow_request(self, request, view) -> bool:
        self._wait = 0.0
        bucket = api_bucket(request)
        if bucket is None:
            return True
        try:
            self._wait = buckets_take(_url(), [bucket])
        except redis.RedisError:
            return True
        return self._wait <= 0

    def wait(self) -> float | None:
        return self._wait or None
