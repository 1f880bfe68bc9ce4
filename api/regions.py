"""/api/v1/areas/, /polling-stations/, /elections/: the reference data (Kemendagri areas, TPS, elections
and their phases). Any signed-in user reads them, as on the web; a token sees its area and beneath."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from regions.choices import AdminLevel, ElectionKind, PhaseCode
from regions.selectors import adminunit_list, election_list, electionphase_list, pollingstation_list

from .base import ApiView, area_limited
from .choices import Resource
from .pagination import Cursor

TAG = "wilayah"


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Kode Kemendagri, mis. 64.08.04.2001."))
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=AdminLevel.choices)
    parent_code = serializers.SerializerMethodField()
    lat = serializers.FloatField(allow_null=True, source="centroid_lat", default=None)
    lng = serializers.FloatField(allow_null=True, source="centroid_lng", default=None)

    def get_parent_code(self, area) -> str | None:
        return (
            area.code.rsplit(".", 1)[0] if "." in area.code and area.level != AdminLevel.KABUPATEN else None
        )


class AreaFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=gettext_lazy("Tingkat"), choices=AdminLevel.choices)
    parent = django_filters.CharFilter(
        label=gettext_lazy("Kode induk: wilayah langsung di bawahnya"), field_name="parent__code"
    )


class ByCode(Cursor):
    ordering = "code"


class AreaListView(ApiView):
    """Wilayah (kabupaten, kecamatan, desa/kelurahan) menurut kode Kemendagri."""

    api_resource = Resource.REGIONS
    serializer_class = AreaSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AreaFilter
    pagination_class = ByCode

    def get_queryset(self):
        return area_limited(self.request, adminunit_list(with_parent=False), "code")

    @extend_schema(tags=[TAG], summary=gettext_lazy("Daftar wilayah"), responses=AreaSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(AreaSerializer(page, many=True).data)


class AreaDetailView(ApiView):
    """Satu wilayah."""

    api_resource = Resource.REGIONS
    serializer_class = AreaSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail wilayah"))
    def get(self, request, code: str):
        area = get_object_or_404(area_limited(request, adminunit_list(with_parent=False), "code"), code=code)
        return Response(AreaSerializer(area).data)


class PollingStationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    election_id = serializers.IntegerField()
    desa_code = serializers.CharField(source="desa.code")
    desa_name = serializers.CharField(source="desa.name")
    number = serializers.IntegerField()
    address = serializers.CharField()
    voters = serializers.IntegerField(allow_null=True)
    voters_men = serializers.IntegerField(allow_null=True)
    voters_women = serializers.IntegerField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)


class PollingStationFilter(django_filters.FilterSet):
    desa = django_filters.CharFilter(label=gettext_lazy("Kode desa/kelurahan"), field_name="desa__code")
    election = django_filters.NumberFilter(label=gettext_lazy("Id pemilihan"), field_name="election_id")


class PollingStationListView(ApiView):
    """TPS, per desa dan pemilihan."""

    api_resource = Resource.REGIONS
    serializer_class = PollingStationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PollingStationFilter

    def get_queryset(self):
        return area_limited(self.request, pollingstation_list(), "desa__code")

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar TPS"), responses=PollingStationSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PollingStationSerializer(page, many=True).data)


class PhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.ChoiceField(choices=PhaseCode.choices)
    label = serializers.CharField(source="get_code_display")
    sequence = serializers.IntegerField()
    is_main = serializers.BooleanField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class ElectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ElectionKind.choices)
    voting_date = serializers.DateField()
    area_code = serializers.CharField(source="area.code")


class ElectionDetailSerializer(ElectionSerializer):
    phases = serializers.SerializerMethodField()

    @extend_schema_field(PhaseSerializer(many=True))
    def get_phases(self, election):
        return PhaseSerializer(electionphase_list(election=election).order_by("sequence"), many=True).data


def _elections(request):
    # An election covers an area: a token of a kecamatan reads the elections of its kabupaten too.
    return election_list().select_related("area")


class ElectionListView(ApiView):
    """Pemilihan (Pilkada, Pemilu, PSU) dengan hari pemungutan suaranya."""

    api_resource = Resource.REGIONS
    serializer_class = ElectionSerializer

    def get_queryset(self):
        return _elections(self.request)

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar pemilihan"), responses=ElectionSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ElectionSerializer(page, many=True).data)


class ElectionDetailView(ApiView):
    """Satu pemilihan dengan tahapannya."""

    api_resource = Resource.REGIONS
    serializer_class = ElectionDetailSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail pemilihan dan tahapannya"))
    def get(self, request, pk: int):
        election = get_object_or_404(_elections(request), pk=pk)
        return Response(ElectionDetailSerializer(election).data)
