"""The kerawanan on the map: the assessed risk measure, the live risk measure and the TPS-rawan
point layer, read through risk.selectors (instruments and their bands are the risk app's data)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.selectors import subtree_q
from risk.bands import band_for_score
from risk.selectors import (
    riskassessment_latest_per_place,
    riskassessment_visible_to,
    riskinstrument_by_recent_use,
    riskinstrument_live,
)

from .measures import (
    AreaValue,
    LegendEntry,
    MapPoint,
    MeasureFilter,
    MeasureQuery,
    MeasureResult,
    fold_to_targets,
    live_risk_sources,
)


def _assessed_risk_instrument(query: MeasureQuery):
    code = query.params.get("instrumen")
    if code:
        return riskinstrument_by_recent_use().filter(code=code).first()
    return riskinstrument_by_recent_use().first()


def assessed_risk_filters(user) -> list[MeasureFilter]:
    """The instrument choice of the assessed-risk measure, the most recently used first."""
    return [
        MeasureFilter("instrumen", _("Instrumen"), [(i.code, i.name) for i in riskinstrument_by_recent_use()])
    ]


def assessed_risk(query: MeasureQuery) -> MeasureResult:
    """The worst level of the newest assessment of each place in an area, as of the period's end.

    Each place (area or TPS) counts with its newest assessment dated on or before ``query.end``
    (the start of the period does not apply: an assessment stays in force until redone); an area
    takes the highest rank among the places in it, with the colour and label frozen in that row.
    """
    instrument = _assessed_risk_instrument(query)
    if instrument is None:
        return MeasureResult(areas={}, legend=[], note=str(_("Belum ada instrumen kerawanan.")))
    rows = riskassessment_latest_per_place(
        assessments=riskassessment_visible_to(query.user).filter(
            subtree_q(query.parent_code, "area__code"), instrument=instrument, as_of__lte=query.end
        )
    ).values_list("area__code", "level_rank", "level", "level_label", "level_color", "as_of")
    worst: dict[str, tuple] = {}
    counts: dict[str, int] = {}
    for code, rank, level, label, color, as_of in rows:
        target = query.target_of(code)
        if target is None:
            continue
        counts[target] = counts.get(target, 0) + 1
        if target not in worst or (rank, as_of) > (worst[target][0], worst[target][4]):
            worst[target] = (rank, level, label, color, as_of)
    areas = {
        code: AreaValue(
            rank,
            level,
            _("%(label)s (%(count)s penilaian, terbaru %(date)s)")
            % {"label": label, "count": counts[code], "date": as_of.strftime("%d/%m/%Y")},
            color,
        )
        for code, (rank, level, label, color, as_of) in worst.items()
    }
    legend = [LegendEntry(band["level"], band["label"], band["color"]) for band in instrument.bands]
    return MeasureResult(
        areas=areas,
        legend=legend,
        note=_("%(name)s, per %(date)s. Abu-abu: belum dinilai.")
        % {"name": instrument.name, "date": query.end.strftime("%d/%m/%Y")},
    )


# --- live risk (incidents weighted by the instrument's data) -------------------------------------
def _live_risk_instrument():
    return riskinstrument_live()


def live_risk(query: MeasureQuery) -> MeasureResult:
    """Per area: the sum over the last N days (ending at the period's end) of events x severity weight.

    N, the weights per severity and the bands are the ``parameters`` and ``bands`` of the active
    live-risk instrument; the period's start does not apply. Areas without events score 0.
    """
    instrument = _live_risk_instrument()
    if instrument is None:
        return MeasureResult(areas={}, legend=[], note=str(_("Instrumen risiko langsung tidak aktif.")))
    days = int(instrument.parameters.get("days", 14))
    weights = {int(k): Decimal(str(v)) for k, v in instrument.parameters.get("severity_weights", {}).items()}
    window = MeasureQuery(
        user=query.user,
        level=query.level,
        parent_code=query.parent_code,
        start=query.end - timedelta(days=days - 1),
        end=query.end,
        params=query.params,
    )
    rows = (
        (code, count * weights.get(int(severity), Decimal(1)))
        for source in live_risk_sources()
        for code, severity, count in source(window)
    )
    scores = fold_to_targets(window, rows)
    top = Decimal(str(instrument.bands[-1]["max"]))
    areas = {}
    for code in window.target_codes():
        score = scores.get(code, Decimal(0))
        try:
            _rank, band = band_for_score(instrument.bands, min(score, top))
        except ValidationError:
            continue
        areas[code] = AreaValue(
            score,
            band["level"],
            _("%(label)s (skor %(score)s)") % {"label": band["label"], "score": score},
            band["color"],
        )
    legend = [LegendEntry(band["level"], band["label"], band["color"]) for band in instrument.bands]
    return MeasureResult(
        areas=areas,
        legend=legend,
        note=_("Insiden %(days)s hari terakhir s.d. %(date)s, dibobot keparahan.")
        % {"days": days, "date": query.end.strftime("%d/%m/%Y")},
    )


# --- points: TPS with a kerawanan ----------------------------------------------------------------------
def tps_risk_points(query: MeasureQuery) -> Iterable[MapPoint]:
    """TPS with coordinates and an assessment, at their newest level as of the period's end (rank as severity)."""
    latest = riskassessment_latest_per_place(
        assessments=riskassessment_visible_to(query.user).filter(
            subtree_q(query.parent_code, "area__code"),
            polling_station__isnull=False,
            polling_station__lat__isnull=False,
            polling_station__lng__isnull=False,
            as_of__lte=query.end,
        )
    ).values_list(
        "id",
        "polling_station__number",
        "polling_station__lat",
        "polling_station__lng",
        "area__name",
        "level_label",
        "level_rank",
        "instrument__name",
        "thresholds",
    )
    url = reverse("risk:riskassessment_detail", args=[0])
    for pk, number, lat, lng, desa, level_label, rank, instrument, thresholds in latest:
        # Ranks run 1..len(bands); spread them over the 1-5 severity scale of the markers.
        severity = 1 + round(4 * (rank - 1) / max(1, len(thresholds) - 1))
        yield MapPoint(
            lat,
            lng,
            url.replace("/0/", f"/{pk}/"),
            _("TPS %(number)s %(desa)s: %(level)s (%(instrument)s)")
            % {"number": number, "desa": desa, "level": level_label, "instrument": instrument},
            severity,
        )
