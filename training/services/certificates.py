"""Certificates: who is eligible, the PDF with its verification QR code, issuing one or all in the
background, revoking."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.choices import ACTIVE_JOB_STATUSES
from core.jobs import job_enqueue, job_finish, job_progress, job_run
from core.pdf import FAMILY, Document
from core.qrcodes import qr_image

from ..choices import ACTIVE_STATUSES, PRESENT_STATUSES, RegistrationRole, TestKind
from ..models import Certificate, CertificateJob, Programme, Registration, TestAttempt
from .history import history_reason_set, history_user_set
from .programmes import programme_dates_label

logger = logging.getLogger(__name__)


@dataclass
class Eligibility:
    eligible: bool
    reason: str
    attended: int
    sessions: int


def certificate_eligibility_map(*, programme: Programme) -> dict[int, Eligibility]:
    """Eligibility of every peserta of a programme; three queries whatever the size."""
    sessions = programme.sessions.count()
    registrations = (
        Registration.objects.filter(
            programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
        )
        .annotate(attended=Count("attendances", filter=Q(attendances__status__in=PRESENT_STATUSES)))
        .values_list("id", "attended")
    )
    post_scores = dict(
        TestAttempt.objects.filter(registration__programme=programme, kind=TestKind.POST).values_list(
            "registration_id", "score"
        )
    )
    result = {}
    for reg_id, attended in registrations:
        percent = attended * 100 / sessions if sessions else 0
        if percent < programme.attendance_threshold:
            result[reg_id] = Eligibility(
                False,
                _("Kehadiran %(pct)s%% di bawah syarat %(min)s%%.")
                % {"pct": round(percent), "min": programme.attendance_threshold},
                attended,
                sessions,
            )
            continue
        if programme.pass_mark is not None:
            score = post_scores.get(reg_id)
            if score is None or score < programme.pass_mark:
                result[reg_id] = Eligibility(
                    False,
                    _("Nilai post-test %(score)s di bawah nilai lulus %(min)s.")
                    % {"score": "-" if score is None else score, "min": programme.pass_mark},
                    attended,
                    sessions,
                )
                continue
        result[reg_id] = Eligibility(True, "", attended, sessions)
    return result


def certificate_eligibility(*, registration: Registration) -> Eligibility:
    """Whether one registration may receive a certificate, and why not."""
    if registration.role != RegistrationRole.PESERTA or registration.status not in ACTIVE_STATUSES:
        return Eligibility(False, _("Hanya peserta aktif yang menerima sertifikat."), 0, 0)
    return certificate_eligibility_map(programme=registration.programme)[registration.pk]


def certificate_verify_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificate_verify', args=[code])}"


@dataclass
class CertificateTemplate:
    """What every certificate prints from the settings: logos, and the signatory with their signature."""

    logo_left: str
    logo_right: str
    signature: str
    signatory_name: str
    signatory_title: str


def _image_path(setting: str) -> str:
    path = getattr(settings, setting, "") or ""
    if path and not Path(path).is_file():
        # A logo missing on a new server must not stop certificates; the log says which one.
        logger.warning("%s=%s is not a file; the certificate is printed without it", setting, path)
        return ""
    return path


def certificate_template() -> CertificateTemplate:
    """The certificate template from the settings (``CERTIFICATE_*``); a missing image file is left out."""
    return CertificateTemplate(
        logo_left=_image_path("CERTIFICATE_LOGO_PATH"),
        logo_right=_image_path("CERTIFICATE_LOGO_RIGHT_PATH"),
        signature=_image_path("CERTIFICATE_SIGNATURE_PATH"),
        signatory_name=settings.CERTIFICATE_SIGNATORY_NAME,
        signatory_title=settings.CERTIFICATE_SIGNATORY_TITLE,
    )


def certificate_pdf_render(*, certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF with its verification code and QR code."""
    registration = certificate.registration
    programme = registration.programme
    pdf = Document(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(30, 64, 120)
    pdf.set_line_width(1.5)
    pdf.rect(8, 8, 281, 194)
    template = certificate_template()
    if template.logo_left:
        pdf.image(template.logo_left, x=20, y=14, w=24, h=24, keep_aspect_ratio=True)
    if template.logo_right:
        pdf.image(template.logo_right, x=253, y=14, w=24, h=24, keep_aspect_ratio=True)
    pdf.set_font(FAMILY, "B", 30)
    pdf.set_y(24)
    pdf.cell(0, 14, _("SERTIFIKAT"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(0, 8, _("diberikan kepada"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 24)
    pdf.cell(0, 14, str(registration.person), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(
        0,
        8,
        _("sebagai %(role)s pada Bimtek") % {"role": registration.get_role_display()},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FAMILY, "B", 15)
    pdf.set_x(30)
    pdf.multi_cell(237, 8, programme.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    details = _("%(venue)s, %(dates)s, %(jp)s JP") % {
        "venue": programme.venue,
        "dates": programme_dates_label(programme),
        "jp": programme.lesson_hours,
    }
    pdf.cell(0, 8, details, align="C", new_x="LMARGIN", new_y="NEXT")
    if programme.organiser_id:
        pdf.cell(
            0,
            7,
            _("Penyelenggara: %(org)s") % {"org": programme.organiser.name},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    url = certificate_verify_url(certificate.code)
    qr = io.BytesIO(qr_image(url, kind="png", scale=5))
    pdf.image(qr, x=22, y=142, w=42, h=42)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(18, 185)
    pdf.cell(60, 5, _("Kode verifikasi: %(code)s") % {"code": certificate.code})
    pdf.set_xy(18, 190)
    pdf.cell(60, 5, url)
    pdf.set_font(FAMILY, "", 12)
    pdf.set_xy(180, 150)
    pdf.cell(
        90,
        6,
        date_format(timezone.localtime(certificate.issued_at).date(), "j F Y"),
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.cell(
        90,
        6,
        programme.signatory_title or template.signatory_title,
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    if template.signature:
        pdf.image(template.signature, x=205, y=pdf.get_y() + 1, h=15, keep_aspect_ratio=True, w=40)
    pdf.set_xy(180, pdf.get_y() + 16)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(90, 6, programme.signatory_name or template.signatory_name, align="C")
    return pdf.to_bytes()


def programme_ends_at(programme: Programme) -> datetime:
    """When the programme is over: the end of its last session, or the end of its last day without one."""
    last = programme.sessions.order_by("-date", "-end_time").first()
    if last is not None:
        return timezone.make_aware(datetime.combine(last.date, last.end_time))
    return timezone.make_aware(datetime.combine(programme.end_date + timedelta(days=1), time(0)))


def certificate_issue_open_check(
    *, programme: Programme, early_reason: str = "", now: datetime | None = None
) -> str:
    """Refuse certificates before the programme is over unless an early-issue reason is given; returns
    the history note to record ("" when the programme is over)."""
    now = now or timezone.now()
    ends = programme_ends_at(programme)
    if now >= ends:
        return ""
    reason = (early_reason or "").strip()
    if not reason:
        local = timezone.localtime(ends)
        raise ValidationError(
            {
                "early_reason": _(
                    "Bimtek belum selesai (selesai %(date)s pukul %(time)s). Sertifikat diterbitkan "
                    "setelah Bimtek selesai, atau isi alasan penerbitan lebih awal."
                )
                % {"date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H.%M")}
            },
            code="not_ended",
        )
    return _("Diterbitkan sebelum Bimtek selesai: %(reason)s") % {"reason": reason[:200]}


def _certificate_create(
    *, registration: Registration, by_user, now: datetime, history_note: str = ""
) -> Certificate:
    certificate = Certificate(registration=registration, issued_at=now, issued_by=by_user)
    certificate.registration = registration
    content = certificate_pdf_render(certificate=certificate)
    certificate.pdf.name = default_storage.save(
        f"training/certificates/{registration.programme_id}/{certificate.code}.pdf", ContentFile(content)
    )
    history_user_set(certificate, by_user)
    if history_note:
        history_reason_set(certificate, history_note)
    certificate.save()
    return certificate


@transaction.atomic
def certificate_issue(*, registration: Registration, by_user=None, early_reason: str = "") -> Certificate:
    """Issue one participant's certificate; refuses someone not eligible or already certified, and
    any certificate before the programme is over unless an early-issue reason is recorded."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("programme__organiser", "person")
        .get(pk=registration.pk)
    )
    if Certificate.objects.filter(registration=registration).exists():
        raise ValidationError(_("%(person)s sudah memiliki sertifikat.") % {"person": registration.person})
    eligibility = certificate_eligibility(registration=registration)
    if not eligibility.eligible:
        raise ValidationError(
            _("%(person)s belum memenuhi syarat sertifikat: %(reason)s")
            % {"person": registration.person, "reason": eligibility.reason}
        )
    now = timezone.now()
    note = certificate_issue_open_check(programme=registration.programme, early_reason=early_reason, now=now)
    return _certificate_create(registration=registration, by_user=by_user, now=now, history_note=note)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by_user=None) -> Certificate:
    """Revoke a certificate with a reason; it stays verifiable as revoked."""
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    if certificate.revoked_at is not None:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    history_user_set(certificate, by_user)
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate


@transaction.atomic
def certificate_job_start(*, programme: Programme, by_user=None, early_reason: str = "") -> CertificateJob:
    """Start issuing the programme's certificates in the background; one active job per programme, and
    none before the programme is over unless an early-issue reason is recorded."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    running = programme.certificate_jobs.filter(status__in=ACTIVE_JOB_STATUSES).first()
    if running is not None:
        return running
    certificate_issue_open_check(programme=programme, early_reason=early_reason)
    job = CertificateJob(programme=programme, created_by=by_user, early_reason=(early_reason or "").strip())
    job.full_clean()
    job.save()
    return job_enqueue(job)


def _certificate_job_issue(job: CertificateJob) -> None:
    programme = Programme.objects.select_related("organiser").get(pk=job.programme_id)
    eligibility = certificate_eligibility_map(programme=programme)
    certified = set(
        Certificate.objects.filter(registration__programme=programme).values_list(
            "registration_id", flat=True
        )
    )
    registrations = (
        Registration.objects.filter(pk__in=list(eligibility))
        .select_related("person")
        .order_by("person__full_name")
    )
    by_user = job.created_by
    now = timezone.now()
    note = certificate_issue_open_check(programme=programme, early_reason=job.early_reason, now=now)
    job_progress(job, done=0, total=len(eligibility))
    issued = skipped = 0
    for done, registration in enumerate(registrations.iterator(chunk_size=200), start=1):
        registration.programme = programme
        if eligibility[registration.pk].eligible and registration.pk not in certified:
            with transaction.atomic():
                _certificate_create(registration=registration, by_user=by_user, now=now, history_note=note)
            issued += 1
        else:
            skipped += 1
        job_progress(job, done=done)
    job_finish(job, issued=issued, skipped=skipped)


def certificate_job_run(*, job_id: int) -> str:
    """Issue every eligible, not yet certified peserta, with progress. Safe to run twice or after a crash:
    a queued job runs once, and certificates already issued are skipped."""
    return job_run(CertificateJob, job_id, _certificate_job_issue)
