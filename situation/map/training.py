"""The Bimtek coverage measure on the map: Tiga Pilar seats with someone trained, read through
training.selectors (training knows nothing of the map)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from training.selectors import tiga_pilar_seats_by_area

from .measures import AreaValue, LegendEntry, MeasureQuery, MeasureResult, fold_to_targets

# Low coverage is the warning colour: red (nobody trained) to green (every seat trained).
COVERAGE_BANDS = (
    (20, "#d7191c"),
    (40, "#fdae61"),
    (60, "#ffffbf"),
    (80, "#a6d96a"),
    (100, "#1a9641"),
)


def training_coverage_measure(query: MeasureQuery) -> MeasureResult:
    """Per area: the share of Tiga Pilar seats (Kepala Desa/Lurah, Babinsa, Bhabinkamtibmas) held
    today whose holder attended a Bimtek session as a participant. Areas without seats: no data.
    The period does not apply (coverage is as of today)."""
    rows = tiga_pilar_seats_by_area()
    seats = fold_to_targets(query, ((code, n) for code, n, _done in rows))
    trained = fold_to_targets(query, ((code, done) for code, _n, done in rows))
    legend = []
    low = 0
    for index, (high, color) in enumerate(COVERAGE_BANDS):
        legend.append(LegendEntry(f"c{index + 1}", f"{low}-{high}%", color))
        low = high + 1
    areas = {}
    for code, total in seats.items():
        if not total:
            continue
        done = trained.get(code, 0)
        percent = round(done * 100 / total)
        index = next(i for i, (high, _c) in enumerate(COVERAGE_BANDS) if percent <= high)
        areas[code] = AreaValue(
            percent,
            legend[index].level,
            _("%(percent)s%% (%(done)s dari %(total)s kursi Tiga Pilar terlatih)")
            % {"percent": percent, "done": done, "total": total},
            legend[index].color,
        )
    return MeasureResult(
        areas=areas,
        legend=legend,
        note=_(
            "Kursi Tiga Pilar yang pemegangnya hari ini pernah hadir sebagai peserta Bimtek. "
            "Periode tidak berlaku. Abu-abu: belum ada kursi tercatat."
        ),
    )
