import pytest
from django.urls import reverse

from pilkada_mitigasi.tasks import HEARTBEAT_CACHE_KEY, heartbeat


def wait_for_heartbeat(cache, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cache.get(HEARTBEAT_CACHE_KEY):
            return
        time.sleep(0.05)
    raise AssertionError("the worker did not run the heartbeat task")


@pytest.mark.worker
def test_healthz_is_200_with_a_worker_and_a_fresh_heartbeat(client, celery_worker):
    from django.core.cache import cache

    cache.delete(HEARTBEAT_CACHE_KEY)
    heartbeat.apply_async(queue="critical")  # through Redis to the real worker
    wait_for_heartbeat(cache)
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
    assert body["checks"]["redis"]["ok"] is True


def test_healthz_names_a_stale_heartbeat(client, db, settings):
    from django.core.cache import cache

    settings.HEALTH_WORKER_TIMEOUT_S = 0.1
    cache.set(HEARTBEAT_CACHE_KEY, "2024-11-27T00:00:00+08:00", timeout=None)
    body = client.get(reverse("healthz")).json()
    assert "beat" in body["failing"]
    assert body["checks"]["beat"]["error"].startswith("last heartbeat")
