"""Services of the daily situation report: record a request, build its files, send the morning report."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.choices import ExportStatus
from notifications.services import notification_send
from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.choices import ForumKind
from stakeholders.selectors import forum_for_area, forum_seat_holders

from ..models import SituationReport
from .report import (
    area_label,
    date_label,
    situation_data,
    situation_pdf,
    situation_summary_json,
    situation_xlsx,
)

if TYPE_CHECKING:
    from regions.models import AdminUnit

logger = logging.getLogger(__name__)

# A build still "running" after this lost its worker (the task's hard limit is 660 s).
STALLED_AFTER = timedelta(minutes=15)
# Areas a situation report is made for.
SITREP_LEVELS = (AdminLevel.KABUPATEN, AdminLevel.KECAMATAN)


@transaction.atomic
def situation_report_request(*, area: AdminUnit, day: date, by_user) -> SituationReport:
    """Record a pending report of ``area`` for ``day`` (the caller checked the area is in the user's scope)."""
    if area.level not in SITREP_LEVELS:
        raise ValidationError({"area": [_("Pilih kabupaten atau kecamatan.")]})
    if day > timezone.localdate():
        raise ValidationError({"date": [_("Tanggal laporan tidak boleh di masa depan.")]})
    report = SituationReport(date=day, area=area, area_code=area.code, requested_by=by_user)
    report.full_clean()
    report.save()
    return report


def _progress(report_id: int, percent: int) -> None:
    SituationReport.objects.filter(pk=report_id).update(progress=percent)


def situation_report_run(*, report_id: int) -> SituationReport:
    """Build the report's PDF and XLSX in its requester's scope, updating ``progress`` as parts are done.

    Safe to run twice: a report already built or being built is left alone, unless its build has
    run longer than the task's hard time limit (a worker died), when it is built again.
    """
    with transaction.atomic():
        report = SituationReport.objects.select_for_update().get(pk=report_id)
        stalled = report.status == ExportStatus.RUNNING and (
            report.started_at is None or report.started_at < timezone.now() - STALLED_AFTER
        )
        if report.status == ExportStatus.DONE or (report.status == ExportStatus.RUNNING and not stalled):
            return report
        report.status = ExportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 5
        report.save(update_fields=["status", "started_at", "progress"])
    area = adminunit_list().get(pk=report.area_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            data = situation_data(area=area, day=report.date, user=report.requested_by)
            _progress(report_id, 50)
            pdf = situation_pdf(data)
            _progress(report_id, 75)
            xlsx = situation_xlsx(data)
    except Exception as exc:
        SituationReport.objects.filter(pk=report_id).update(status=ExportStatus.FAILED, error=str(exc)[:300])
        raise
    report.refresh_from_db()
    stem = f"laporan-situasi-{area.code}-{report.date:%Y%m%d}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.summary = situation_summary_json(data)
    report.status = ExportStatus.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["pdf", "xlsx", "summary", "status", "progress", "finished_at"])
    return report


def situation_report_recipients(*, area: AdminUnit) -> list:
    """The people holding a seat of the area's Forkopimda today (empty when there is no such forum)."""
    forum = forum_for_area(kind=ForumKind.FORKOPIMDA, area=area)
    if forum is None:
        return []
    people: dict[int, Any] = {}  # person id -> person
    for _seat, positions in forum_seat_holders(forum=forum):
        for position in positions:
            people.setdefault(position.person_id, position.person)
    return list(people.values())


def situation_report_message(report: SituationReport) -> str:
    """The short text of the morning message: the area, the date and the headline figures."""
    s = report.summary
    return _(
        "Laporan situasi harian %(area)s, %(date)s: %(new)s insiden baru, %(warnings)s peringatan dini, "
        "%(open)s laporan terbuka (%(high)s tinggi/kritis), %(escalations)s eskalasi."
    ) % {
        "area": area_label(report.area),
        "date": date_label(report.date),
        "new": s.get("new_incidents", 0),
        "warnings": s.get("new_warnings", 0),
        "open": s.get("open", 0),
        "high": s.get("open_high", 0),
        "escalations": s.get("escalations", 0),
    }


def situation_report_morning(*, day: date | None = None) -> SituationReport | None:
    """Build yesterday's kabupaten report (once per date) and send it to the Forkopimda's holders.

    The report row is unique per (date, area) among scheduled reports and the message's
    idempotency key is per area and date, so a second run the same morning sends nothing new.
    """
    day = day or timezone.localdate() - timedelta(days=1)
    area = adminunit_list().filter(code=settings.SITREP_MORNING_AREA).first()
    if area is None:
        logger.warning("situation report: area %s not loaded", settings.SITREP_MORNING_AREA)
        return None
    report, _created = SituationReport.objects.get_or_create(
        date=day, area=area, scheduled=True, defaults={"area_code": area.code}
    )
    if not report.is_done:
        report = situation_report_run(report_id=report.pk)
    if not report.is_done:
        return report
    recipients = situation_report_recipients(area=area)
    if not recipients:
        logger.warning("situation report %s: the Forkopimda of %s has no holders", report.pk, area.code)
        return report
    link = f"{settings.SITE_URL}{report.get_absolute_url()}"
    with translation.override(settings.LANGUAGE_CODE):
        text = situation_report_message(report)
    notification_send(
        text=f"{text} {link}",
        recipients=recipients,
        idempotency_key=f"sitrep|pagi|{area.code}|{day.isoformat()}",
        link=link,
        group_key=f"sitrep|{area.code}",
    )
    return report
