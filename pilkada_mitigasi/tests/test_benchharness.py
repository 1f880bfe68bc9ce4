import os
import socket
import time
from types import SimpleNamespace

import pytest
import redis

from notifications.channels.sms import SmsChannel
from notifications.channels.telegram import TelegramChannel
from pilkada_mitigasi.benchharness import (
    ManagedProcess,
    PrivateRedis,
    RecordingGateway,
    celery_worker_argv,
    database_url,
    percentile,
    use_broker,
    wait_until,
    worker_answers,
)


def _message(text):
    return SimpleNamespace(text=text, long_text="", link="", urgency="normal")


@pytest.fixture
def gateway():
    server = RecordingGateway().start()
    yield server
    server.stop()


def test_the_fake_gateway_records_what_the_real_telegram_and_sms_channels_send(gateway, settings):
    for name, value in gateway.settings_env().items():
        setattr(settings, name, value)
    assert TelegramChannel().send("1001", _message("Halo satu")) == "1"
    assert SmsChannel().send("+6281200000001", _message("Halo dua")) == "sms-2"
    requests = gateway.snapshot()
    assert [(r.channel, r.address, r.text) for r in requests] == [
        ("telegram", "1001", "Halo satu"),
        ("sms", "+6281200000001", "Halo dua"),
    ]
    assert requests[0].at <= requests[1].at
    assert gateway.duplicates() == {}


def test_the_fake_gateway_counts_a_second_send_of_the_same_thing_as_a_duplicate(gateway, settings):
    for name, value in gateway.settings_env().items():
        setattr(settings, name, value)
    TelegramChannel().send("1001", _message("Sama"))
    TelegramChannel().send("1001", _message("Sama"))
    TelegramChannel().send("1002", _message("Sama"))
    assert gateway.duplicates() == {("telegram", "1001", "Sama"): 2}


def test_a_private_redis_killed_and_restarted_keeps_its_port_and_loses_its_messages(tmp_path):
    server = PrivateRedis(tmp_path / "redis")
    try:
        server.start()
        client = redis.Redis.from_url(server.url)
        client.lpush("critical", "a message")
        server.kill()
        with pytest.raises(redis.ConnectionError):
            redis.Redis.from_url(server.url).ping()
        assert server.restart() == server.url
        assert redis.Redis.from_url(server.url).llen("critical") == 0
    finally:
        server.stop()


def test_killing_a_managed_process_kills_its_whole_process_group(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = f"sleep 60 & echo $! > {pid_file}; wait"
    proc = ManagedProcess(
        ["sh", "-c", script], env=dict(os.environ), cwd=tmp_path, log_path=tmp_path / "p.log"
    )
    proc.start()
    assert wait_until(pid_file.exists, timeout=5, interval=0.05)
    time.sleep(0.1)
    child = int(pid_file.read_text())
    proc.kill()
    assert not proc.alive()

    def child_gone():
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        # A zombie still answers signal 0 until reaped by init; its state says it is dead.
        with open(f"/proc/{child}/stat") as stat:
            return stat.read().split()[2] == "Z"

    assert wait_until(child_gone, timeout=5, interval=0.05)
    assert proc.kills == 1


def test_percentile_takes_the_nearest_rank():
    assert percentile([], 0.99) == 0.0
    assert percentile([3, 1, 2], 0.5) == 2
    assert percentile(list(range(1, 101)), 0.99) == 99


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_subprocess_on_a_private_broker_runs_a_task_sent_through_use_broker(tmp_path, settings):
    from pilkada_mitigasi.tasks import CANARY_CACHE_KEY, canary

    broker = PrivateRedis(tmp_path / "redis")
    broker.start()
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": broker.url}
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
        client = redis.Redis.from_url(broker.url)
        # The worker's cache is the private Redis too (Django prefixes the key with its own prefix).
        assert wait_until(lambda: bool(client.keys(f"*{CANARY_CACHE_KEY}")), timeout=30)
    finally:
        worker.stop()
        broker.stop()
    from pilkada_mitigasi.celery import app

    assert app.conf.broker_url == settings.CELERY_BROKER_URL


def test_database_url_names_this_process_database(db):
    from django.db import connection

    assert database_url().split("?")[0].endswith("/" + connection.settings_dict["NAME"])


def test_a_free_port_can_be_bound_on_loopback():
    from pilkada_mitigasi.benchharness import free_port

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))
        assert sock.getsockname()[0] == "127.0.0.1"
