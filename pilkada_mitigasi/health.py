"""Health checks for /healthz: database, broker and cache (Redis), a worker round trip, beat, canary."""

from __future__ import annotations

import json
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .celery import app as celery_app
from .tasks import CANARY_CACHE_KEY, HEARTBEAT_CACHE_KEY


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        result = check()
    except Exception as exc:
        result = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _redis_db(client) -> int:
    return client.connection_pool.connection_kwargs.get("db", 0)


def check_broker() -> dict:
    """The Celery broker's Redis database answers (where the queued tasks are)."""
    from core.redisconn import redis_from_url

    client = redis_from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
        return {"ok": True, "db": _redis_db(client)}
    finally:
        client.close()


def check_cache() -> dict:
    """The Django cache's Redis database answers (heartbeat, canary, cached figures)."""
    client = cache._cache.get_client(write=True)
    client.ping()
    return {"ok": True, "db": _redis_db(client)}


def check_worker() -> dict:
    """A real round trip through the broker: a broadcast ping; the first worker to answer suffices."""
    replies = celery_app.control.ping(timeout=settings.HEALTH_WORKER_TIMEOUT_S, limit=1)
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        return {"ok": False, "error": "no worker answered through the broker"}
    return {"ok": True, "workers": workers}


def check_heartbeat() -> dict:
    raw = cache.get(HEARTBEAT_CACHE_KEY)
    if raw is None:
        return {"ok": False, "error": "no heartbeat recorded yet", "last": None, "age_s": None}
    last = datetime.fromisoformat(raw)
    age = (timezone.now() - last).total_seconds()
    ok = age <= settings.HEALTH_HEARTBEAT_MAX_AGE_S
    result = {"ok": ok, "last": raw, "age_s": round(age, 1)}
    if not ok:
        result["error"] = f"last heartbeat {age:.0f}s ago"
    return result


def check_canary() -> dict:
    """How long ago a worker last ran the canary off the critical queue (every 30 s when all is well)."""
    raw = cache.get(CANARY_CACHE_KEY)
    if raw is None:
        return {"ok": False, "error": "no canary has run yet", "last": None, "age_s": None}
    record = json.loads(raw)
    age = (timezone.now() - datetime.fromisoformat(record["ran"])).total_seconds()
    limit = settings.HEALTH_CANARY_MAX_AGE_S
    result = {
        "ok": age <= limit,
        "last": record["ran"],
        "age_s": round(age, 1),
        "max_age_s": limit,
        "wait_s": record.get("wait_s"),
        "worker": record.get("worker"),
        "queue": record.get("queue"),
    }
    if not result["ok"]:
        result["error"] = f"canary last ran {age:.0f}s ago (limit {limit}s)"
    return result


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "cache": check_cache,
    "worker": check_worker,
    "beat": check_heartbeat,
    "canary": check_canary,
}


def check_replica() -> dict:
    """The read replica answers, is a standby, and how far behind its replay is (DATABASE_REPLICA_URL)."""
    from django.db import connections

    from core.dbrouter import REPLICA_DB_ALIAS

    with connections[REPLICA_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
        )
        in_recovery, lag = cursor.fetchone()
    result = {"ok": bool(in_recovery), "in_recovery": in_recovery}
    # The time since the last replayed commit: the lag while the primary is busy, idle time when it is not.
    result["replay_age_s"] = round(float(lag), 1) if lag is not None else None
    if not in_recovery:
        result["error"] = "DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false)"
    return result


def run_checks() -> tuple[bool, dict]:
    """Run every check; healthy only when all are. The replica is reported but not counted: without
    it only the read-heavy pages fail, so it must not take every web host out of a load balancer."""
    from core.dbrouter import replica_configured

    results = {name: _timed(check) for name, check in CHECKS.items()}
    healthy = all(r["ok"] for r in results.values())
    if replica_configured():
        results["replica"] = _timed(check_replica)
    return healthy, results
