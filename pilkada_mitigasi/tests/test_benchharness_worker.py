"""A real worker subprocess of this project on a private broker, driven through the harness."""

import os

import pytest
import redis

from core.benchharness import (
    ManagedProcess,
    PrivateRedis,
    celery_worker_argv,
    database_url,
    use_broker,
    wait_until,
    worker_answers,
)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_subprocess_on_a_private_broker_runs_a_task_sent_through_use_broker(tmp_path, settings):
    from pilkada_mitigasi.tasks import CANARY_CACHE_KEY, canary

    broker = PrivateRedis(tmp_path / "redis")
    broker.start()
    # The cache too is named: a REDIS_CACHE_URL of the caller's environment (the shared Redis) would
    # otherwise win, and the canary would land where this test does not look.
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker.url,
        "REDIS_CACHE_URL": broker.url.rsplit("/", 1)[0] + "/1",
    }
    worker = ManagedProcess(
        celery_worker_argv(queues="critical", concurrency=1, pool="solo", name="harness-test"),
        env=env,
        cwd=settings.BASE_DIR,
        log_path=tmp_path / "worker.log",
    )
    try:
        worker.start()
        with use_broker(broker.url):
            assert wait_until(lambda: worker_answers("harness-test"), timeout=90, interval=0.5), (
                tmp_path / "worker.log"
            ).read_text()
            canary.delay()
        # The worker's cache is the private Redis too, in the database after the broker's (Django
        # prefixes the key with its own prefix).
        client = redis.Redis.from_url(broker.url.rsplit("/", 1)[0] + "/1")
        assert wait_until(lambda: bool(client.keys(f"*{CANARY_CACHE_KEY}")), timeout=30)
    finally:
        worker.stop()
        broker.stop()
    from pilkada_mitigasi.celery import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL
