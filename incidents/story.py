"""A case told as a short story: what happened, when it became known, where it was referred, what
Bawaslu did, what was recommended or decided, how it ended. One sentence per fact, in the user's
language; read by the incident page, the per-incident PDF, the timeline notes and the recap export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .models import BawasluStep, Incident, Outcome, Referral


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def _moment(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def place_label(incident: Incident) -> str:
    """Where it happened: "Desa X, Kec. Y", "Kec. Y" or "<kabupaten> (tingkat kabupaten)"."""
    area = incident.area
    if area.level == "kabupaten":
        return _("%(name)s (tingkat kabupaten / tempat tidak diketahui)") % {"name": area.name}
    if area.level == "desa" and area.parent_id:
        return _("%(desa)s, Kec. %(kecamatan)s") % {"desa": area.name, "kecamatan": area.parent.name}
    return _("Kec. %(name)s") % {"name": area.name}


def bawaslu_step_sentence(step: BawasluStep) -> str:
    """ "Diregistrasi oleh Bawaslu pada 18 April 2019, nomor register 001/...; diteruskan ke KPU." """
    text = _("Bawaslu: %(state)s pada %(day)s") % {
        "state": step.get_state_display(),
        "day": _day(step.on_date),
    }
    if step.register_number:
        text += _(", nomor register %(number)s") % {"number": step.register_number}
    if step.forwarded_to:
        text += _(", diteruskan ke %(target)s") % {"target": step.get_forwarded_to_display()}
    text += "."
    if step.note:
        text += f" {step.note}"
    return text


def outcome_sentence(outcome: Outcome, stations: list | None = None) -> str:
    """ "Rekomendasi Pemungutan suara ulang (PSU) oleh Bawaslu ... : TPS 88 ...; surat suara Bupati;
    dilaksanakan 2 Desember 2024 pukul 07:00-13:00." """
    stations = stations if stations is not None else list(outcome.polling_stations.all())
    text = _("%(stage)s %(kind)s oleh %(by)s pada %(day)s") % {
        "stage": outcome.get_stage_display(),
        "kind": outcome.get_kind_display(),
        "by": outcome.issued_by,
        "day": _day(outcome.issued_on),
    }
    if outcome.document_number:
        text += _(" (nomor %(number)s)") % {"number": outcome.document_number}
    details = []
    places = [str(s) for s in stations] + ([outcome.place_note] if outcome.place_note else [])
    if places:
        details.append("; ".join(places))
    if outcome.ballot_types:
        details.append(_("surat suara %(ballots)s") % {"ballots": ", ".join(outcome.ballot_labels)})
    if outcome.held_on:
        when = _day(outcome.held_on)
        if outcome.starts_at and outcome.ends_at:
            when += _(" pukul %(start)s-%(end)s") % {
                "start": outcome.starts_at.strftime("%H:%M"),
                "end": outcome.ends_at.strftime("%H:%M"),
            }
        details.append(_("dilaksanakan %(when)s") % {"when": when})
    if outcome.sanction:
        details.append(
            _("sanksi %(sanction)s oleh %(by)s") % {"sanction": outcome.sanction, "by": outcome.sanctioned_by}
        )
    if details:
        text += ": " + "; ".join(details)
    text += "."
    if outcome.description:
        text += f" {outcome.description}"
    return text


def referral_sentence(referral: Referral) -> str:
    text = _("Dirujuk ke %(target)s pada %(day)s") % {
        "target": referral.get_target_display(),
        "day": _day(referral.referred_at),
    }
    if referral.register_number:
        text += _(", nomor register %(number)s") % {"number": referral.register_number}
    return text + "."


@dataclass(frozen=True)
class StoryLine:
    """One fact of the story, with the day it happened (the order of the story)."""

    when: date
    text: str
    kind: str


def incident_story(incident: Incident) -> list[StoryLine]:
    """The case as a short story, in the order things happened (reads prefetched relations)."""
    lines = [
        StoryLine(
            timezone.localtime(incident.occurred_at).date(),
            _("Terjadi %(when)s di %(place)s.")
            % {"when": _moment(incident.occurred_at), "place": place_label(incident)},
            "occurred",
        )
    ]
    if incident.known_at != incident.occurred_at:
        lines.append(
            StoryLine(
                timezone.localtime(incident.known_at).date(),
                _("Diketahui %(when)s (sumber: %(source)s).")
                % {"when": _moment(incident.known_at), "source": incident.get_source_display()},
                "known",
            )
        )
    for referral in incident.referrals.all():
        lines.append(
            StoryLine(
                timezone.localtime(referral.referred_at).date(), referral_sentence(referral), "referral"
            )
        )
    for step in incident.bawaslu_steps.all():
        lines.append(StoryLine(step.on_date, bawaslu_step_sentence(step), "bawaslu"))
    for outcome in incident.outcomes.all():
        lines.append(StoryLine(outcome.issued_on, outcome_sentence(outcome), "outcome"))
    if incident.resolved_at and incident.status in ("selesai", "ditutup"):
        if incident.handled_elsewhere_by:
            text = _("Selesai, ditangani %(body)s.") % {"body": incident.handled_elsewhere_by}
        elif incident.lead_organisation_id:
            text = _("Selesai, ditangani %(org)s.") % {"org": incident.lead_organisation}
        else:
            text = _("Selesai.")
        if incident.resolution_note:
            text += f" {incident.resolution_note}"
        lines.append(StoryLine(timezone.localtime(incident.resolved_at).date(), text, "resolved"))
    order = {"occurred": 0, "known": 1, "referral": 2, "bawaslu": 3, "outcome": 4, "resolved": 5}
    # The story's facts in the order they happened; on one day, in the order a case moves.
    return sorted(lines, key=lambda line: (line.when, order[line.kind]))
