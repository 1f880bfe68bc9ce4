"""Services of the daily situation report: record a request, build its files, send the morning report.

A report is a core background job (``core.jobs``): the request queues it after commit, the worker
claims it, writes its progress with a heartbeat and finishes it; a report whose worker died is
queued again by the beat task ``core.tasks.background_jobs_recover``. The morning report is built
by the beat task itself, and sent by whichever run finishes it (a recovered one too).
"""

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

from core.dbrouter import replica_reads
from core.jobs import job_enqueue, job_finish, job_progress, job_run
from notifications.services import notification_send
from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.choices import ForumKind
from stakeholders.selectors import forum_for_area, forum_seat_holders

from ..models import SituationReport
from .data import situation_data, situation_summary_json
from .labels import area_label, date_label
from .pdf import situation_pdf
from .xlsx import situation_xlsx

if TYPE_CHECKING:
    from regions.models import AdminUnit

logger = logging.getLogger(__name__)

# Areas a situation report is made for.
SITREP_LEVELS = (AdminLevel.KABUPATEN, AdminLevel.KECAMATAN)


@transaction.atomic
def situation_report_request(*, area: AdminUnit, day: date, by_user) -> SituationReport:
    """Record a report of ``area`` for ``day`` and queue it (the caller checked the area is in the user's scope)."""
    if area.level not in SITREP_LEVELS:
        raise ValidationError({"area": [_("Pilih kabupaten atau kecamatan.")]})
    if day > timezone.localdate():
        raise ValidationError({"date": [_("Tanggal laporan tidak boleh di masa depan.")]})
    report = SituationReport(date=day, area=area, area_code=area.code, created_by=by_user)
    report.full_clean()
    report.save()
    return job_enqueue(report)


# The parts of a build, in order; the progress bar counts them.
BUILD_STEPS = 3


def _build(report: SituationReport) -> None:
    """Gather the figures in the requester's scope, write the PDF and the XLSX, and finish the job."""
    area = adminunit_list().get(pk=report.area_id)
    with translation.override(settings.LANGUAGE_CODE):
        job_progress(report, done=0, total=BUILD_STEPS, message=_("Menghitung angka laporan."))
        # The figures are a read model: from the replica when there is one (core.dbrouter).
        with replica_reads():
            data = situation_data(area=area, day=report.date, user=report.created_by)
        job_progress(report, done=1, message=_("Menyusun PDF."))
        pdf = situation_pdf(data)
        job_progress(report, done=2, message=_("Menyusun XLSX."))
        xlsx = situation_xlsx(data)
    stem = f"laporan-situasi-{area.code}-{report.date:%Y%m%d}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    job_finish(
        report,
        message="",
        pdf=report.pdf.name,
        xlsx=report.xlsx.name,
        summary=situation_summary_json(data),
    )


def situation_report_run(*, report_id: int) -> str:
    """Build the report's PDF and XLSX in its requester's scope, with progress (a core job).

    Safe to run twice: only a queued report is built. A report whose worker died is queued again by
    ``core.jobs.jobs_recover`` and built by the next run; a morning report built that way is sent
    then. Returns how the run ended (``job_run``).
    """
    outcome = job_run(SituationReport, report_id, _build)
    if outcome == "done":
        report = SituationReport.objects.select_related("area").get(pk=report_id)
        if report.scheduled:
            situation_report_morning_send(report)
    return outcome


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
    """The morning message: the area and date, what needs a decision, casualties and the headline figures."""
    s = report.summary
    previous = s.get("previous", {})
    lines = [
        _("Laporan situasi harian %(area)s, %(date)s.")
        % {"area": area_label(report.area), "date": date_label(report.date)}
    ]
    if s.get("decisions"):
        lines.append(
            _(
                "Perlu keputusan: %(n)s laporan (%(unacked)s peringatan belum diterima, %(severe)s keparahan tinggi/kritis terbuka, %(legal)s lewat batas Bawaslu)."
            )
            % {
                "n": s["decisions"],
                "unacked": s.get("unacknowledged", 0),
                "severe": s.get("severe_open", 0),
                "legal": s.get("legal_overdue", 0),
            }
        )
    else:
        lines.append(_("Tidak ada laporan yang menunggu keputusan."))
    lines.append(
        _("Korban: %(injured)s luka, %(dead)s meninggal.")
        % {"injured": s.get("injured", 0), "dead": s.get("dead", 0)}
    )
    lines.append(
        _(
            "%(new)s insiden baru (kemarin %(p_new)s), %(warnings)s peringatan dini, "
            "%(open)s laporan terbuka (%(high)s tinggi/kritis), %(escalations)s eskalasi."
        )
        % {
            "new": s.get("new_incidents", 0),
            "p_new": previous.get("new_incidents", 0),
            "warnings": s.get("new_warnings", 0),
            "open": s.get("open", 0),
            "high": s.get("open_high", 0),
            "escalations": s.get("escalations", 0),
        }
    )
    return " ".join(str(line) for line in lines)


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
    # Built here, in the beat task, and sent by the run that built it. A report built before (this
    # task ran twice, or the send failed after the build) is sent again: its message's key dedupes.
    if situation_report_run(report_id=report.pk) != "done":
        report.refresh_from_db()
        situation_report_morning_send(report)
    report.refresh_from_db()
    return report


def situation_report_morning_send(report: SituationReport) -> SituationReport:
    """Send a built morning report to its area's Forkopimda (once per area and date; else nothing)."""
    if not report.scheduled or not report.is_done:
        return report
    area = report.area
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
        idempotency_key=f"sitrep|pagi|{area.code}|{report.date.isoformat()}",
        link=link,
        group_key=f"sitrep|{area.code}",
    )
    return report
