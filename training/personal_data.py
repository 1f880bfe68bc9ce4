"""What the Bimtek holds about a person (UU 27/2022 PDP): registrations, attendance, certificates."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from audit.registry import PersonalDataSection, personal_data_register

from .models import Certificate, Registration


def _registration_rows(*, person) -> list[dict]:
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("programme", "certificate")
        .annotate(present=Count("attendances", filter=Q(attendances__checked_in_at__isnull=False)))
        .order_by("created_at")
    )
    rows = []
    for registration in registrations:
        certificate = getattr(registration, "certificate", None)
        rows.append(
            {
                "program": registration.programme.title,
                "peran": registration.get_role_display(),
                "status": registration.get_status_display(),
                "kode_tiket": registration.ticket_code,
                "kehadiran_tercatat": registration.present,
                "sertifikat": certificate.code if certificate else "",
                "sertifikat_terbit": certificate.issued_at if certificate else None,
                "sertifikat_dicabut": certificate.revoked_at if certificate else None,
            }
        )
    return rows


def _certificates_erase(*, person, by_user) -> int:
    """Delete stored certificate PDFs, which print the name (a download renders the anonymised one)."""
    removed = 0
    for certificate in Certificate.objects.filter(registration__person=person).exclude(pdf=""):
        certificate.pdf.delete(save=False)
        Certificate.objects.filter(pk=certificate.pk).update(pdf="")
        removed += 1
    return removed


personal_data_register(
    PersonalDataSection(
        "trainings", _("Bimtek yang diikuti"), export=_registration_rows, erase=_certificates_erase, order=30
    )
)
