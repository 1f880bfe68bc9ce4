"""Pilkada Mitigasi: conflict-mitigation coordination for a kabupaten during a Pilkada."""

from .celery import app as celery_app

__all__ = ("celery_app",)
