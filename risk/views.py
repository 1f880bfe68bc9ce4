"""Kerawanan pages: the list, one assessment, a scored or classed assessment, the TPS-rawan checklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.choices import AdminLevel

from .choices import RiskInstrumentKind
from .filters import RiskAssessmentFilterSet
from .forms import RiskAssessmentForm, RiskChecklistForm
from .selectors import (
    riskassessment_context_for,
    riskassessment_visible_to,
    riskassessment_worst_in_area,
    riskinstrument_assessable,
)
from .services import riskassessment_create


@login_required
@permission_required("risk.view_riskassessment", raise_exception=True)
def riskassessment_list_view(request):
    """Assessments the user may see, newest first, filtered and paginated."""
    filterset = RiskAssessmentFilterSet(request.GET or None, queryset=riskassessment_visible_to(request.user))
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "risk/riskassessment_list.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "assessments": page.object_list,
            "query_string": query.urlencode(),
            "checklist_instruments": riskinstrument_assessable().filter(kind=RiskInstrumentKind.TPS_RAWAN),
        },
    )


@login_required
@permission_required("risk.view_riskassessment", raise_exception=True)
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
        "risk/riskassessment_detail.html",
        {"assessment": assessment, "variables": variables},
    )


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@permission_required("risk.add_riskassessment", raise_exception=True)
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
        request, "risk/riskassessment_form.html", {"form": form, "title": _("Penilaian kerawanan baru")}
    )


@login_required
@permission_required("risk.add_riskassessment", raise_exception=True)
def riskassessment_checklist_view(request, instrument_code: str):
    """The TPS-rawan checklist for a desa or a TPS the user covers; the answers give score and level."""
    instrument = get_object_or_404(riskinstrument_assessable().exclude(checklist=[]), code=instrument_code)
    form = RiskChecklistForm(
        request.POST or None,
        user=request.user,
        instrument=instrument,
        reload_url=request.path,
        initial={
            "as_of": timezone.localdate(),
            "area": request.GET.get("area") or request.GET.get("wilayah"),
        },
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
        "risk/riskassessment_form.html",
        {"form": form, "title": instrument.name, "instrument": instrument},
    )


def area_assessments_section(request, unit) -> dict:
    """The context of the kerawanan section of an area's page (regions.sections): its worst places, and
    for a desa the checklists one may fill in."""
    return {
        "assessments": riskassessment_worst_in_area(user=request.user, area=unit),
        "context": riskassessment_context_for(user=request.user, area=unit),
        "checklist_instruments": riskinstrument_assessable().filter(kind=RiskInstrumentKind.TPS_RAWAN)
        if unit.level == AdminLevel.DESA
        else [],
    }
