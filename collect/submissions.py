"""Reading a submission (KoboToolbox REST Services JSON, ODK Central webhook XML) into the report
form's fields. Pure reading plus lookups of reference data; nothing is written here.

The field names are those of the XLSForm (``collect.xlsform``), which are the report form's; a
field inside a group arrives as ``group/name`` and is read by its last part.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from defusedxml import ElementTree
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from incidents.choices import ConflictStage, IncidentKind, Severity, Source
from incidents.selectors import category_list
from regions.choices import AdminLevel
from regions.selectors import adminunit_find, pollingstation_by_number

# Fields of the form whose value the intake text shows, in this order, after title and chronology.
TEXT_FIELDS = (
    "kind",
    "category",
    "severity",
    "occurred_at",
    "known_at",
    "kecamatan",
    "desa",
    "tps_number",
    "location_description",
    "location",
    "parties_involved",
    "crowd_size",
    "injured",
    "dead",
    "damage",
)


class SubmissionError(ValueError):
    """The call holds no submission this endpoint can read."""


@dataclass
class Submission:
    external_id: str
    client_id: uuid.UUID | None
    values: dict[str, str]
    # (file name, URL to fetch it from, content type) of each attachment.
    attachments: list[tuple[str, str, str]] = field(default_factory=list)
    payload: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        head = "\n".join(v for v in (self.values.get("title", ""), self.values.get("chronology", "")) if v)
        rest = "\n".join(f"{name}: {self.values[name]}" for name in TEXT_FIELDS if self.values.get(name))
        return "\n\n".join(part for part in (head, rest) if part)


def _client_id(instance_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(instance_id.removeprefix("uuid:"))
    except ValueError:
        return None


def submission_from_kobo(payload: object) -> Submission:
    """A KoboToolbox REST Services submission (JSON): answers keyed by their path, ``meta/instanceID``,
    ``_attachments`` with ``filename`` and ``download_url``."""
    if not isinstance(payload, dict):
        raise SubmissionError("not a JSON object")
    instance = str(payload.get("meta/instanceID") or "")
    if not instance and payload.get("_uuid"):
        instance = f"uuid:{payload['_uuid']}"
    if not instance:
        raise SubmissionError("no meta/instanceID")
    values: dict[str, str] = {}
    for key, value in payload.items():
        if key.startswith(("_", "formhub/", "meta/")) or isinstance(value, (dict, list)) or value is None:
            continue
        values[key.rsplit("/", 1)[-1]] = str(value).strip()
    attachments = []
    for item in payload.get("_attachments") or []:
        if not isinstance(item, dict):
            continue
        name = str(item.get("filename") or "").rsplit("/", 1)[-1]
        url = str(item.get("download_url") or item.get("download_large_url") or "")
        if name and url:
            attachments.append((name, url, str(item.get("mimetype") or "")))
    return Submission(
        external_id=instance[:200],
        client_id=_client_id(instance),
        values=values,
        attachments=attachments,
        payload=payload,
    )


def submission_from_odk(payload: object, *, form_url: str) -> Submission:
    """An ODK Central webhook call (``{"type": "submission.create", "id": ..., "data": {"xml": ...}}``):
    the submission's XML; attachments are fetched from Central's API under ``form_url``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise SubmissionError("not an ODK Central webhook call")
    xml = payload["data"].get("xml")
    if not isinstance(xml, str) or not xml.strip():
        raise SubmissionError("no submission XML")
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml raises its own errors for entities, ParseError for bad XML
        raise SubmissionError(f"unreadable XML: {exc.__class__.__name__}") from exc
    values: dict[str, str] = {}
    instance = ""
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if len(element) or element is root:
            continue
        text = (element.text or "").strip()
        if tag == "instanceID":
            instance = text
        elif text:
            values[tag] = text
    instance = instance or str(payload.get("id") or "")
    if not instance:
        raise SubmissionError("no instanceID")
    attachments = []
    photo = values.get("photo")
    if photo and form_url:
        url = f"{form_url.rstrip('/')}/submissions/{quote(instance)}/attachments/{quote(photo)}"
        attachments.append((photo, url, ""))
    return Submission(
        external_id=instance[:200],
        client_id=_client_id(instance),
        values=values,
        attachments=attachments,
        payload=payload,
    )


def _moment(text: str) -> datetime | None:
    try:
        moment = parse_datetime(text.replace(" ", "T", 1)) if text else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment is not None and not (1900 <= moment.year <= 2100):
        return None
    return moment


def _number(text: str, *, low: int, high: int) -> int | None:
    try:
        value = int(float(text))
    except ValueError:
        return None
    return value if low <= value <= high else None


def submission_report_fields(submission: Submission) -> tuple[dict, list[str]]:
    """The keyword arguments of ``incident_submit`` read from the submission, and what is missing or
    wrong (a report is made only when nothing is; otherwise the submission waits as intake with
    whatever could be read)."""
    values = submission.values
    problems: list[str] = []
    fields: dict = {}
    kind = values.get("kind", "")
    fields["kind"] = kind if kind in IncidentKind.values else IncidentKind.INCIDENT
    chronology = values.get("chronology", "")
    title = values.get("title", "") or " ".join(chronology.split())[:120]
    if not chronology:
        problems.append(_("Kronologi kosong."))
    fields["title"], fields["chronology"] = title[:200], chronology
    category = category_list().filter(code=values.get("category", "")).first()
    if category is None:
        problems.append(_("Kategori tidak dikenal."))
    else:
        fields["category"] = category
    severity = _number(values.get("severity", ""), low=Severity.INFORMASI, high=Severity.KRITIS)
    if severity is None:
        problems.append(_("Tingkat keparahan harus 1 sampai 5."))
    else:
        fields["severity"] = severity
    occurred_at, known_at = _moment(values.get("occurred_at", "")), _moment(values.get("known_at", ""))
    if occurred_at is None:
        problems.append(_("Waktu kejadian tidak terbaca."))
    else:
        fields["occurred_at"] = occurred_at
        fields["known_at"] = known_at or occurred_at
    written = _moment(values.get("end", ""))
    if written is not None and written <= timezone.now():
        fields["reported_at"] = written
    kecamatan = adminunit_find(code=values.get("kecamatan", ""))
    desa = adminunit_find(code=values.get("desa", "")) if values.get("desa") else None
    if kecamatan is None or kecamatan.level != AdminLevel.KECAMATAN:
        problems.append(_("Kecamatan tidak dikenal."))
    elif desa is not None and (
        desa.level != AdminLevel.DESA or not desa.code.startswith(kecamatan.code + ".")
    ):
        problems.append(_("Desa/kelurahan tidak berada di kecamatan yang dipilih."))
    else:
        fields["area"] = desa or kecamatan
        number = _number(values.get("tps_number", ""), low=1, high=999)
        if number is not None and desa is not None:
            fields["polling_station"] = pollingstation_by_number(desa=desa, number=number)
    point = values.get("location", "").split()
    if len(point) >= 2:
        try:
            fields["lat"], fields["lng"] = float(point[0]), float(point[1])
        except ValueError:
            problems.append(_("Titik GPS tidak terbaca."))
    source = values.get("source", "")
    fields["source"] = source if source in Source.values else Source.PETUGAS_LAPANGAN
    stage = values.get("conflict_stage", "")
    fields["conflict_stage"] = stage if stage in ConflictStage.values else ConflictStage.PENCEGAHAN
    fields["location_description"] = values.get("location_description", "")[:300]
    fields["parties_involved"] = values.get("parties_involved", "")
    fields["damage"] = values.get("damage", "")
    fields["crowd_size"] = _number(values.get("crowd_size", ""), low=0, high=10_000_000)
    fields["injured"] = _number(values.get("injured", ""), low=0, high=100_000) or 0
    fields["dead"] = _number(values.get("dead", ""), low=0, high=100_000) or 0
    return fields, problems
