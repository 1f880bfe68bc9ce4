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


def _perpendicular_distance(point: Sequence[float], start: Sequence[float], end: Sequence[float]) -> float:
    """Distance (in degrees) from ``point`` to the segment start-end, in the plane."""
    (x, y), (x1, y1), (x2, y2) = point[:2], start[:2], end[:2]
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def douglas_peucker(line: Sequence[Sequence[float]], tolerance: float) -> list[Sequence[float]]:
    """The Douglas-Peucker simplification of a polyline: keeps both ends and every point farther
    than ``tolerance`` from the simplified line (iterative, so long rings do not recurse deeply).
    """
    if len(line) < 3:  # a single segment cannot be simplified
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = 0, -1.0
        for i in range(first + 1, last):
            d = _perpendicular_distance(line[i], line[first], line[last])
            if d > distance:
                index, distance = i, d
        if distance > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def _simplify_ring(ring: Ring, tolerance: float, digits: int) -> list[list[float]]:
    # A closed ring has equal ends, which would give a zero-length base line: split it at the
    # point farthest from the start and simplify both halves.
    if len(ring) <= 4:  # a triangle and its closing point: nothing to drop
        return [[round(c, digits) for c in point[:2]] for point in ring]
    far = max(range(len(ring)), key=lambda i: _perpendicular_distance(ring[i], ring[0], ring[0]))
    simplified = douglas_peucker(ring[: far + 1], tolerance)[:-1] + douglas_peucker(ring[far:], tolerance)
    if len(simplified) < 4:  # a ring needs 3 distinct points and the closing one
        simplified = list(ring)
    return [[round(c, digits) for c in point[:2]] for point in simplified]


def simplify_geometry(geometry: dict, tolerance: float, digits: int = 5) -> dict:
    """A Polygon or MultiPolygon simplified ring by ring (Douglas-Peucker, tolerance in degrees) and
    rounded to ``digits`` decimals; a ring that would collapse is kept whole, so no area disappears.
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        coordinates = [_simplify_ring(ring, tolerance, digits) for ring in geometry["coordinates"]]
    elif kind == "MultiPolygon":
        coordinates = [
            [_simplify_ring(ring, tolerance, digits) for ring in polygon]
            for polygon in geometry["coordinates"]
        ]
    else:
        return geometry
    return {"type": kind, "coordinates": coordinates}
