"""The audit trail's part of a person's data export: who opened their data, and what they opened."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .registry import PersonalDataSection, personal_data_register
from .selectors import access_record_list, access_records_about_person


def _row(record) -> dict:
    return {
        "waktu": record.at,
        "jenis": record.get_kind_display(),
        "oleh": record.user.get_username() if record.user else "sistem",
        "objek": f"{record.object_type} {record.object_repr}".strip(),
        "keperluan": record.purpose,
        "alamat_ip": record.ip_address or "",
    }


def _about_rows(*, person) -> list[dict]:
    return [_row(record) for record in access_records_about_person(person_id=person.pk)]


def _by_rows(*, person) -> list[dict]:
    if not person.user_id:
        return []
    return [_row(record) for record in access_record_list().filter(user_id=person.user_id)]


# No erase: the trail is append-only and holds no names, only ids and references.
personal_data_register(
    PersonalDataSection("audit_about", _("Catatan akses atas data orang ini"), export=_about_rows, order=90)
)
personal_data_register(
    PersonalDataSection("audit_by", _("Data terlindungi yang dibuka akunnya"), export=_by_rows, order=91)
)
