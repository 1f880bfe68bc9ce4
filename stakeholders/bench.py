"""Benchmark data of the registry: recipients with a verified contact (for ``manage.py bench_delivery``,
which removes them again when it is done)."""

from __future__ import annotations

from .choices import ContactKind
from .models import ContactPoint, Person


def recipients_bench_load(*, total: int, run: str) -> list[int]:
    """``total`` people named after the run, each with one verified Telegram contact; returns their ids."""
    created = Person.objects.bulk_create(
        [Person(full_name=f"Penerima Uji {run} {n}") for n in range(total)], batch_size=1000
    )
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(person=person, kind=ContactKind.TELEGRAM, value=str(10_000_000 + n), verified=True)
            for n, person in enumerate(created)
        ],
        batch_size=1000,
    )
    return [person.pk for person in created]


def recipients_bench_remove(*, person_ids: list[int]) -> None:
    """Remove the people ``recipients_bench_load`` created, and their contacts."""
    ContactPoint.objects.filter(person_id__in=person_ids).delete()
    Person.objects.filter(pk__in=person_ids).delete()
