"""The map's registries: what it can colour areas by (measures), what it can pin on them (point
layers) and which links a desa offers, with the helpers a provider uses.

The map page (``situation:map``) asks ``situation:map_measure`` for one measure and
``situation:map_points`` for one point layer. Neither endpoint knows any measure: each is a
provider registered here by ``situation.map.register_builtin`` (called from SituationConfig.ready).
Providers live in this package, one module per source app (``incidents``, ``risk``, ``training``),
and read that app only through its selectors; no app beneath situation registers anything here.

How to add a measure::

    # situation/map/<app>.py
    from .measures import count_result

    def incident_count(query):            # query: MeasureQuery
        rows = ...                        # from the app's selectors, scoped with query.user
        return count_result(query, {code: n for code, n in rows}, unit=_("insiden"))

    # situation/map/__init__.py, in register_builtin()
    register_measure("insiden", _("Insiden dalam periode"), incident_count,
                     permission="incidents.view_incident", filters=incident_filters)

A measure function returns a MeasureResult whose ``areas`` map area codes of ``query.level`` under
``query.parent_code`` to AreaValue; codes deeper in the tree may be folded up with
``fold_to_targets``. The endpoint drops any code outside the user's scope, so a provider that
forgets to scope leaks nothing beyond the areas the user covers (it must still scope its rows).

The live risk (incidents of the last N days weighted by severity, ``situation.map.risk``) sums the
events of *live risk sources* (``register_live_risk_source``; the incidents provider registers
one); its days, weights and bands are the data of the ``risiko-langsung`` instrument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from regions.choices import AdminLevel
from stakeholders.selectors import adminunit_visible_to

# Measure values of an area with no data are drawn in this colour (and listed in no legend band).
NO_DATA_COLOR = "#bdbdbd"
# A light-to-dark sequential palette for counts (ColorBrewer OrRd, 5 classes).
SEQUENTIAL_PALETTE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")


@dataclass(frozen=True)
class MeasureQuery:
    """One request of the map: who asks, which areas, which period, and the filter parameters.

    ``level`` is "kecamatan" (then ``parent_code`` is the kabupaten) or "desa" (then it is the
    kecamatan drilled into). ``start`` and ``end`` are inclusive WITA dates. ``params`` holds the
    remaining GET parameters (a measure's own filters, e.g. ``instrumen``).
    """

    user: Any
    level: str
    parent_code: str
    start: date
    end: date
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def code_length(self) -> int:
        """Length of an area code of the target level (``64.08.04`` or ``64.08.04.2001``)."""
        return len(self.parent_code) + (3 if self.level == AdminLevel.KECAMATAN else 5)

    def target_of(self, code: str) -> str | None:
        """The target-level area code holding ``code`` (itself or an ancestor), or None if outside the parent."""
        if not code.startswith(f"{self.parent_code}.") or len(code) < self.code_length:
            return None
        return code[: self.code_length]

    def target_codes(self) -> list[str]:
        """Codes of the target-level areas under the parent that the user covers (one query)."""
        return list(
            adminunit_visible_to(self.user, level=self.level)
            .filter(parent__code=self.parent_code)
            .values_list("code", flat=True)
        )


@dataclass(frozen=True)
class AreaValue:
    """The value of a measure for one area, with the legend level it falls in, a label and a colour."""

    value: float | int | None
    level: str
    label: str
    color: str

    def as_json(self) -> dict:
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {"value": value, "level": self.level, "label": str(self.label), "color": self.color}


@dataclass(frozen=True)
class LegendEntry:
    """One class of the legend: the level code, its label and colour."""

    level: str
    label: str
    color: str

    def as_json(self) -> dict:
        return {"level": self.level, "label": str(self.label), "color": self.color}


@dataclass(frozen=True)
class MeasureResult:
    """What a measure function returns: values by area code, the legend, and a note shown under it."""

    areas: dict[str, AreaValue]
    legend: list[LegendEntry]
    note: str = ""


@dataclass(frozen=True)
class MeasureFilter:
    """A filter a measure offers the user: a GET parameter name, its label and its (value, label) choices."""

    name: str
    label: str
    choices: list[tuple[str, str]]

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "label": str(self.label),
            "choices": [[value, str(label)] for value, label in self.choices],
        }


@dataclass(frozen=True)
class Measure:
    """A registered measure."""

    name: str
    label: str
    func: Callable[[MeasureQuery], MeasureResult]
    permission: str | None = None
    filters: Callable[[Any], list[MeasureFilter]] | None = None
    available: Callable[[], bool] | None = None
    order: int = 100


@dataclass(frozen=True)
class MapPoint:
    """A pin on the map: where, where a click leads, what it says, and how bad (1-5, drives the colour).

    ``kind`` (optional) names the layer's own pin style (``map-point-<kind>`` in static/css/app.css),
    for pins that are no event with a severity (e.g. preventive activities).
    """

    lat: float
    lng: float
    url: str
    label: str
    severity: int
    kind: str = ""

    def as_json(self) -> dict:
        return {
            "lat": self.lat,
            "lng": self.lng,
            "url": self.url,
            "label": str(self.label),
            "severity": self.severity,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class PointLayer:
    """A registered point layer."""

    name: str
    label: str
    func: Callable[[MeasureQuery], Iterable[MapPoint]]
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class AreaLink:
    """A link the desa popup of the map offers, e.g. the incident list of that desa.

    ``url_template`` (a string, or a callable returning one, so it may reverse a URL lazily) holds
    the text ``CODE`` where the area code goes.
    """

    name: str
    label: str
    url_template: str | Callable[[], str]
    permission: str | None = None
    order: int = 100

    def as_json(self) -> dict:
        template = self.url_template() if callable(self.url_template) else self.url_template
        return {"name": self.name, "label": str(self.label), "urlTemplate": template}


_AREA_LINKS: dict[str, AreaLink] = {}
_MEASURES: dict[str, Measure] = {}
_POINT_LAYERS: dict[str, PointLayer] = {}
_LIVE_RISK_SOURCES: dict[str, Callable[[MeasureQuery], Iterable[tuple[str, int, int]]]] = {}


def register_measure(
    name: str,
    label: str,
    func: Callable[[MeasureQuery], MeasureResult],
    *,
    permission: str | None = None,
    filters: Callable[[Any], list[MeasureFilter]] | None = None,
    available: Callable[[], bool] | None = None,
    order: int = 100,
) -> Measure:
    """Offer a measure on the map under ``name`` (a URL-safe slug); registering a name twice replaces it.

    ``permission``: the Django permission a user needs to see the measure at all. ``filters(user)``:
    the filters the page shows for it. ``available()``: False hides it (e.g. no data source yet).
    """
    measure = Measure(name, label, func, permission, filters, available, order)
    _MEASURES[name] = measure
    return measure


def unregister_measure(name: str) -> None:
    """Remove a measure (used by tests that register their own)."""
    _MEASURES.pop(name, None)


def register_points(
    name: str,
    label: str,
    func: Callable[[MeasureQuery], Iterable[MapPoint]],
    *,
    permission: str | None = None,
    order: int = 100,
) -> PointLayer:
    """Offer a clustered point layer on the map; ``func(query)`` yields MapPoint within the user's scope."""
    layer = PointLayer(name, label, func, permission, order)
    _POINT_LAYERS[name] = layer
    return layer


def unregister_points(name: str) -> None:
    """Remove a point layer (used by tests)."""
    _POINT_LAYERS.pop(name, None)


def register_area_link(
    name: str,
    label: str,
    url_template: str | Callable[[], str],
    *,
    permission: str | None = None,
    order: int = 100,
) -> AreaLink:
    """Offer a link from a desa on the map (drill-down from a desa to, e.g., its incidents)."""
    link = AreaLink(name, label, url_template, permission, order)
    _AREA_LINKS[name] = link
    return link


def area_links_for(user) -> list[AreaLink]:
    """The area links this user may follow, in display order."""
    return sorted(
        (a for a in _AREA_LINKS.values() if _allowed(user, a.permission)), key=lambda a: (a.order, a.name)
    )


def _allowed(user, permission: str | None) -> bool:
    return permission is None or user.has_perm(permission)


def measures_for(user) -> list[Measure]:
    """The measures this user may choose, in display order."""
    return sorted(
        (
            m
            for m in _MEASURES.values()
            if _allowed(user, m.permission) and (m.available is None or m.available())
        ),
        key=lambda m: (m.order, m.name),
    )


def measure_get(user, name: str) -> Measure | None:
    """The measure of that name if this user may use it, else None."""
    return next((m for m in measures_for(user) if m.name == name), None)


def point_layers_for(user) -> list[PointLayer]:
    """The point layers this user may switch on, in display order."""
    return sorted(
        (p for p in _POINT_LAYERS.values() if _allowed(user, p.permission)), key=lambda p: (p.order, p.name)
    )


def point_layer_get(user, name: str) -> PointLayer | None:
    """The point layer of that name if this user may use it, else None."""
    return next((p for p in point_layers_for(user) if p.name == name), None)


def measure_evaluate(measure: Measure, query: MeasureQuery) -> MeasureResult:
    """Run a measure and keep only the target-level areas under the parent that the user covers."""
    result = measure.func(query)
    allowed = set(query.target_codes())
    return MeasureResult(
        areas={code: value for code, value in result.areas.items() if code in allowed},
        legend=result.legend,
        note=result.note,
    )


# --- helpers for providers ------------------------------------------------------------------------
def fold_to_targets(query: MeasureQuery, rows: Iterable[tuple[str, float]], *, how: str = "sum") -> dict:
    """Fold (area code, number) rows of any depth into the target level: their sum or their max."""
    folded: dict[str, float] = {}
    for code, number in rows:
        target = query.target_of(code)
        if target is None:
            continue
        if target not in folded:
            folded[target] = number
        elif how == "max":
            folded[target] = max(folded[target], number)
        else:
            folded[target] += number
    return folded


def count_result(
    query: MeasureQuery, counts: Mapping[str, float], *, unit: str, note: str = ""
) -> MeasureResult:
    """A MeasureResult for counts per target area: five equal classes up to the largest count, zero for no rows.

    ``counts`` may hold codes of any depth; they are summed into the target level.
    """
    folded = fold_to_targets(query, counts.items())
    top = max(folded.values(), default=0)
    step = max(1, -(-int(top) // len(SEQUENTIAL_PALETTE)))  # ceiling division, at least 1
    legend = []
    for index, color in enumerate(SEQUENTIAL_PALETTE):
        low = 0 if index == 0 else index * step + 1
        high = (index + 1) * step
        legend.append(LegendEntry(f"k{index + 1}", f"{low}-{high} {unit}", color))
    areas = {}
    for code in query.target_codes():
        number = folded.get(code, 0)
        index = min(len(SEQUENTIAL_PALETTE) - 1, max(0, (int(number) - 1) // step)) if number else 0
        areas[code] = AreaValue(number, legend[index].level, f"{number:g} {unit}", legend[index].color)
    return MeasureResult(areas=areas, legend=legend, note=note)


# --- live risk (from incidents, through registered sources) ------------------------------------------
def register_live_risk_source(
    name: str, func: Callable[[MeasureQuery], Iterable[tuple[str, int, int]]]
) -> None:
    """Give the live risk its events. ``func(query)`` yields ``(area_code, severity, count)`` rows.

    The rows count the user's visible events (``query.user``) dated from ``query.start`` to
    ``query.end`` inclusive (the live-risk measure sets both from the instrument's ``days``), at
    any depth under ``query.parent_code``; ``severity`` is 1-5 (DOMAIN.md §6.4). The incidents app
    registers one source; several sources add up.
    """
    _LIVE_RISK_SOURCES[name] = func


def unregister_live_risk_source(name: str) -> None:
    """Remove a live risk source (used by tests)."""
    _LIVE_RISK_SOURCES.pop(name, None)


def live_risk_available() -> bool:
    """The live risk is offered once a source is registered (the incidents app)."""
    return bool(_LIVE_RISK_SOURCES)


def live_risk_sources() -> list[Callable[[MeasureQuery], Iterable[tuple[str, int, int]]]]:
    """The registered live risk sources (see register_live_risk_source)."""
    return list(_LIVE_RISK_SOURCES.values())
