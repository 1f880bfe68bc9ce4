"""The text of an escalation alert, its idempotency key, and moments as the messages print them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from incidents.choices import Severity
from regions.choices import AdminLevel

if TYPE_CHECKING:
    from incidents.models import Incident
    from regions.models import AdminUnit


def when_label(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return formats.date_format(timezone.localtime(moment), "j M Y H:i")


def escalation_message(
    incident: Incident, areas: dict[str, AdminUnit], *, step_number: int, steps: int
) -> tuple[str, str, str]:
    """(short text, long text, action) of an escalation alert, in the site's language.

    The action ("Mohon konfirmasi.") follows the short text on every channel until the alert is
    acknowledged; then the inbox shows who handled it instead.
    """
    with translation.override(settings.LANGUAGE_CODE):
        desa, kecamatan = areas.get(AdminLevel.DESA), areas.get(AdminLevel.KECAMATAN)
        place = _("Kecamatan %(kecamatan)s") % {"kecamatan": kecamatan.name if kecamatan else "-"}
        if desa is not None:
            place = f"{desa.name}, {place}"
        text = _("ESKALASI %(number)s: %(title)s (tingkat %(severity)s) di %(place)s.") % {
            "number": incident.number,
            "title": incident.title,
            "severity": incident.severity,
            "place": place,
        }
        long_text = "\n".join(
            [
                _("Kategori: %(category)s") % {"category": incident.category.name},
                _("Tingkat keparahan: %(severity)s") % {"severity": Severity(incident.severity).label},
                _("Waktu kejadian: %(when)s") % {"when": when_label(incident.occurred_at)},
                _("Langkah eskalasi %(n)s dari %(total)s.") % {"n": step_number, "total": steps},
                _(
                    "Buka tautan di bawah untuk mengonfirmasi bahwa Anda menangani; eskalasi berhenti setelah "
                    "konfirmasi pertama."
                ),
            ]
        )
        action = _("Mohon konfirmasi.")
    return text[:500], long_text, action


def escalation_message_key(*, incident_id: int, escalation_id: int, sequence: int, person_id: int) -> str:
    """The notifications idempotency key of one recipient's alert of one step run.

    notifications derives each delivery's key from it as ``<key>|<person id>|<channel>``, so every
    (incident, step, recipient, channel) is sent at most once.
    """
    return f"eskalasi|{incident_id}|{escalation_id}|{sequence}|{person_id}"


def acknowledged_note(*, who: str, at: datetime | None) -> str:
    """What every recipient's alert says once acknowledged: "Sudah ditangani oleh <who>, <when> WITA"."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Sudah ditangani oleh %(who)s, %(when)s WITA.") % {"who": who, "when": when_label(at)}


def additional_report_message(
    incident: Incident, areas: dict[str, AdminUnit], *, primary_number: str
) -> tuple[str, str]:
    """(short, long) of a "laporan tambahan": a further report of an event already alerted; no new page."""
    with translation.override(settings.LANGUAGE_CODE):
        desa = areas.get(AdminLevel.DESA)
        text = _(
            "LAPORAN TAMBAHAN untuk %(primary)s: %(number)s %(title)s (tingkat %(severity)s)%(place)s. "
            "Bagian dari kejadian yang sama; tidak perlu konfirmasi baru."
        ) % {
            "primary": primary_number,
            "number": incident.number,
            "title": incident.title,
            "severity": incident.severity,
            "place": f" di {desa.name}" if desa is not None else "",
        }
        long_text = _("Kategori: %(category)s") % {"category": incident.category.name}
    return text[:500], long_text


def additional_report_key(*, escalation_id: int, incident_id: int) -> str:
    return f"laporan-tambahan|{escalation_id}|{incident_id}"


def unreached_message(incident: Incident, *, step_number: int, missed: list[dict]) -> tuple[str, str]:
    """(short text, long text) telling the area's operators that a step reached not every seat holder."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "TIDAK TERJANGKAU: langkah %(n)s eskalasi %(number)s (%(title)s) tidak menjangkau %(people)s. "
            "Hubungi langsung dan perbaiki kontaknya."
        ) % {
            "n": step_number,
            "number": incident.number,
            "title": incident.title,
            "people": ", ".join(m["name"] for m in missed),
        }
        long_text = "\n".join(f"{m['name']}: {'; '.join(m['reasons']) or '-'}" for m in missed)
    return text[:500], long_text


def unreached_message_key(*, incident_id: int, escalation_id: int, sequence: int) -> str:
    """The idempotency key of the operators' notice about one run's unreached recipients."""
    return f"eskalasi-tak-terjangkau|{incident_id}|{escalation_id}|{sequence}"


def escalation_message_key_parse(key: str) -> tuple[int, int, int] | None:
    """(incident id, escalation id, sequence) of an ``escalation_message_key``; None for any other key."""
    parts = key.split("|")
    if len(parts) != 5 or parts[0] != "eskalasi":
        return None
    try:
        return int(parts[1]), int(parts[2]), int(parts[3])
    except ValueError:
        return None
