"""The test worker never runs a task of one test against the rows of another (conftest.celery_worker).

The tests here come in pairs that run in file order: the first leaves work behind, the second checks
that none of it reached it. Run alone, a second test is skipped (it would prove nothing).
"""

import time
import uuid

import pytest
from celery import shared_task
from celery.worker import state
from django.contrib.auth.models import Group

from conftest import celery_worker_consume, celery_worker_drain
from core.conf import queues
from core.testing import wait_until
from pilkada_mitigasi.celery import app

pytestmark = pytest.mark.worker

SLOW_TASK_S = 3.0
_left_behind: dict[str, str] = {}
_started: list[str] = []  # the worker is a thread of this process


@shared_task(name="core.tests.group_create_later", ignore_result=True)
def group_create_later(name: str, delay_s: float) -> None:
    """Stands for a task with work to do: it takes delay_s, then writes a row."""
    _started.append(name)
    time.sleep(delay_s)
    Group.objects.create(name=name)


def _running(task_name: str) -> bool:
    return any(request.name == task_name for request in list(state.active_requests))


def _queued(queue: str) -> int:
    with app.connection_for_read() as connection:
        return connection.default_channel.client.llen(queue)


def test_a_task_is_still_running_when_its_test_ends(celery_worker):
    name = f"race-{uuid.uuid4().hex[:8]}"
    group_create_later.apply_async((name, SLOW_TASK_S), queue="default")
    wait_until(lambda: _running(group_create_later.name), timeout=10)
    _left_behind["running"] = name


def test_the_next_test_starts_after_that_task_ended_and_its_row_was_flushed(celery_worker):
    if "running" not in _left_behind:
        pytest.skip("checks what the test before it left behind")
    assert not _running(group_create_later.name)
    assert not Group.objects.filter(name=_left_behind["running"]).exists()


def test_a_task_not_started_when_its_test_ends_is_discarded(celery_worker):
    name = f"countdown-{uuid.uuid4().hex[:8]}"
    # Due long after this test; the revoked request is acknowledged unrun when its countdown ends.
    result = group_create_later.apply_async((name, 0), queue="default", countdown=60)
    wait_until(lambda: result.id in {r.id for r in list(state.scheduled_requests)}, timeout=10)

    started = time.monotonic()
    celery_worker_drain(celery_worker, queues(), timeout=10)
    assert time.monotonic() - started < 5
    assert result.id in state.revoked
    assert name not in _started
    assert not Group.objects.filter(name=name).exists()
    celery_worker_consume(celery_worker, queues())


def test_a_test_without_the_worker_sends_a_task(db):
    name = f"no-worker-{uuid.uuid4().hex[:8]}"
    group_create_later.apply_async((name, 0), queue="default")
    _left_behind["sent"] = name


def test_the_next_worker_test_starts_without_the_message_of_a_test_without_the_worker(celery_worker):
    if "sent" not in _left_behind:
        pytest.skip("checks what the test before it left behind")
    assert _queued("default") == 0
    assert _left_behind["sent"] not in _started
    assert not Group.objects.filter(name=_left_behind["sent"]).exists()
