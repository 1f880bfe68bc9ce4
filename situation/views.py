"""Pages of the situation picture: the dashboard, the map and the data it draws, the daily situation
reports. Thin: parse with a form, call the read models, render."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from audit.services import export_download_record
from core.choices import JobStatus
from core.dbrouter import replica_reads
from core.views import job_progress_response
from incidents.forms import apply_service_errors
from regions.choices import AdminLevel
from regions.geo import simplify_geometry
from regions.selectors import adminunit_child_boundaries, adminunit_find
from stakeholders.selectors import kecamatan_reachable_by

if TYPE_CHECKING:
    from regions.models import AdminUnit

from .dashboard import (
    BASIS_REPORTED,
    DashboardScope,
    dashboard_areas_for,
    dashboard_map_url,
    dashboard_page,
    kabupaten_covered_by,
    map_home_kabupaten,
)
from .forms import DashboardForm, MapQueryForm, SituationReportForm
from .map.measures import (
    MeasureQuery,
    area_links_for,
    measure_evaluate,
    measure_get,
    measures_for,
    point_layer_get,
    point_layers_for,
)
from .sitrep.selectors import (
    situation_report_area_choices,
    situation_report_list,
    situation_report_visible_to,
)
from .sitrep.services import situation_report_request

# --- dashboard -----------------------------------------------------------------------------------


@login_required
@permission_required("incidents.view_incident", raise_exception=True)
@replica_reads()
def dashboard(request):
    """The dashboard of the kabupaten or of one kecamatan the user covers (another area: 404)."""
    areas = dashboard_areas_for(request.user)
    if not areas:
        raise PermissionDenied
    code = request.GET.get("wilayah") or areas[0][0]
    names = dict(areas)
    if code not in names:
        raise Http404(_("Wilayah tidak ditemukan."))
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    form = DashboardForm(
        request.GET or None, areas=areas, initial={"wilayah": code, "dari": start, "sampai": end}
    )
    election_id = None
    basis = BASIS_REPORTED
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
        election_id = form.cleaned_data.get("pemilihan")
        basis = form.cleaned_data["dasar"]
    scope = DashboardScope(
        user=request.user,
        area_code=code,
        area_name=names[code],
        start=start,
        end=end,
        today=today,
        election_id=election_id,
        basis=basis,
    )
    page = dashboard_page(scope)
    charts = {
        "overTime": page.data["over_time"],
        "byPhase": page.data["by_phase"],
        "byArea": page.data["by_area"],
        "severity": page.data["open_by_severity"],
    }
    return render(
        request,
        "situation/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "page": page,
            "data": page.data,
            "charts": charts,
            "map_url": dashboard_map_url(scope),
        },
    )


# --- the map --------------------------------------------------------------------------------------
@login_required
@permission_required("regions.view_adminunit", raise_exception=True)
@replica_reads()
def map_view(request):
    """The map page: static/js/map.js draws boundaries, colours them by a measure, pins point layers.

    It opens on the user's kabupaten; a user covering several (a provincial office) picks one with
    ``?kabupaten=``; any other code is a 404."""
    today = timezone.localdate()
    covered = kabupaten_covered_by(request.user)
    home = map_home_kabupaten(request.user)
    asked = request.GET.get("kabupaten")
    if asked:
        if asked not in covered:
            raise Http404(_("Kabupaten di luar wilayah Anda."))
        home = asked
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
        "situation/map.html",
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
            "kabupaten_code": home,
            "map_area_name": _map_area_name(home),
            "map_kabupaten": [(code, _map_area_name(code)) for code in covered] if len(covered) > 1 else [],
        },
    )


def _map_area_name(code: str) -> str:
    """The name of a kabupaten on the map ("Kabupaten Kutai Timur", "Kota Bontang")."""
    kabupaten = adminunit_find(code=code)
    return kabupaten.official_name if kabupaten else str(_("Kabupaten"))


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
        # The kecamatan of the kabupaten asked for (one the user covers whole, or their own).
        parent_code = data["induk"] or map_home_kabupaten(request.user)
        if parent_code != map_home_kabupaten(request.user) and parent_code not in kabupaten_covered_by(
            request.user
        ):
            raise Http404(_("Kabupaten di luar wilayah Anda."))
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
@replica_reads()
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
@replica_reads()
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
        units = adminunit_child_boundaries(area=kecamatan)
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
@replica_reads()
def desa_boundaries_geojson(request, kecamatan_code: str):
    """The desa of one kecamatan the user covers, simplified (Douglas-Peucker) so the layer stays small."""
    kecamatan = get_object_or_404(
        kecamatan_reachable_by(request.user).only("id", "code", "edition"), code=kecamatan_code
    )
    return HttpResponse(desa_geojson_payload(kecamatan), content_type="application/geo+json")


# --- situation report ----------------------------------------------------------------------------

SITREP_PAGE_SIZE = 20


@login_required
@permission_required("situation.view_situationreport", raise_exception=True)
def sitrep_list(request):
    """Ask for a daily situation report (date + area in scope) and see the recent ones, paginated."""
    can_request = request.user.has_perm("situation.add_situationreport")
    areas = situation_report_area_choices(request.user)
    if request.method == "POST":
        if not can_request:
            raise PermissionDenied
        form = SituationReportForm(request.POST, areas=areas)
        if form.is_valid():
            try:
                report = situation_report_request(
                    area=form.cleaned_data["area"], day=form.cleaned_data["date"], by_user=request.user
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("situation:sitrep_detail", pk=report.pk)
        status = 400
    else:
        yesterday = timezone.localdate() - timedelta(days=1)
        form = SituationReportForm(initial={"date": yesterday}, areas=areas)
        status = 200
    page = Paginator(situation_report_list(request.user), SITREP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "situation/sitrep_list.html",
        {"form": form, "can_request": can_request, "page_obj": page, "rows": list(page.object_list)},
        status=status,
    )


@login_required
@permission_required("situation.view_situationreport", raise_exception=True)
def sitrep_detail(request, pk):
    """A situation report's progress (polled by htmx) and its downloads when done."""
    report = get_object_or_404(situation_report_visible_to(request.user).select_related("area"), pk=pk)
    if request.htmx:
        return job_progress_response(request, report)
    return render(request, "situation/sitrep_detail.html", {"report": report})


@login_required
@permission_required("situation.view_situationreport", raise_exception=True)
def sitrep_download(request, pk, file_format):
    """A finished report's PDF or XLSX, for users whose scope covers its area (else 404)."""
    if file_format not in ("pdf", "xlsx"):
        raise Http404
    report = get_object_or_404(situation_report_visible_to(request.user).filter(status=JobStatus.DONE), pk=pk)
    stored = report.pdf if file_format == "pdf" else report.xlsx
    if not stored:
        raise Http404
    export_download_record(
        by_user=request.user,
        name="situation.situation_report",
        request=request,
        detail={"report": report.pk, "area": report.area_code, "format": file_format},
    )
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"laporan-situasi-{report.area_code}-{report.date:%Y%m%d}.{file_format}",
    )
    response["Cache-Control"] = "private, no-store"
    return response
