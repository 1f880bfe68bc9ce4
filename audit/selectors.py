"""Reads of the audit trail, for kabupaten administrators (the permission is the scope)."""

from django.db.models import QuerySet

from .models import AccessRecord, RetentionRun


def access_record_list() -> QuerySet[AccessRecord]:
    """Every access record, newest first, with its user in the same query."""
    return AccessRecord.objects.select_related("user").order_by("-at", "-id")


def access_records_about_person(*, person_id: int) -> QuerySet[AccessRecord]:
    """The records naming a registry person as the subject (for the person's PDP export)."""
    return access_record_list().filter(person_id=person_id)


def retention_run_list() -> QuerySet[RetentionRun]:
    return RetentionRun.objects.order_by("-started_at")


def access_records_for_object(*, object_type: str, object_id: object, kind: str | None = None):
    """The records of one object, newest first (e.g. an incident's informant openings)."""
    records = access_record_list().filter(object_type=object_type, object_id=str(object_id))
    return records.filter(kind=kind) if kind else records
