"""Callables that old migrations name and that no live model uses any more."""

from __future__ import annotations

from django.utils import timezone


def situation_report_upload_to(instance, filename: str) -> str:
    """Kept because migration 0003 names it; the situation report and its live upload path moved to
    situation.models (the same path, so old and new files sit side by side)."""
    return (
        f"incidents/laporan-situasi/{instance.date:%Y/%m}/"
        f"{instance.area_code}-{instance.date:%Y%m%d}-{timezone.now():%H%M%S%f}-{filename}"
    )
