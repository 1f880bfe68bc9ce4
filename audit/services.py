"""Writes of the audit trail: record an access, run the retention rules."""

from __future__ import annotations

import ipaddress
import logging

from django.db import models, transaction
from django.utils import timezone

from core.clientip import client_ip

from .choices import AccessKind, RetentionStatus
from .models import AccessRecord, RetentionRun
from .registry import retention_rules

logger = logging.getLogger(__name__)


def client_address(request) -> str | None:
    """The client's IP through the trusted-proxy rule of core.clientip (None if not an IP)."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def access_record(
    *,
    kind: str,
    by_user,
    object_type: str,
    object_id: object = "",
    object_repr: str = "",
    person_id: int | None = None,
    purpose: str = "",
    request=None,
    detail: dict | None = None,
) -> AccessRecord:
    """Write one access record (in the caller's transaction, so the read and its trace commit together)."""
    user = by_user if by_user is not None and getattr(by_user, "is_authenticated", False) else None
    record = AccessRecord(
        kind=kind,
        user=user,
        object_type=object_type[:60],
        object_id=str(object_id)[:40],
        object_repr=str(object_repr)[:120],
        person_id=person_id,
        purpose=(purpose or "")[:200],
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        detail=detail or {},
    )
    record.full_clean(exclude=["user"])
    record.save()
    return record


def access_record_object(
    *, kind: str, by_user, obj: models.Model, object_repr: str = "", request=None, **extra
) -> AccessRecord:
    """access_record for a model instance: its label and id name the object."""
    return access_record(
        kind=kind,
        by_user=by_user,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=object_repr or f"#{obj.pk}",
        request=request,
        **extra,
    )


def export_download_record(*, by_user, name: str, request=None, detail: dict | None = None) -> AccessRecord:
    """Record that a user downloaded an export (``name`` says which, e.g. "incidents.export")."""
    return access_record(
        kind=AccessKind.EXPORT,
        by_user=by_user,
        object_type=name,
        object_repr=name,
        request=request,
        detail=detail,
    )


def retention_run() -> RetentionRun:
    """Apply every registered retention rule, each in its own transaction, and keep the report.

    A rule that fails is reported and does not stop the others; the run is marked failed.
    """
    run = RetentionRun.objects.create()
    report: list[dict] = []
    failed: list[str] = []
    now = timezone.now()
    for rule in retention_rules():
        try:
            with transaction.atomic():
                removed = list(rule.apply(now=now))
        except Exception as exc:
            logger.exception("Retention rule %s failed", rule.name)
            failed.append(rule.name)
            report.append(
                {"rule": rule.name, "label": str(rule.label), "removed": 0, "error": str(exc)[:200]}
            )
            continue
        report.append(
            {"rule": rule.name, "label": str(rule.label), "removed": len(removed), "items": removed[:500]}
        )
        logger.info(
            "Retention rule %s removed %d item(s): %s", rule.name, len(removed), ", ".join(removed[:50])
        )
    total = sum(entry["removed"] for entry in report)
    RetentionRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        status=RetentionStatus.FAILED if failed else RetentionStatus.DONE,
        report=report,
        removed_total=total,
        error=(", ".join(failed))[:300],
    )
    run.refresh_from_db()
    return run
