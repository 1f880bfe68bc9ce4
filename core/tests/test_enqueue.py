"""enqueue_on_commit: after commit only, and a broker outage at commit never undoes the commit."""

import logging
import uuid

import pytest
import redis
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from core.benchharness import free_port, use_broker
from core.tasks import enqueue_on_commit

pytestmark = pytest.mark.django_db(transaction=True)


@shared_task(name="core.tests.noop", ignore_result=True)
def noop(*args, **kwargs) -> None:
    """Never run: the tests read the message off the broker."""


def _waiting(queue: str) -> int:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL).llen(queue)


def test_the_task_is_sent_when_the_transaction_commits_and_not_before():
    queue = f"test-{uuid.uuid4().hex}"
    with transaction.atomic():
        enqueue_on_commit(noop, 1, "a", queue=queue, flag=True)
        assert _waiting(queue) == 0
    assert _waiting(queue) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back():
    queue = f"test-{uuid.uuid4().hex}"
    with transaction.atomic():
        enqueue_on_commit(noop, 1, queue=queue)
        transaction.set_rollback(True)
    assert _waiting(queue) == 0


def test_a_broker_outage_at_commit_keeps_the_commit_and_is_logged(caplog):
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"
    with caplog.at_level(logging.ERROR, logger="core.tasks"), use_broker(dead_broker):
        with transaction.atomic():
            get_user_model().objects.create(username="kept-despite-broker")
            enqueue_on_commit(noop, 7, queue="default")
        assert get_user_model().objects.filter(username="kept-despite-broker").exists()
    assert any("Could not enqueue core.tests.noop(7,)" in r.getMessage() for r in caplog.records)
