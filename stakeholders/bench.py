"""Benchmark data of the registry: people with verified contacts, for the bench and chaos commands of
other apps (``bench_delivery``, ``bench_escalation``, ``chaos_escalation``), which remove them again."""

from __future__ import annotations

from django.db.models import QuerySet

from .choices import ContactKind
from .models import AccountEvent, ContactPoint, Organisation, Person, Position


def people_bench_load(*, rows: list[tuple[str, list[tuple[str, str]]]]) -> list[Person]:
    """One person per (full name, contacts) row, each contact a verified (kind, value) in order of
    preference; two inserts whatever the count. Returns the people."""
    created = Person.objects.bulk_create(
        [Person(full_name=name) for name, _contacts in rows], batch_size=1000
    )
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(person=person, kind=kind, value=value, verified=True, preference=preference)
            for person, (_name, contacts) in zip(created, rows, strict=True)
            for preference, (kind, value) in enumerate(contacts, start=1)
        ],
        batch_size=1000,
    )
    return created


def people_bench_list(*, name_prefix: str) -> QuerySet[Person]:
    """The people a run loaded, by the prefix of their names."""
    return Person.objects.filter(full_name__startswith=name_prefix)


def people_bench_remove(*, name_prefix: str) -> dict[str, int]:
    """Remove the people a run loaded, with their contacts; what was deleted, by model label."""
    return people_bench_list(name_prefix=name_prefix).delete()[1]


def recipients_bench_load(*, total: int, run: str) -> list[int]:
    """``total`` people named after the run, each with one verified Telegram contact; returns their ids."""
    rows = [(f"Penerima Uji {run} {n}", [(ContactKind.TELEGRAM, str(10_000_000 + n))]) for n in range(total)]
    return [person.pk for person in people_bench_load(rows=rows)]


def recipients_bench_remove(*, person_ids: list[int]) -> None:
    """Remove the people ``recipients_bench_load`` created, and their contacts."""
    ContactPoint.objects.filter(person_id__in=person_ids).delete()
    Person.objects.filter(pk__in=person_ids).delete()


def registry_bench_remove(*, person_ids=(), organisation_ids=(), user_ids=()) -> dict[str, int]:
    """Remove what a benchmark made for its own accounts: the people (their positions, contacts and
    account events), the organisations and the user accounts, by id; what was deleted, by model label."""
    from django.contrib.auth import get_user_model

    counts: dict[str, int] = {}
    for queryset in (
        Position.objects.filter(person_id__in=person_ids),
        AccountEvent.objects.filter(person_id__in=person_ids),
        Person.objects.filter(pk__in=person_ids),
        Organisation.objects.filter(pk__in=organisation_ids),
        get_user_model().objects.filter(pk__in=user_ids),
    ):
        for label, n in queryset.delete()[1].items():
            counts[label] = counts.get(label, 0) + n
    return counts
