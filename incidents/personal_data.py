"""What incidents hold about a person (UU 27/2022 PDP) and the retention of informants and evidence.

Incidents themselves stay whole after an erasure: the reporter and the person responsible
are registry people, anonymised there. What is removed here is the informant identity that
matches the person's phone numbers.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.registry import PersonalDataSection, RetentionRule, personal_data_register, retention_register

from .choices import Status
from .models import ConfidentialInformant, Evidence, Incident, IncidentNote
from .services import evidence_remove, informant_remove


def _national(number: str) -> str:
    """A phone number as its national digits (0812..., +62812..., 62812... all give 812...)."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("62"):
        digits = digits[2:]
    return digits.lstrip("0")


def _person_phones(person) -> set[str]:
    numbers = {_national(value) for value in person.contact_points.values_list("value", flat=True)}
    return {number for number in numbers if len(number) >= 8}


def _informants_of(person):
    phones = _person_phones(person)
    if not phones:
        return []
    return [
        informant
        for informant in ConfidentialInformant.objects.exclude(phone="").select_related("incident")
        if _national(informant.phone) in phones
    ]


def _reports_rows(*, person) -> list[dict]:
    who = Q(reporter_person=person) | (Q(reporter_id=person.user_id) if person.user_id else Q(pk__in=[]))
    incidents = Incident.objects.filter(who).select_related("area").order_by("reported_at")
    return [
        {
            "nomor": incident.number,
            "judul": incident.title,
            "jenis": incident.get_kind_display(),
            "status": incident.get_status_display(),
            "wilayah": incident.area.name,
            "dilaporkan": incident.reported_at,
        }
        for incident in incidents
    ]


def _responsible_rows(*, person) -> list[dict]:
    return [
        {"nomor": number, "judul": title, "status": status}
        for number, title, status in Incident.objects.filter(responsible_person=person)
        .order_by("reported_at")
        .values_list("number", "title", "status")
    ]


def _notes_rows(*, person) -> list[dict]:
    if not person.user_id:
        return []
    notes = IncidentNote.objects.filter(author_id=person.user_id).select_related("incident").order_by("pk")
    return [{"insiden": note.incident.number, "catatan": note.body} for note in notes]


def _informant_rows(*, person) -> list[dict]:
    return [
        {
            "insiden": informant.incident.number,
            "nama": informant.full_name,
            "telepon": informant.phone,
            "cara_menghubungi": informant.contact_note,
            "hubungan": informant.relation,
            "dicatat": informant.created_at,
        }
        for informant in _informants_of(person)
    ]


def _informant_erase(*, person, by_user) -> int:
    informants = _informants_of(person)
    for informant in informants:
        informant_remove(informant=informant, reason="pdp", by_user=by_user)
    return len(informants)


personal_data_register(
    PersonalDataSection("incidents_reported", _("Laporan yang dibuat"), export=_reports_rows, order=20)
)
personal_data_register(
    PersonalDataSection(
        "incidents_responsible", _("Insiden sebagai penanggung jawab"), export=_responsible_rows, order=21
    )
)
personal_data_register(
    PersonalDataSection("incident_notes", _("Catatan insiden yang ditulis"), export=_notes_rows, order=22)
)
personal_data_register(
    PersonalDataSection(
        "informant",
        _("Identitas sebagai pelapor rahasia"),
        export=_informant_rows,
        erase=_informant_erase,
        order=23,
    )
)


def _closed_before(days: int, now):
    return Q(incident__status=Status.DITUTUP, incident__closed_at__lt=now - timedelta(days=days))


def _informants_expire(*, now) -> list[str]:
    """Remove informant identities RETENTION_INFORMANT_DAYS after their incident was closed."""
    days = settings.RETENTION_INFORMANT_DAYS
    if not days:
        return []
    expired = ConfidentialInformant.objects.filter(_closed_before(days, now)).select_related("incident")
    return [informant_remove(informant=informant, reason="retensi") for informant in expired]


def _evidence_expire(*, now) -> list[str]:
    """Remove evidence files RETENTION_EVIDENCE_DAYS after their incident was closed."""
    days = settings.RETENTION_EVIDENCE_DAYS
    if not days:
        return []
    expired = Evidence.objects.filter(_closed_before(days, now)).select_related("incident").order_by("pk")
    return [evidence_remove(evidence=evidence, reason="retensi") for evidence in expired]


retention_register(
    RetentionRule("incident_informants", _("Identitas pelapor rahasia"), apply=_informants_expire)
)
retention_register(RetentionRule("incident_evidence", _("Berkas bukti insiden"), apply=_evidence_expire))
