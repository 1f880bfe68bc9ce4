"""Plain-Python geometry on GeoJSON: enough for point-in-area tests without a GIS extension."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Ring = Sequence[Sequence[float]]


def _point_in_ring(lng: float, lat: float, ring: Ring) -> bool:
    """Ray casting; a point exactly on an edge may fall either way, which is fine at this scale."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> Iterable[Sequence[Ring]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield geometry["coordinates"]
    elif kind == "MultiPolygon":
        yield from geometry["coordinates"]


def point_in_geometry(lat: float, lng: float, geometry: dict | None) -> bool:
    """True when (lat, lng) lies inside a GeoJSON Polygon or MultiPolygon (holes respected)."""
    if not geometry:
        return False
    for polygon in _polygons(geometry):
        if (
            polygon
            and _point_in_ring(lng, lat, polygon[0])
            and not any(_point_in_ring(lng, lat, hole) for hole in polygon[1:])
        ):
            return True
    return False


def bounding_box(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a Polygon or MultiPolygon."""
    lats: list[float] = []
    lngs: list[float] = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            for lng, lat, *_ in ring:
                lats.append(lat)
                lngs.append(lng)
    return min(lats), max(lats), min(lngs), max(lngs)
