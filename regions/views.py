"""Area pages (with their TPS), the boundaries of a level as GeoJSON, the TPS of a desa for the report
form, and the TPS import page."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .choices import AdminLevel
from .imports import tps_import_run, tps_row_messages
from .models import AdminUnit
from .sections import area_sections_for
from .selectors import (
    adminunit_ancestors,
    adminunit_list,
    election_current,
    election_find,
    election_for_event,
    election_list,
    pollingstation_for_desa,
    pollingstation_summary,
)


def _election_from(request):
    """The election named by ?pemilihan=<code>, else the current one."""
    code = request.GET.get("pemilihan") or ""
    return (election_find(code=code) if code else None) or election_current()


@login_required
def adminunit_list_view(request):
    """The kecamatan of the kabupaten with their desa counts."""
    kecamatan = adminunit_list(level=AdminLevel.KECAMATAN).annotate(desa_count=Count("children"))
    return render(request, "regions/adminunit_list.html", {"units": kecamatan})


@login_required
def adminunit_detail_view(request, code: str):
    """One area, its ancestors, its children and the sections other apps add (e.g. its kerawanan)."""
    unit = get_object_or_404(AdminUnit.objects.defer("boundary"), code=code)
    election = _election_from(request)
    return render(
        request,
        "regions/adminunit_detail.html",
        {
            "unit": unit,
            "ancestors": adminunit_ancestors(area=unit),
            "children": adminunit_list(parent=unit),
            "sections": area_sections_for(request, unit),
            "election": election,
            "elections": election_list(),
            "tps_summary": pollingstation_summary(area=unit, election=election),
            "stations": (
                list(pollingstation_for_desa(desa=unit, election=election))
                if unit.level == AdminLevel.DESA and election is not None
                else []
            ),
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


@login_required
@require_GET
def pollingstation_options(request):
    """The TPS of one desa as JSON, for the report form's TPS field: ``?desa=<id or code>`` and the election
    given by ``?pemilihan=<code>``, else the one of the day ``?tanggal=YYYY-MM-DD``, else the current one.
    TPS are reference data (as the area pages), so any signed-in user may list them."""
    wanted = request.GET.get("desa") or ""
    desa = (
        AdminUnit.objects.defer("boundary")
        .filter(**({"code": wanted} if "." in wanted else {"pk": _int(wanted)}), level=AdminLevel.DESA)
        .first()
    )
    if desa is None:
        return JsonResponse({"error": _("Desa/kelurahan tidak dikenal.")}, status=404)
    election = None
    if request.GET.get("pemilihan"):
        election = election_find(code=request.GET["pemilihan"])
    elif request.GET.get("tanggal"):
        try:
            election = election_for_event(moment=date.fromisoformat(request.GET["tanggal"][:10]))
        except ValueError:
            election = None
    election = election or election_current()
    stations = pollingstation_for_desa(desa=desa, election=election) if election else []
    return JsonResponse(
        {
            "election": election.name if election else "",
            "stations": [
                {"number": s.number, "label": f"TPS {s.number:03d}", "address": s.address, "voters": s.voters}
                for s in stations
            ],
        }
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class TpsImportForm(forms.Form):
    """The TPS file and the election it is for."""

    election = forms.ModelChoiceField(label=gettext_lazy("Pemilihan"), queryset=None)
    file = forms.FileField(
        label=gettext_lazy("Berkas TPS (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Kolom: desa/kelurahan (kode atau nama), nomor TPS, alamat, DPT laki-laki, perempuan, jumlah, "
            "lintang, bujur. Baris judul di atas tajuk kolom dilewati."
        ),
    )
    sheet = forms.CharField(label=gettext_lazy("Nama lembar (XLSX)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = election_list()
        self.fields["election"].initial = election_current()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


@login_required
@permission_required("regions.add_pollingstation", raise_exception=True)
def pollingstation_import(request):
    """Check a TPS file and, when asked and every row is accepted, save it (all rows or none)."""
    form = TpsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = tps_import_run(
                content=form.cleaned_data["file"].read(),
                election=form.cleaned_data["election"],
                by_user=request.user,
                commit="simpan" in request.POST,
                sheet=form.cleaned_data["sheet"] or None,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
    return render(
        request,
        "regions/pollingstation_import.html",
        {
            "form": form,
            "result": result,
            "row_messages": tps_row_messages(result) if result else [],
        },
    )
