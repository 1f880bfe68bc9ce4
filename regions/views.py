"""Area pages, kerawanan pages, the map page and the data the map draws."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .choices import AdminLevel, RiskInstrumentKind
from .filters import RiskAssessmentFilterSet
from .forms import RiskAssessmentForm, RiskChecklistForm
from .models import AdminUnit
from .selectors import (
    adminunit_ancestors,
    adminunit_list,
    riskassessment_visible_to,
    riskinstrument_assessable,
)
from .services import riskassessment_create

KABUPATEN_CODE = "64.08"


@login_required
def adminunit_list_view(request):
    """The kecamatan of the kabupaten with their desa counts."""
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN).annotate(desa_count=Count("children"))
    return render(request, "regions/adminunit_list.html", {"units": kecamatan})


@login_required
def adminunit_detail_view(request, code: str):
    """One area, its ancestors and its children."""
    unit = get_object_or_404(AdminUnit.objects.defer("boundary"), code=code)
    return render(
        request,
        "regions/adminunit_detail.html",
        {
            "unit": unit,
            "ancestors": adminunit_ancestors(area=unit),
            "children": adminunit_list(parent=unit),
        },
    )


@login_required
@require_GET
@cache_control(private=True, max_age=3600)
def boundaries_geojson(request, level: str):
    """A FeatureCollection of the boundaries of one level (kecamatan or desa)."""
    if level not in (AdminLevel.KECAMATAN, AdminLevel.DESA):
        return JsonResponse({"error": "unknown level"}, status=404)
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


# --- kerawanan ------------------------------------------------------------------------------------
@login_required
@permission_required("regions.view_riskassessment", raise_exception=True)
def riskassessment_list_view(request):
    """Assessments the user may see, newest first, filtered and paginated."""
    filterset = RiskAssessmentFilterSet(request.GET or None, queryset=riskassessment_visible_to(request.user))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regions/riskassessment_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "assessments": page.object_list,
            "query_string": query.urlencode(),
            "checklist_instruments": riskinstrument_assessable().filter(kind=RiskInstrumentKind.TPS_RAWAN),
        },
    )


@login_required
@permission_required("regions.view_riskassessment", raise_exception=True)
def riskassessment_detail_view(request, pk: int):
    """One assessment, with its thresholds and, for a checklist, the answers by variable."""
    assessment = get_object_or_404(riskassessment_visible_to(request.user), pk=pk)
    variables = []
    if assessment.answers:
        for variable in assessment.instrument.checklist:
            variables.append(
                {
                    "label": variable["label"],
                    "indicators": [
                        {"label": i["label"], "yes": assessment.answers.get(i["code"])}
                        for i in variable.get("indicators", [])
                    ],
                }
            )
    return render(
        request,
        "regions/riskassessment_detail.html",
        {"assessment": assessment, "variables": variables},
    )


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@permission_required("regions.add_riskassessment", raise_exception=True)
def riskassessment_create_view(request):
    """Record an IKP score, a Pemetaan level or a Polri class for an area the user covers."""
    form = RiskAssessmentForm(
        request.POST or None, user=request.user, initial={"as_of": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = riskassessment_create(
                instrument=data["instrument"],
                area=data["area"],
                score=data["score"],
                level=data["level"],
                aspect=data["aspect"],
                as_of=data["as_of"],
                source=data["source"],
                notes=data["notes"],
                by_user=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Penilaian kerawanan disimpan."))
            return redirect(assessment)
    return render(
        request, "regions/riskassessment_form.html", {"form": form, "title": _("Penilaian kerawanan baru")}
    )


@login_required
@permission_required("regions.add_riskassessment", raise_exception=True)
def riskassessment_checklist_view(request, instrument_code: str):
    """The TPS-rawan checklist for a desa or a TPS the user covers; the answers give score and level."""
    instrument = get_object_or_404(riskinstrument_assessable().exclude(checklist=[]), code=instrument_code)
    form = RiskChecklistForm(
        request.POST or None,
        user=request.user,
        instrument=instrument,
        initial={"as_of": timezone.localdate(), "area": request.GET.get("wilayah")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = riskassessment_create(
                instrument=instrument,
                area=data["area"],
                polling_station=data["polling_station"],
                answers=form.answers(),
                as_of=data["as_of"],
                source=data["source"],
                notes=data["notes"],
                by_user=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Penilaian disimpan: skor %(score)s, tingkat %(label)s.")
                % {"score": assessment.score, "label": assessment.level_label},
            )
            return redirect(assessment)
    return render(
        request,
        "regions/riskassessment_form.html",
        {"form": form, "title": instrument.name, "instrument": instrument},
    )


@login_required
def map_view(request):
    """The map page: boundaries drawn by static/js/map.js from the GeoJSON endpoint."""
    return render(request, "regions/map.html")
