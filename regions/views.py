"""Area pages and the boundaries of a level as GeoJSON."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from stakeholders.selectors import kecamatan_reachable_by

from .choices import AdminLevel
from .forms import MapQueryForm
from .geo import simplify_geometry
from .measures import (
    MeasureQuery,
    area_links_for,
    measure_evaluate,
    measure_get,
    measures_for,
    point_layer_get,
    point_layers_for,
)
from .models import AdminUnit
from .sections import area_sections_for
from .selectors import adminunit_ancestors, adminunit_list

KABUPATEN_CODE = "64.08"


@login_required
def adminunit_list_view(request):
    """The kecamatan of the kabupaten with their desa counts."""
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN).annotate(desa_count=Count("children"))
    return render(request, "regions/adminunit_list.html", {"units": kecamatan})


@login_required
def adminunit_detail_view(request, code: str):
    """One area, its ancestors, its children and the sections other apps add (e.g. its kerawanan)."""
    unit = get_object_or_404(AdminUnit.objects.defer("boundary"), code=code)
    return render(
        request,
        "regions/adminunit_detail.html",
        {
            "unit": unit,
            "ancestors": adminunit_ancestors(area=unit),
            "children": adminunit_list(parent=unit),
            "sections": area_sections_for(request, unit),
        },
    )


@login_required
@require_GET
@cache_control(private=True, max_age=3600)
def boundaries_geojson(request, level: str):
    """A FeatureCollection of the boundaries of one level (kecamatan or desa)."""
    if level not in (AdminLevel.KECAMATAN, AdminLevel.DESA):
        return JsonResponse({"error": _("Tingkat wilayah tidak dikenal.")}, status=404)
    units = AdminUnit.objects.filter(level=level, boundary__isnull=False).values(
        "code", "name", "village_type", "parent__code", "boundary"
    )
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": u["code"],
                "name": u["name"],
                "type": u["village_type"] or level,
                "parent": u["parent__code"],
            },
            "geometry": u["boundary"],
        }
        for u in units
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


# --- the map --------------------------------------------------------------------------------------
@login_required
@permission_required("regions.view_adminunit", raise_exception=True)
def map_view(request):
    """The map page: static/js/map.js draws boundaries, colours them by a measure, pins point layers."""
    today = timezone.localdate()
    measures = [
        {
            "name": m.name,
            "label": str(m.label),
            "filters": [f.as_json() for f in (m.filters(request.user) if m.filters else [])],
        }
        for m in measures_for(request.user)
    ]
    layers = [{"name": p.name, "label": str(p.label)} for p in point_layers_for(request.user)]
    return render(
        request,
        "regions/map.html",
        {
            "map_config": {
                "measures": measures,
                "pointLayers": layers,
                "areaLinks": [link.as_json() for link in area_links_for(request.user)],
                "drillable": list(kecamatan_reachable_by(request.user).values_list("code", flat=True)),
            },
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "period_start": today - timedelta(days=29),
            "period_end": today,
            "kabupaten_code": KABUPATEN_CODE,
        },
    )


class MapQueryError(Exception):
    """A map data request with bad parameters; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _map_query(request) -> MeasureQuery:
    """The MeasureQuery of a map data request; Http404 for a parent outside the user's scope."""
    form = MapQueryForm(request.GET)
    if not form.is_valid():
        raise MapQueryError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    data = form.cleaned_data
    level = data["tingkat"]
    if level == AdminLevel.DESA:
        parent = get_object_or_404(kecamatan_reachable_by(request.user), code=data["induk"])
        parent_code = parent.code
    else:
        parent_code = KABUPATEN_CODE
    reserved = {"tingkat", "induk", "dari", "sampai", "ukuran", "lapisan"}
    return MeasureQuery(
        user=request.user,
        level=level,
        parent_code=parent_code,
        start=data["dari"],
        end=data["sampai"],
        params={k: v for k, v in request.GET.items() if k not in reserved},
    )


@login_required
@permission_required("regions.view_adminunit", raise_exception=True)
@require_GET
def map_measure(request):
    """JSON {measure, label, level, parent, period, areas: {code: {value, level, label, color}}, legend, note}."""
    measure = measure_get(request.user, request.GET.get("ukuran", ""))
    if measure is None:
        raise Http404(_("Ukuran peta tidak dikenal."))
    try:
        query = _map_query(request)
    except MapQueryError as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
    try:
        result = measure_evaluate(measure, query)
    except ValidationError as exc:
        # A measure's own filter with a bad value: the measure says which field, in the user's language.
        return JsonResponse({"errors": _validation_errors(exc)}, status=400)
    return JsonResponse(
        {
            "measure": measure.name,
            "label": str(measure.label),
            "level": query.level,
            "parent": query.parent_code,
            "period": {"start": query.start.isoformat(), "end": query.end.isoformat()},
            "areas": {code: value.as_json() for code, value in result.areas.items()},
            "legend": [entry.as_json() for entry in result.legend],
            "note": str(result.note),
        }
    )


@login_required
@permission_required("regions.view_adminunit", raise_exception=True)
@require_GET
def map_points(request):
    """JSON {layer, points: [{lat, lng, url, label, severity}], truncated} for one registered point layer."""
    layer = point_layer_get(request.user, request.GET.get("lapisan", ""))
    if layer is None:
        raise Http404(_("Lapisan titik tidak dikenal."))
    try:
        query = _map_query(request)
    except MapQueryError as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
    limit = settings.MAP_POINTS_MAX
    points = []
    try:
        for point in layer.func(query):
            if len(points) == limit:
                return JsonResponse({"layer": layer.name, "points": points, "truncated": True})
            points.append(point.as_json())
    except ValidationError as exc:
        return JsonResponse({"errors": _validation_errors(exc)}, status=400)
    return JsonResponse({"layer": layer.name, "points": points, "truncated": False})


def desa_geojson_payload(kecamatan: AdminUnit) -> bytes:
    """The simplified desa boundaries of one kecamatan as GeoJSON bytes, cached per tolerance."""
    tolerance = settings.MAP_SIMPLIFY_TOLERANCE
    edition = hashlib.sha256(kecamatan.edition.encode()).hexdigest()[:12]
    key = f"regions:desa-geojson:{kecamatan.code}:{tolerance}:{edition}"
    payload = cache.get(key)
    if payload is None:
        units = AdminUnit.objects.filter(parent=kecamatan, boundary__isnull=False).values(
            "code", "name", "village_type", "boundary"
        )
        features = [
            {
                "type": "Feature",
                "properties": {
                    "code": u["code"],
                    "name": u["name"],
                    "type": u["village_type"],
                    "parent": kecamatan.code,
                },
                "geometry": simplify_geometry(u["boundary"], tolerance),
            }
            for u in units
        ]
        payload = json.dumps(
            {"type": "FeatureCollection", "features": features}, separators=(",", ":")
        ).encode()
        cache.set(key, payload, timeout=24 * 3600)
    return payload


@login_required
@permission_required("regions.view_adminunit", raise_exception=True)
@require_GET
@cache_control(private=True, max_age=3600)
def desa_boundaries_geojson(request, kecamatan_code: str):
    """The desa of one kecamatan the user covers, simplified (Douglas-Peucker) so the layer stays small."""
    kecamatan = get_object_or_404(
        kecamatan_reachable_by(request.user).only("id", "code", "edition"), code=kecamatan_code
    )
    return HttpResponse(desa_geojson_payload(kecamatan), content_type="application/geo+json")
