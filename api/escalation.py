"""/api/v1/escalations/ and an incident's escalations with their deliveries; acknowledge as an action
through the escalation service (the first acknowledgement wins, as in the app and on every channel)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from escalation.choices import AckVia, EscalationStatus
from escalation.selectors import escalation_acknowledgeable_by, escalation_visible_to
from escalation.services import EscalationStateError, escalation_acknowledge
from notifications.choices import Channel, DeliveryStatus
from notifications.selectors import delivery_list_for_group

from .base import ApiView, area_limited
from .choices import Resource
from .problems import Conflict

TAG = "eskalasi"


class DeliverySerializer(serializers.Serializer):
    """One alert to one person on one channel: whom it reached, never the address."""

    person_name = serializers.SerializerMethodField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    attempts = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)

    def get_person_name(self, delivery) -> str | None:
        return delivery.person.display_name if delivery.person_id else None


class EscalationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    incident = serializers.CharField(source="incident.number", help_text=gettext_lazy("Nomor insiden."))
    status = serializers.ChoiceField(choices=EscalationStatus.choices)
    started_at = serializers.DateTimeField()
    next_due_at = serializers.DateTimeField(allow_null=True)
    run_count = serializers.IntegerField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    acknowledged_by = serializers.SerializerMethodField()
    acknowledged_via = serializers.CharField()
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()

    def get_acknowledged_by(self, escalation) -> str | None:
        person = escalation.acknowledged_by_person
        if person is not None:
            return person.display_name
        user = escalation.acknowledged_by
        return (user.get_full_name() or user.get_username()) if user else None


class EscalationDetailSerializer(EscalationSerializer):
    deliveries = serializers.SerializerMethodField()

    @extend_schema_field(DeliverySerializer(many=True))
    def get_deliveries(self, escalation):
        return DeliverySerializer(delivery_list_for_group(group_key=escalation.group_key), many=True).data


def _visible(request):
    queryset = escalation_visible_to(request.user).select_related(
        "incident", "acknowledged_by", "acknowledged_by_person"
    )
    return area_limited(request, queryset, "incident__area_code")


class EscalationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=EscalationStatus.choices)


class EscalationListView(ApiView):
    """Eskalasi peringatan dari insiden yang boleh Anda lihat, terbaru dulu."""

    api_resource = Resource.ESCALATION
    read_permission = "incidents.view_incident"
    serializer_class = EscalationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EscalationFilter

    def get_queryset(self):
        return _visible(self.request)

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar eskalasi"), responses=EscalationSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(EscalationSerializer(page, many=True).data)


class EscalationDetailView(ApiView):
    """Satu eskalasi dengan pengiriman peringatannya (nama penerima, kanal, status; tanpa alamat)."""

    api_resource = Resource.ESCALATION
    read_permission = "incidents.view_incident"
    serializer_class = EscalationDetailSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail eskalasi dan pengirimannya"))
    def get(self, request, number: str, pk: int):
        escalation = get_object_or_404(_visible(request), pk=pk, incident__number=number)
        return Response(EscalationDetailSerializer(escalation).data)


class EscalationAcknowledgeView(ApiView):
    """Konfirmasi peringatan: langkah berikutnya tidak dijalankan. Konfirmasi pertama yang berlaku."""

    api_resource = Resource.ESCALATION
    write_permission = "escalation.acknowledge_escalation"
    serializer_class = EscalationDetailSerializer

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Konfirmasi peringatan"),
        request=None,
        responses={
            200: EscalationDetailSerializer,
            409: OpenApiResponse(
                description=gettext_lazy("Sudah dikonfirmasi orang lain, atau sudah dihentikan.")
            ),
        },
    )
    def post(self, request, number: str, pk: int):
        queryset = area_limited(request, escalation_acknowledgeable_by(request.user), "incident__area_code")
        escalation = get_object_or_404(queryset, pk=pk, incident__number=number)
        try:
            escalation_acknowledge(escalation=escalation, by_user=request.user, via=AckVia.APP)
        except EscalationStateError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        fresh = get_object_or_404(_visible(request), pk=pk)
        return Response(EscalationDetailSerializer(fresh).data)
