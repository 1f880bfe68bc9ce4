"""The chaos/benchmark harness: private Redis, managed processes, percentiles, ports."""

import os
import socket
import time

import pytest
import redis

from core.benchharness import ManagedProcess, PrivateRedis, database_url, percentile, wait_until


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


def test_database_url_names_this_process_database(db):
    from django.db import connection

    assert database_url().split("?")[0].endswith("/" + connection.settings_dict["NAME"])


def test_a_free_port_can_be_bound_on_loopback():
    from core.benchharness import free_port

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", free_port()))
        assert sock.getsockname()[0] == "127.0.0.1"


def test_use_broker_sends_control_commands_to_the_new_broker_after_earlier_ones_went_to_the_old():
    from core.benchharness import free_port, use_broker
    from pilkada_mitigasi.celery import app

    app.control.mailbox.producer_pool  # noqa: B018 - a control call before, as the worker fixture makes
    port = free_port()
    with use_broker(f"redis://127.0.0.1:{port}/0"):
        assert app.control.mailbox.producer_pool.connections.connection.port == port
    assert app.control.mailbox.producer_pool.connections.connection.port != port
