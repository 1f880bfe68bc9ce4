"""The Inpres 2/2013 obligations of a serious incident: the regional head explains it to the public and
reports it upward (DOMAIN.md §2.4). When an incident reaches severity 4 or 5 (reported so, or raised
later), two tracked actions are created, once each: a public statement (a draft generated from the
incident; its approval and publication recorded) and a report upward (a generated letter; its sending
recorded). Each action is done when its last step is recorded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.choices import IncidentKind, Status
from regions.selectors import adminunit_find
from stakeholders.choices import Office
from stakeholders.selectors import position_current_list

from ..choices import ActionSource, ActionStatus, ApprovalBody, InpresKind
from ..models import InpresObligation, TrackedAction
from .actions import action_create, action_for_update, history_user_set

if TYPE_CHECKING:
    from incidents.models import Incident

# From this severity an incident carries the obligations (tinggi, kritis: DOMAIN.md §6.4).
INPRES_MIN_SEVERITY = 4
# Days to do each: the public is told promptly, the report goes up within days.
STATEMENT_DAYS = 1
REPORT_DAYS = 3
DEFAULT_RECIPIENT = "Gubernur Kalimantan Timur c.q. Kepala Badan Kesbangpol Provinsi Kalimantan Timur; Menteri Dalam Negeri c.q. Direktur Jenderal Politik dan Pemerintahan Umum"
# Offices that carry the obligations for the Bupati, first found first.
RESPONSIBLE_OFFICES = (Office.KABAN_KESBANGPOL, Office.KABID_WASPADNAS)


def inpres_applies(incident: Incident) -> bool:
    """Whether an incident carries the obligations now: an incident (not an early warning) of severity
    4-5, not rejected, not a past event entered afterwards."""
    return (
        incident.severity >= INPRES_MIN_SEVERITY
        and incident.kind == IncidentKind.INCIDENT
        and incident.status != Status.DITOLAK
        and not incident.is_historical
    )


def statement_draft(incident: Incident) -> str:
    """A first draft of the public statement, from the incident's recorded facts (to be edited)."""
    occurred = timezone.localtime(incident.occurred_at) if incident.occurred_at else None
    when = f"{occurred:%d/%m/%Y} {occurred:%H.%M} WITA" if occurred else _("waktu yang masih didalami")
    return _(
        "Pemerintah %(kabupaten)s menyampaikan bahwa pada %(when)s telah terjadi %(category)s "
        "di %(area)s (laporan %(number)s). Aparat keamanan bersama Forkopimda telah berada di lokasi "
        "dan menangani kejadian ini. Masyarakat diimbau tetap tenang, tidak terpancing informasi yang "
        "belum jelas kebenarannya, dan menyerahkan penanganan kepada pihak yang berwenang. "
        "Perkembangan penanganan akan disampaikan kembali."
    ) % {
        "kabupaten": _kabupaten_name(incident.area_code),
        "when": when,
        "category": incident.category.name.lower() if incident.category_id else incident.title,
        "area": incident.area.name,
        "number": incident.number,
    }


def _kabupaten_name(area_code: str) -> str:
    """ "Kabupaten Kutai Timur" or "Kota Bontang": the government that speaks for the incident's place."""
    kabupaten = adminunit_find(code=".".join(area_code.split(".")[:2]))
    return kabupaten.official_name if kabupaten else _("Kabupaten")


def _responsible():
    position = (
        position_current_list(offices=list(RESPONSIBLE_OFFICES)).order_by("office", "start_date").first()
    )
    return (position.person, position.organisation) if position else (None, None)


@transaction.atomic
def inpres_obligations_ensure(*, incident: Incident) -> list[InpresObligation]:
    """Create the obligations an incident lacks, when it carries them (``inpres_applies``); returns those
    created. Idempotent: the incident's row is locked by the incident service that runs this, and the
    database keeps one obligation per (incident, kind)."""
    if not inpres_applies(incident):
        return []
    have = set(InpresObligation.objects.filter(incident_id=incident.pk).values_list("kind", flat=True))
    missing = [kind for kind in (InpresKind.PERNYATAAN, InpresKind.LAPORAN) if kind not in have]
    if not missing:
        return []
    owner, organisation = _responsible()
    today = timezone.localdate()
    created = []
    for kind in missing:
        if kind == InpresKind.PERNYATAAN:
            title = _("Penjelasan kepada publik: %(number)s %(title)s")
            source, days = ActionSource.INPRES_PERNYATAAN, STATEMENT_DAYS
        else:
            title = _("Laporan ke provinsi / Kemendagri: %(number)s %(title)s")
            source, days = ActionSource.INPRES_LAPORAN, REPORT_DAYS
        action = action_create(
            title=(title % {"number": incident.number, "title": incident.title})[:300],
            due_date=today + timedelta(days=days),
            area=incident.area,
            by_user=None,
            owner=owner,
            organisation=organisation,
            source=source,
            source_label=_("Inpres 2/2013, insiden tingkat %(severity)s") % {"severity": incident.severity},
            incidents=[incident],
        )
        obligation = InpresObligation(
            action=action,
            incident_id=incident.pk,
            kind=kind,
            text=statement_draft(incident) if kind == InpresKind.PERNYATAAN else "",
            recipient=DEFAULT_RECIPIENT if kind == InpresKind.LAPORAN else "",
        )
        obligation.full_clean(validate_constraints=False)
        obligation.save()
        created.append(obligation)
    return created


def coordination_on_incident_event(*, incident, event) -> None:
    """The incident hook: every recorded change of an incident of severity 4-5 makes sure its
    obligations exist (a change that does not touch severity finds them there: one query)."""
    if incident.severity >= INPRES_MIN_SEVERITY:
        inpres_obligations_ensure(incident=incident)


def coordination_on_incidents_removed(*, incidents) -> None:
    """The removal hook: reports deleted for good (a benchmark's) take the actions linked to them along."""
    TrackedAction.objects.filter(incidents__in=incidents).delete()


def _locked(obligation: InpresObligation) -> InpresObligation:
    locked = InpresObligation.objects.select_for_update().select_related("action").get(pk=obligation.pk)
    if locked.action.status == ActionStatus.BATAL:
        raise ValidationError(_("Tindak lanjut ini sudah dibatalkan."))
    return locked


def _finish(obligation: InpresObligation, *, by_user, note: str) -> None:
    action = action_for_update(action=obligation.action)
    if action.status != ActionStatus.SELESAI:
        action.status = ActionStatus.SELESAI
        action.completed_at = timezone.now()
        action.status_note = note
        history_user_set(action, by_user)
        action.save()


def _not_future(value: datetime, field: str) -> None:
    if value > timezone.now() + timedelta(minutes=5):
        raise ValidationError({field: [_("Waktu tidak boleh di masa depan.")]})


@transaction.atomic
def inpres_statement_approve(
    *, obligation: InpresObligation, text: str, body: str, approver_name: str, approved_at: datetime, by_user
) -> InpresObligation:
    """Record the approved text of the public statement and who approved it (the Bupati's office or
    Kesbangpol), and when; the action is then in progress."""
    obligation = _locked(obligation)
    if obligation.kind != InpresKind.PERNYATAAN:
        raise ValidationError(_("Hanya penjelasan kepada publik yang disetujui."))
    if not (text or "").strip():
        raise ValidationError({"text": [_("Naskah wajib diisi.")]})
    if body not in ApprovalBody.values:
        raise ValidationError({"body": [_("Pilih yang menyetujui.")]})
    _not_future(approved_at, "approved_at")
    obligation.text = text.strip()
    obligation.approved_by_body = body
    obligation.approver_name = (approver_name or "").strip()
    obligation.approved_at = approved_at
    obligation.recorded_by = by_user
    obligation.full_clean()
    history_user_set(obligation, by_user)
    obligation.save()
    action = action_for_update(action=obligation.action)
    if action.status == ActionStatus.TERBUKA:
        action.status = ActionStatus.BERJALAN
        history_user_set(action, by_user)
        action.save()
    return obligation


@transaction.atomic
def inpres_statement_publish(
    *, obligation: InpresObligation, published_at: datetime, link: str, by_user
) -> InpresObligation:
    """Record that the approved statement was published (when, where); the action is then done."""
    obligation = _locked(obligation)
    if obligation.kind != InpresKind.PERNYATAAN:
        raise ValidationError(_("Hanya penjelasan kepada publik yang dipublikasikan."))
    if obligation.approved_at is None:
        raise ValidationError(_("Catat persetujuan naskah lebih dulu."))
    _not_future(published_at, "published_at")
    if published_at < obligation.approved_at:
        raise ValidationError({"published_at": [_("Publikasi tidak boleh sebelum persetujuan.")]})
    obligation.published_at = published_at
    obligation.publication_link = (link or "").strip()
    obligation.recorded_by = by_user
    obligation.full_clean()
    history_user_set(obligation, by_user)
    obligation.save()
    _finish(
        obligation,
        by_user=by_user,
        note=_("Dipublikasikan: %(link)s") % {"link": obligation.publication_link or "-"},
    )
    return obligation


@transaction.atomic
def inpres_report_send(
    *, obligation: InpresObligation, recipient: str, letter_number: str, sent_at: datetime, by_user
) -> InpresObligation:
    """Record that the report went upward (to whom, the letter's number, when); the action is then done."""
    obligation = _locked(obligation)
    if obligation.kind != InpresKind.LAPORAN:
        raise ValidationError(_("Hanya laporan ke atas yang dikirim."))
    if not (recipient or "").strip():
        raise ValidationError({"recipient": [_("Tujuan laporan wajib diisi.")]})
    if not (letter_number or "").strip():
        raise ValidationError({"letter_number": [_("Nomor surat wajib diisi.")]})
    _not_future(sent_at, "sent_at")
    obligation.recipient = recipient.strip()
    obligation.letter_number = letter_number.strip()
    obligation.sent_at = sent_at
    obligation.recorded_by = by_user
    obligation.full_clean()
    history_user_set(obligation, by_user)
    obligation.save()
    _finish(
        obligation, by_user=by_user, note=_("Surat %(number)s dikirim") % {"number": obligation.letter_number}
    )
    return obligation
