"""Area pages and the boundaries of a level as GeoJSON."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .choices import AdminLevel
from .models import AdminUnit
from .sections import area_sections_for
from .selectors import adminunit_ancestors, adminunit_list


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
