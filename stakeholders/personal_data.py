"""What the registry holds about a person (UU 27/2022 PDP), how it is erased, and import-file retention.

Collected by the audit app at start-up; the export and the erasure run through
services_pdp, which records both in the audit trail.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.registry import PersonalDataSection, RetentionRule, personal_data_register, retention_register

from .models import ContactPoint, ImportJob, Position

ERASED_NAME = "Dihapus (PDP) #{id}"


def _person_rows(*, person) -> list[dict]:
    return [
        {
            "id": person.pk,
            "nama_lengkap": person.full_name,
            "pangkat_gelar": person.honorific,
            "gelar_belakang": person.degrees,
            "catatan": person.notes,
            "dibuat": person.created_at,
            "diubah": person.updated_at,
        }
    ]


def _position_rows(*, person) -> list[dict]:
    positions = (
        Position.objects.filter(person=person).select_related("organisation", "area").order_by("start_date")
    )
    return [
        {
            "jabatan": position.get_office_display(),
            "organisasi": position.organisation.name,
            "wilayah": f"{position.area.code} {position.area.name}",
            "mulai": position.start_date,
            "sampai": position.end_date,
            "status": position.get_acting_display() if position.acting else "",
        }
        for position in positions
    ]


def _contact_rows(*, person) -> list[dict]:
    return [
        {
            "jenis": contact.get_kind_display(),
            "alamat_nomor": contact.value,
            "terverifikasi": contact.verified,
            "boleh_dikirimi_notifikasi": contact.notifiable,
            "urutan": contact.preference,
            "dibuat": contact.created_at,
        }
        for contact in ContactPoint.objects.filter(person=person).order_by("preference", "pk")
    ]


def _account_rows(*, person) -> list[dict]:
    user = person.user
    if user is None:
        return []
    return [
        {
            "nama_pengguna": user.get_username(),
            "nama_depan": user.first_name,
            "nama_belakang": user.last_name,
            "email": user.email,
            "aktif": user.is_active,
            "terakhir_masuk": user.last_login,
            "terdaftar": user.date_joined,
        }
    ]


def _registry_erase(*, person, by_user) -> int:
    """Anonymise the person, remove contacts (and their change history), end open positions."""
    today = timezone.localdate()
    removed, _counts = ContactPoint.objects.filter(person=person).delete()
    removed += ContactPoint.history.filter(person_id=person.pk).delete()[0]
    for position in Position.objects.filter(person=person).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    ):
        position.end_date = max(today, position.start_date)
        position.full_clean()
        position.save(update_fields=["end_date", "updated_at"])
    person.full_name = ERASED_NAME.format(id=person.pk)
    person.honorific = ""
    person.degrees = ""
    person.notes = ""
    person.full_clean()
    person.save()
    # The old names and notes live on in the change history: only the anonymised state stays.
    removed += person.history.filter(id=person.pk).exclude(full_name=person.full_name).delete()[0]
    return removed + 1


def _account_erase(*, person, by_user) -> int:
    """Disable the account and strip its name, e-mail and password (the row stays for the audit trail)."""
    user = person.user
    if user is None:
        return 0
    user.username = f"dihapus-pdp-{person.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return 1


personal_data_register(
    PersonalDataSection("person", _("Data orang"), export=_person_rows, erase=_registry_erase, order=10)
)
personal_data_register(PersonalDataSection("positions", _("Jabatan"), export=_position_rows, order=11))
personal_data_register(PersonalDataSection("contacts", _("Kontak"), export=_contact_rows, order=12))
personal_data_register(
    PersonalDataSection("account", _("Akun pengguna"), export=_account_rows, erase=_account_erase, order=13)
)


def _import_files_expire(*, now) -> list[str]:
    """Remove uploaded registry files (and their parsed rows) RETENTION_IMPORT_DAYS after the import ended."""
    days = settings.RETENTION_IMPORT_DAYS
    if not days:
        return []
    cutoff = now - timedelta(days=days)
    jobs = ImportJob.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    ).exclude(file="", rows=[])
    removed = []
    for job in jobs.select_for_update(skip_locked=True):
        if job.file:
            job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="", rows=[], errors={})
        removed.append(f"impor #{job.pk}")
    return removed


retention_register(RetentionRule("import_files", _("Berkas impor pemangku"), apply=_import_files_expire))
