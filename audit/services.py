"""Writes of the audit trail: record an access, run the retention rules."""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .choices import AccessKind, RetentionStatus
from .models import AccessRecord, RetentionRun
from .registry import retention_rules

logger = logging.getLogger(__name__)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP: REMOTE_ADDR, or the X-Forwarded-For hop a trusted proxy saw.

    The forwarded header is believed only when the direct peer is one of the
    proxies listed in ``TRUSTED_PROXIES``; the first untrusted hop from the right
    is the client, so a client cannot forge its address by sending the header.
    """
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = _trusted_networks()
    if remote is None or not _is_trusted(remote, trusted):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _valid_ip(hop)
        if address is None:
            return remote
        if not _is_trusted(address, trusted):
            return address
    return remote


def _trusted_networks():
    networks = []
    for entry in getattr(settings, "TRUSTED_PROXIES", ()) or ():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address: str, networks) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


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
