"""Services of the daily situation report: record a request, build its files."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regions.choices import AdminLevel
from regions.models import AdminUnit

from .choices import ExportStatus
from .models import SituationReport

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

    Safe to run twice: a report already built or being built is left alone.
    """
    from .sitrep import situation_data, situation_pdf, situation_summary_json, situation_xlsx

    with transaction.atomic():
        report = SituationReport.objects.select_for_update().get(pk=report_id)
        if report.status in (ExportStatus.DONE, ExportStatus.RUNNING):
            return report
        report.status = ExportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 5
        report.save(update_fields=["status", "started_at", "progress"])
    area = AdminUnit.objects.defer("boundary").get(pk=report.area_id)
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
