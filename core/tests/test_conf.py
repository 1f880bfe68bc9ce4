"""The shared settings accessors read the settings when called, so a changed setting is seen."""

from core import conf


def test_kabupaten_code_follows_the_setting(settings):
    assert conf.kabupaten_code() == "64.08"
    settings.KABUPATEN_CODE = "64.09"
    assert conf.kabupaten_code() == "64.09"


def test_queue_names_come_from_the_settings(settings):
    settings.CELERY_QUEUE_CRITICAL = "kritis"
    settings.CELERY_QUEUE_DEFAULT = "biasa"
    assert conf.queues() == ["kritis", "biasa"]


def test_every_routed_task_and_schedule_uses_one_of_the_two_queues(settings):
    named = {settings.CELERY_QUEUE_CRITICAL, settings.CELERY_QUEUE_DEFAULT}
    assert settings.CELERY_TASK_DEFAULT_QUEUE == settings.CELERY_QUEUE_DEFAULT
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} <= named
    assert {entry["options"]["queue"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= named
