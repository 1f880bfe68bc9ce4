"""/api/v1/map/measures/ (the map's measures per area, through situation's registry) and
/api/v1/risk-assessments/ (risk's selector)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from regions.choices import AdminLevel
from risk.selectors import riskassessment_visible_to
from situation.dashboard import kabupaten_covered_by, map_home_kabupaten
from situation.forms import MapQueryForm
from situation.map.measures import MeasureQuery, measure_evaluate, measure_get, measures_for
from stakeholders.selectors import kecamatan_reachable_by

from .auth import call_integration
from .base import ApiView, area_limited
from .choices import Resource
from .problems import django_validation_detail

TAG_MAP = "peta"
TAG_RISK = "kerawanan"


class MeasureFilterSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    choices = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class MeasureSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class AreaValueSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    level = serializers.CharField()
    label = serializers.CharField()
    color = serializers.CharField()


class LegendSerializer(serializers.Serializer):
    level = serializers.CharField()
    label = serializers.CharField()
    color = serializers.CharField()


class MeasureResultSerializer(serializers.Serializer):
    measure = serializers.CharField()
    label = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    areas = serializers.DictField(
        child=AreaValueSerializer(), help_text=gettext_lazy("Nilai per kode wilayah.")
    )
    legend = LegendSerializer(many=True)
    note = serializers.CharField()


class MeasureListView(ApiView):
    """Ukuran peta yang tersedia bagi Anda."""

    api_resource = Resource.MAP
    read_permission = "regions.view_adminunit"
    serializer_class = MeasureSerializer
    pagination_class = None

    @extend_schema(
        tags=[TAG_MAP], summary=gettext_lazy("Daftar ukuran peta"), responses=MeasureSerializer(many=True)
    )
    def get(self, request):
        measures = measures_for(request.user)
        return Response([{"name": m.name, "label": str(m.label)} for m in measures])


MAP_PARAMETERS = [
    OpenApiParameter(
        "tingkat",
        str,
        enum=[AdminLevel.KECAMATAN.value, AdminLevel.DESA.value],
        description=gettext_lazy("Tingkat wilayah yang dinilai (bawaan kecamatan)."),
    ),
    OpenApiParameter("induk", str, description=gettext_lazy("Kode kecamatan, wajib untuk tingkat desa.")),
    OpenApiParameter(
        "dari",
        OpenApiTypes.DATE,
        description=gettext_lazy("Tanggal awal (YYYY-MM-DD); bawaan 29 hari sebelum `sampai`."),
    ),
    OpenApiParameter(
        "sampai", OpenApiTypes.DATE, description=gettext_lazy("Tanggal akhir (YYYY-MM-DD); bawaan hari ini.")
    ),
]


class MeasureDetailView(ApiView):
    """Nilai satu ukuran per wilayah, seperti pada peta."""

    api_resource = Resource.MAP
    read_permission = "regions.view_adminunit"
    serializer_class = MeasureResultSerializer

    @extend_schema(
        tags=[TAG_MAP], summary=gettext_lazy("Nilai ukuran peta per wilayah"), parameters=MAP_PARAMETERS
    )
    def get(self, request, name: str):
        measure = measure_get(request.user, name)
        if measure is None:
            raise exceptions.NotFound(_("Ukuran peta tidak dikenal."))
        form = MapQueryForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {f: [str(e) for e in errors] for f, errors in form.errors.items()}
            )
        data = form.cleaned_data
        integration = call_integration(request)
        if data["tingkat"] == AdminLevel.DESA:
            parent = get_object_or_404(kecamatan_reachable_by(request.user), code=data["induk"])
            parent_code = parent.code
        else:
            # The kecamatan of a kabupaten the user covers whole, or their own (as on the map page).
            parent_code = data["induk"] or map_home_kabupaten(request.user)
            if parent_code != map_home_kabupaten(request.user) and parent_code not in kabupaten_covered_by(
                request.user
            ):
                raise exceptions.NotFound(_("Kabupaten di luar wilayah Anda."))
        reserved = {"tingkat", "induk", "dari", "sampai", "cursor", "page_size"}
        query = MeasureQuery(
            user=request.user,
            level=data["tingkat"],
            parent_code=parent_code,
            start=data["dari"],
            end=data["sampai"],
            params={k: v for k, v in request.query_params.items() if k not in reserved},
        )
        try:
            result = measure_evaluate(measure, query)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(django_validation_detail(exc)) from exc
        areas = result.areas
        if integration is not None:
            code = integration.area_code
            areas = {
                k: v
                for k, v in areas.items()
                if k == code or k.startswith(code + ".") or code.startswith(k + ".")
            }
        return Response(
            {
                "measure": measure.name,
                "label": str(measure.label),
                "level": query.level,
                "parent": query.parent_code,
                "start": query.start,
                "end": query.end,
                "areas": {k: v.as_json() for k, v in areas.items()},
                "legend": [entry.as_json() for entry in result.legend],
                "note": str(result.note),
            }
        )


class RiskAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    instrument = serializers.CharField(source="instrument.code")
    instrument_name = serializers.CharField(source="instrument.name")
    area_code = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    polling_station_id = serializers.IntegerField(allow_null=True)
    election_id = serializers.IntegerField(allow_null=True)
    aspect = serializers.CharField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True, coerce_to_string=False)
    level = serializers.CharField()
    level_label = serializers.CharField()
    level_rank = serializers.IntegerField()
    as_of = serializers.DateField()


def _risks(request):
    return area_limited(request, riskassessment_visible_to(request.user), "area__code")


class RiskAssessmentListView(ApiView):
    """Penilaian kerawanan tempat-tempat di wilayah Anda."""

    api_resource = Resource.RISK
    read_permission = "risk.view_riskassessment"
    serializer_class = RiskAssessmentSerializer

    @extend_schema(
        tags=[TAG_RISK],
        summary=gettext_lazy("Daftar penilaian kerawanan"),
        responses=RiskAssessmentSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(_risks(request))
        return self.get_paginated_response(RiskAssessmentSerializer(page, many=True).data)


class RiskAssessmentDetailView(ApiView):
    """Satu penilaian kerawanan."""

    api_resource = Resource.RISK
    read_permission = "risk.view_riskassessment"
    serializer_class = RiskAssessmentSerializer

    @extend_schema(tags=[TAG_RISK], summary=gettext_lazy("Detail penilaian kerawanan"))
    def get(self, request, pk: int):
        return Response(RiskAssessmentSerializer(get_object_or_404(_risks(request), pk=pk)).data)
