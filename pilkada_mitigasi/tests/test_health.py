import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.conf import queue_critical
from core.testing import wait_until
from pilkada_mitigasi.tasks import CANARY_CACHE_KEY, HEARTBEAT_CACHE_KEY, canary, heartbeat


def wait_for_key(cache, key, timeout=10.0):
    wait_until(lambda: cache.get(key), timeout=timeout, message=f"the worker did not write {key}")


def wait_for_heartbeat(cache, timeout=10.0):
    wait_for_key(cache, HEARTBEAT_CACHE_KEY, timeout)


@pytest.mark.worker
def test_healthz_is_200_with_a_worker_and_a_fresh_heartbeat(client, celery_worker):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_CACHE_KEY)
    cache.delete(CANARY_CACHE_KEY)
    heartbeat.apply_async(queue=queue_critical())  # through Redis to the real worker
    canary.apply_async(queue=queue_critical())
    wait_for_heartbeat(cache)
    wait_for_key(cache, CANARY_CACHE_KEY)
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["workers"]
    assert body["checks"]["beat"]["age_s"] < 30


def test_healthz_is_503_naming_the_worker_when_none_answers(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.3
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 503
    assert "worker" in body["failing"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_names_a_stale_heartbeat(client, db, settings):
    from django.core.cache import cache

    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    cache.set(HEARTBEAT_CACHE_KEY, "2024-11-27T00:00:00+08:00", timeout=None)
    body = client.get(reverse("healthz")).json()
    assert "beat" in body["failing"]
    assert body["checks"]["beat"]["error"].startswith("last heartbeat")


@pytest.mark.worker
def test_the_canary_runs_on_the_worker_off_the_critical_queue_and_healthz_reports_its_age(
    client, celery_worker
):
    from django.core.cache import cache

    cache.delete(CANARY_CACHE_KEY)
    canary.delay()  # routed to the critical queue by CELERY_TASK_ROUTES, through Redis
    wait_for_key(cache, CANARY_CACHE_KEY)
    record = json.loads(cache.get(CANARY_CACHE_KEY))
    assert record["queue"] == queue_critical()
    assert record["worker"]
    assert 0 <= record["wait_s"] < 10
    body = client.get(reverse("healthz")).json()
    check = body["checks"]["canary"]
    assert check["ok"] is True
    assert check["age_s"] < 10
    assert check["queue"] == queue_critical()
    assert "canary" not in body["failing"]


def test_healthz_is_503_naming_a_stale_canary(client, db, settings):
    from django.core.cache import cache

    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    settings.HEALTH_CANARY_MAX_AGE_S = 90
    ran = (timezone.now() - timedelta(seconds=200)).isoformat()
    cache.set(CANARY_CACHE_KEY, json.dumps({"ran": ran, "wait_s": 0.1}), timeout=None)
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 503
    assert "canary" in body["failing"]
    assert body["checks"]["canary"]["age_s"] >= 200
    assert body["checks"]["canary"]["error"].startswith("canary last ran 20")
    assert body["checks"]["canary"]["error"].endswith("(limit 90s)")


def test_healthz_names_a_canary_that_never_ran(client, db, settings):
    from django.core.cache import cache

    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    cache.delete(CANARY_CACHE_KEY)
    body = client.get(reverse("healthz")).json()
    assert "canary" in body["failing"]
    assert body["checks"]["canary"]["age_s"] is None


def test_the_canary_is_scheduled_every_30_seconds_on_the_critical_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["canary"]
    assert entry["task"] == canary.name
    assert entry["schedule"] == timedelta(seconds=30)
    assert entry["options"]["queue"] == queue_critical()


def test_healthz_reports_the_broker_and_the_cache_in_two_redis_databases(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    checks = client.get(reverse("healthz")).json()["checks"]
    assert checks["broker"]["ok"] is True
    assert checks["cache"]["ok"] is True
    assert checks["broker"]["db"] != checks["cache"]["db"]


def test_healthz_names_an_unreachable_broker(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 503
    assert "broker" in body["failing"]
    assert "cache" not in body["failing"]
    assert body["checks"]["broker"]["error"].startswith("ConnectionError")


# --- who sees the details ------------------------------------------------------------------------


def test_an_anonymous_remote_caller_gets_only_the_liveness_answer(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    response = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503
    assert response.json() == {"status": "fail"}


def test_a_caller_behind_the_proxy_is_not_local(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get(reverse("healthz"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.json() == {"status": "fail"}


def test_the_monitoring_token_shows_the_details_to_a_remote_caller(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    settings.HEALTH_TOKEN = "monitor-7f3a9c"
    body = client.get(
        reverse("healthz"), REMOTE_ADDR="203.0.113.7", HTTP_X_HEALTH_TOKEN="monitor-7f3a9c"
    ).json()
    assert body["status"] == "fail"
    assert "worker" in body["failing"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.parametrize("token", ["", "wrong"])
def test_a_wrong_or_empty_token_shows_no_details(client, db, settings, token):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    settings.HEALTH_TOKEN = ""
    body = client.get(reverse("healthz"), REMOTE_ADDR="203.0.113.7", HTTP_X_HEALTH_TOKEN=token).json()
    assert body == {"status": "fail"}


def test_a_local_caller_gets_the_details_without_a_token(client, db, settings):
    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    body = client.get(reverse("healthz"), REMOTE_ADDR="127.0.0.1").json()
    assert body["status"] == "fail"
    assert set(body["checks"]) >= {"database", "worker", "beat", "canary"}


def test_an_unreachable_replica_is_reported_but_keeps_the_status(monkeypatch):
    from core import dbrouter
    from pilkada_mitigasi import health

    def unreachable():
        raise OSError("connection refused")

    monkeypatch.setattr(health, "CHECKS", {"database": lambda: {"ok": True}})
    monkeypatch.setattr(health, "check_replica", unreachable)
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    healthy, results = health.run_checks()
    assert healthy is True
    assert results["replica"]["ok"] is False
    assert "connection refused" in results["replica"]["error"]


def test_without_a_replica_healthz_reports_none(monkeypatch):
    from pilkada_mitigasi import health

    monkeypatch.setattr(health, "CHECKS", {"database": lambda: {"ok": True}})
    assert "replica" not in health.run_checks()[1]
