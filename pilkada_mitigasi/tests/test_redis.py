"""The Celery broker and the Django cache live in separate Redis databases."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from pilkada_mitigasi import settings as settings_module
from pilkada_mitigasi.celery import app
from pilkada_mitigasi.tasks import heartbeat


def test_clearing_the_cache_keeps_a_queued_task_in_the_broker(db):
    # A queue of its own, so that no worker of the suite takes the message meanwhile.
    queue = f"test-cache-clear-{uuid.uuid4().hex[:8]}"
    cache.set("test:cache-clear", "soon gone")
    heartbeat.apply_async(queue=queue)
    try:
        cache.clear()
        assert cache.get("test:cache-clear") is None
        with app.connection_for_read() as connection:
            message = connection.SimpleQueue(queue).get(timeout=5)
            assert message.headers["task"] == heartbeat.name
            message.ack()
    finally:
        with app.connection_for_write() as connection:
            connection.SimpleQueue(queue).queue.delete()


def test_the_cache_defaults_to_the_next_database_of_the_brokers_server(settings):
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_CACHE_URL
    broker_db = settings_module._redis_db(settings.CELERY_BROKER_URL)
    assert settings_module._redis_db(settings.REDIS_CACHE_URL) != broker_db


@pytest.mark.parametrize(
    ("broker", "cache_url"),
    [
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/4", "redis://127.0.0.1:6379/5"),
        (
            "rediss://:secret@redis.example:6380/0?ssl_cert_reqs=required",
            "rediss://:secret@redis.example:6380/1?ssl_cert_reqs=required",
        ),
        ("unix:///run/redis/redis.sock?db=2", "unix:///run/redis/redis.sock?db=3"),
        ("unix:///run/redis/redis.sock", "unix:///run/redis/redis.sock?db=1"),
        (
            "sentinel://:secret@s1:26379/0;sentinel://s2:26379/0;sentinel://s3:26379/0",
            "sentinel://:secret@s1:26379/1;sentinel://s2:26379/1;sentinel://s3:26379/1",
        ),
    ],
)
def test_the_next_database_keeps_host_credentials_and_options(broker, cache_url):
    derived = settings_module._redis_url_with_db(broker, settings_module._redis_db(broker) + 1)
    assert derived == cache_url


def test_a_redis_url_with_a_database_that_is_not_a_number_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must be a number"):
        settings_module._redis_db("redis://127.0.0.1:6379/cache")


def test_a_sentinel_url_without_a_sentinel_address_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not a sentinel://host:port address"):
        settings_module._redis_url_checked("REDIS_URL", "sentinel://s1:26379/0;redis://s2:6379/0")
