"""/api/v1/incidents/: the triage queue's list and filters, the detail with its timeline, a report made
through the field form's service, and the workflow's steps as actions with If-Match on the version."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from core.conf import kabupaten_codes
from incidents import services
from incidents.choices import ConflictStage, EventKind, IncidentKind, RejectReason, Severity, Source, Status
from incidents.filters import IncidentFilterSet
from incidents.forms import IncidentReportForm
from incidents.selectors import (
    category_list,
    incident_get_for_detail,
    incident_list_for_triage,
    incident_open_follow_ups,
    incident_timeline_for,
    incident_triageable_by,
    incident_visible_to,
)
from regions.choices import AdminLevel
from regions.selectors import adminunit_find
from stakeholders.selectors import home_kabupaten_for, organisation_visible_to, person_visible_to

from .auth import call_integration
from .base import ApiView, area_limited
from .choices import Resource
from .problems import PreconditionFailed, PreconditionRequired, django_validation_detail

TAG = "insiden"

# --- serializers ------------------------------------------------------------------------------------


class AreaRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Kode Kemendagri."))
    name = serializers.CharField()
    level = serializers.CharField()


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    track = serializers.CharField()


class IncidentListSerializer(serializers.Serializer):
    """A row of the triage queue. Never the identity of a confidential informant."""

    number = serializers.CharField(help_text=gettext_lazy("Nomor laporan, mis. INS-2024-000123."))
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    title = serializers.CharField()
    category = CategorySerializer()
    track = serializers.CharField()
    severity = serializers.IntegerField(min_value=1, max_value=5)
    status = serializers.ChoiceField(choices=Status.choices)
    occurred_at = serializers.DateTimeField()
    known_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    is_historical = serializers.BooleanField()
    area = AreaRefSerializer()
    election_id = serializers.IntegerField(allow_null=True)
    phase_id = serializers.IntegerField(allow_null=True)
    lead_organisation = RefSerializer(allow_null=True)
    responsible_person = RefSerializer(allow_null=True)
    has_confidential_informant = serializers.BooleanField()
    bawaslu_deadline = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(
        help_text=gettext_lazy("Versi data; ETag jawaban detail. Kirim kembali di If-Match saat mengubah.")
    )
    updated_at = serializers.DateTimeField()


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField()


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    actor = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()
    note = serializers.CharField()
    version = serializers.IntegerField()

    def get_actor(self, event) -> str | None:
        actor = event.actor
        return (actor.get_full_name() or actor.get_username()) if actor else None

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, event):
        # Who opened or removed an informant's identity is on the timeline; the identity never is.
        if event.kind == EventKind.INFORMANT:
            return []
        return [
            {"field": str(f), "old": None if o is None else str(o), "new": str(n)}
            for f, o, n in event.changes
        ]


class IncidentDetailSerializer(IncidentListSerializer):
    chronology = serializers.CharField()
    location_description = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)
    polling_station = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=Source.choices)
    conflict_stage = serializers.ChoiceField(choices=ConflictStage.choices)
    parties_involved = serializers.CharField()
    crowd_size = serializers.IntegerField(allow_null=True)
    injured = serializers.IntegerField()
    dead = serializers.IntegerField()
    damage = serializers.CharField()
    resolution_note = serializers.CharField()
    verified_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    bawaslu_referred_at = serializers.DateTimeField(allow_null=True)
    timeline = serializers.SerializerMethodField()

    def get_polling_station(self, incident) -> str | None:
        return str(incident.polling_station) if incident.polling_station_id else None

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, incident):
        events = incident_timeline_for(self.context["request"].user, incident)
        return EventSerializer(events, many=True).data


class IncidentCreateSerializer(serializers.Serializer):
    """A new report: the field form's fields, the place by its Kemendagri code."""

    kind = serializers.ChoiceField(choices=IncidentKind.choices, default=IncidentKind.INCIDENT)
    title = serializers.CharField(max_length=200)
    chronology = serializers.CharField()
    category = serializers.CharField(help_text=gettext_lazy("Kode kategori, mis. POLITIK_UANG."))
    severity = serializers.ChoiceField(choices=Severity.choices)
    occurred_at = serializers.DateTimeField()
    known_at = serializers.DateTimeField()
    area = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Kode desa/kelurahan atau kecamatan; kosong: seluruh kabupaten / tempat tidak diketahui."
        ),
    )
    tps_number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    location_description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lng = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.PETUGAS_LAPANGAN)
    conflict_stage = serializers.ChoiceField(choices=ConflictStage.choices, default=ConflictStage.PENCEGAHAN)
    parties_involved = serializers.CharField(required=False, allow_blank=True)
    crowd_size = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10_000_000)
    injured = serializers.IntegerField(required=False, min_value=0, max_value=100_000, default=0)
    dead = serializers.IntegerField(required=False, min_value=0, max_value=100_000, default=0)
    damage = serializers.CharField(required=False, allow_blank=True)
    client_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Id laporan dari sistem Anda: kiriman ulang dengan id yang sama tidak membuat laporan kedua."
        ),
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class RejectSerializer(NoteSerializer):
    reason = serializers.ChoiceField(choices=RejectReason.choices)
    duplicate_of = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")


class SeveritySerializer(NoteSerializer):
    severity = serializers.ChoiceField(choices=Severity.choices)


class AssignSerializer(NoteSerializer):
    lead_organisation = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    responsible_person = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class ResolveSerializer(NoteSerializer):
    confirm_open_follow_ups = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Wajib true bila masih ada tindak lanjut terbuka."),
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


# --- helpers ------------------------------------------------------------------------------------------


def incident_etag(incident) -> str:
    """The strong ETag of an incident's representation: its version."""
    return f'"{incident.version}"'


_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def if_match_version(request, incident) -> int:
    """The version the client's If-Match names: 428 without one, 412 when it is not the current one."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired
    match = _IF_MATCH.match(header)
    if match is None:
        raise PreconditionFailed(_('If-Match tidak berisi ETag insiden ini (mis. "3").'))
    version = int(match.group(1))
    if version != incident.version:
        raise PreconditionFailed(
            _(
                "Insiden ini sudah diubah sejak versi %(yours)s (sekarang versi %(now)s). Ambil lagi lalu ulangi."
            )
            % {"yours": version, "now": incident.version}
        )
    return version


class UserFilterBackend(DjangoFilterBackend):
    """django-filter with the requesting user (the triage queue's "assigned to me")."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["user"] = request.user
        return kwargs


def _detail(request, number: str):
    return incident_get_for_detail(request.user, number)


def _visible(request):
    return area_limited(request, incident_visible_to(request.user), "area_code")


# --- views --------------------------------------------------------------------------------------------


class IncidentListView(ApiView):
    """Insiden dan peringatan dini yang boleh Anda lihat, dengan filter antrean triase."""

    api_resource = Resource.INCIDENTS
    read_permission = "incidents.view_incident"
    write_permission = "incidents.add_incident"
    serializer_class = IncidentListSerializer
    filter_backends = [UserFilterBackend, OrderingFilter]
    filterset_class = IncidentFilterSet
    ordering_fields = ["reported_at", "occurred_at", "id"]
    ordering = ("-reported_at", "-id")

    def get_queryset(self):
        return area_limited(self.request, incident_list_for_triage(self.request.user), "area_code")

    def get_serializer_class(self):
        if self.request.method == "POST":
            return IncidentCreateSerializer
        return IncidentListSerializer

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Daftar insiden"),
        operation_id="incidents_list",
        responses=IncidentListSerializer(many=True),
        description=gettext_lazy(
            "Filter sama dengan antrean triase. Tanpa `status` hanya laporan terbuka (baru, terverifikasi, "
            "ditangani); `status=semua` untuk semuanya. Urutan bawaan: terbaru dilaporkan dulu."
        ),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(IncidentListSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Buat laporan"),
        description=gettext_lazy(
            "Lewat layanan yang sama dengan formulir lapangan: eskalasi dimulai menurut aturan biasa. "
            "`client_id` yang sama mengembalikan laporan pertama (200)."
        ),
        request=IncidentCreateSerializer,
        responses={201: IncidentDetailSerializer, 200: IncidentDetailSerializer},
    )
    def post(self, request):
        serializer = IncidentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = _report_form(request, serializer.validated_data)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        try:
            incident, created = services.incident_submit(by_user=request.user, **form.service_kwargs())
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(django_validation_detail(exc, _SERVICE_FIELDS)) from exc
        fresh = _detail(request, incident.number)
        data = IncidentDetailSerializer(fresh, context={"request": request}).data
        return Response(
            data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"ETag": incident_etag(fresh)},
        )


# The form's and the service's field names -> the API's.
_FORM_FIELDS = {"kecamatan": "area", "desa": "area", "__all__": "non_field_errors"}
_SERVICE_FIELDS = {
    "polling_station": "tps_number",
    "__all__": "non_field_errors",
    "reported_at": "non_field_errors",
}


def _form_errors(form) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for field, errors in form.errors.items():
        out.setdefault(_FORM_FIELDS.get(field, field), []).extend(str(e) for e in errors)
    return out


def _report_form(request, data: dict) -> IncidentReportForm:
    """The field form, filled from the API's fields: its checks (desa in kecamatan, the TPS) run as on the page."""
    code = (data.get("area") or "").strip()
    kecamatan = desa = None
    if code and code not in kabupaten_codes():
        area = adminunit_find(code=code)
        if area is None or area.level not in (AdminLevel.KECAMATAN, AdminLevel.DESA):
            raise exceptions.ValidationError(
                {"area": [_("Kode wilayah %(code)s tidak dikenal.") % {"code": code}]}
            )
        kecamatan, desa = (area.parent, area) if area.level == AdminLevel.DESA else (area, None)
    integration = call_integration(request)
    if integration is not None:
        target = code or home_kabupaten_for(request.user)
        if not (target == integration.area_code or target.startswith(integration.area_code + ".")):
            raise exceptions.ValidationError({"area": [_("Wilayah ini di luar wilayah token.")]})
    category = data["category"]
    category_obj = category_list().filter(code=category).first()
    if category_obj is None:
        raise exceptions.ValidationError(
            {"category": [_("Kategori %(code)s tidak dikenal.") % {"code": category}]}
        )
    fields = {
        "kind": data["kind"],
        "title": data["title"],
        "chronology": data["chronology"],
        "category": category_obj.pk,
        "severity": data["severity"],
        "occurred_at": data["occurred_at"],
        "known_at": data["known_at"],
        "kecamatan": kecamatan.pk if kecamatan else "",
        "desa": desa.pk if desa else "",
        "tps_number": data.get("tps_number") or "",
        "location_description": data.get("location_description", ""),
        "lat": "" if data.get("lat") is None else data["lat"],
        "lng": "" if data.get("lng") is None else data["lng"],
        "source": data["source"],
        "conflict_stage": data["conflict_stage"],
        "parties_involved": data.get("parties_involved", ""),
        "crowd_size": "" if data.get("crowd_size") is None else data["crowd_size"],
        "injured": data.get("injured", 0),
        "dead": data.get("dead", 0),
        "damage": data.get("damage", ""),
        "client_id": data.get("client_id") or "",
    }
    form = IncidentReportForm(fields, user=request.user)
    if code in kabupaten_codes():
        # A report about a whole served kabupaten, named by its code.
        form.home_kabupaten = code
    return form


class IncidentDetailView(ApiView):
    """Satu insiden dengan linimasanya."""

    api_resource = Resource.INCIDENTS
    read_permission = "incidents.view_incident"
    serializer_class = IncidentDetailSerializer

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Detail insiden"),
        responses={200: IncidentDetailSerializer},
    )
    def get(self, request, number: str):
        if not _visible(request).filter(number=number).exists():
            raise exceptions.NotFound(_("Insiden tidak ditemukan."))
        incident = _detail(request, number)
        data = IncidentDetailSerializer(incident, context={"request": request}).data
        return Response(data, headers={"ETag": incident_etag(incident)})


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    pattern=_IF_MATCH.pattern,
    description=gettext_lazy('ETag detail insiden (versinya), mis. "3". Versi usang: 412.'),
)


class IncidentActionView(ApiView):
    """A workflow step on an incident the user triages, with If-Match on its version."""

    api_resource = Resource.INCIDENTS
    write_permission = "incidents.triage_incident"
    serializer_class: type[serializers.Serializer] = NoteSerializer

    def perform(self, incident, version: int, data: dict):  # pragma: no cover - each step defines it
        raise NotImplementedError

    def post(self, request, number: str):
        queryset = area_limited(request, incident_triageable_by(request.user), "area_code")
        incident = get_object_or_404(queryset, number=number)
        version = if_match_version(request, incident)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                self.perform(incident, version, serializer.validated_data)
        except services.StaleIncidentError as exc:
            raise PreconditionFailed(" ".join(exc.messages)) from exc
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(django_validation_detail(exc)) from exc
        fresh = _detail(request, number)
        data = IncidentDetailSerializer(fresh, context={"request": request}).data
        return Response(data, headers={"ETag": incident_etag(fresh)})


def _action(name: str, summary, serializer, perform, description=None):
    """A workflow step's view class, documented in the schema."""

    class View(IncidentActionView):
        serializer_class = serializer

        def perform(self, incident, version, data):
            perform(self.request, incident, version, data)

    def post(self, request, number: str):
        return IncidentActionView.post(self, request, number)

    View.__name__ = View.__qualname__ = f"Incident{name.title()}View"
    View.post = extend_schema(  # type: ignore[method-assign]
        tags=[TAG],
        summary=summary,
        description=description or summary,
        operation_id=f"incidents_{name}",
        parameters=[IF_MATCH],
        request=serializer,
        responses={
            200: IncidentDetailSerializer,
            412: OpenApiResponse(description=gettext_lazy("Versi di If-Match sudah usang.")),
            428: OpenApiResponse(description=gettext_lazy("If-Match tidak dikirim.")),
        },
    )(post)
    return View


def _verify(request, incident, version, data):
    services.incident_verify(
        incident=incident, expected_version=version, by_user=request.user, note=data["note"]
    )


def _reject(request, incident, version, data):
    main = None
    if data["duplicate_of"]:
        main = _visible(request).filter(number__iexact=data["duplicate_of"].strip()).first()
        if main is None:
            raise DjangoValidationError(
                {
                    "duplicate_of": [
                        _("Laporan utama %(number)s tidak ditemukan.") % {"number": data["duplicate_of"]}
                    ]
                }
            )
    services.incident_reject(
        incident=incident,
        expected_version=version,
        by_user=request.user,
        reason=data["reason"],
        note=data["note"],
        duplicate_of=main,
    )


def _severity(request, incident, version, data):
    services.incident_change_severity(
        incident=incident,
        expected_version=version,
        by_user=request.user,
        severity=data["severity"],
        note=data["note"],
    )


def _assign(request, incident, version, data):
    organisation = organisation_visible_to(request.user).filter(pk=data["lead_organisation"]).first()
    person = person_visible_to(request.user).filter(pk=data["responsible_person"]).first()
    errors = {}
    if organisation is None:
        errors["lead_organisation"] = [_("Organisasi tidak ditemukan.")]
    if person is None:
        errors["responsible_person"] = [_("Orang tidak ditemukan.")]
    if errors:
        raise DjangoValidationError(errors)
    services.incident_assign(
        incident=incident,
        expected_version=version,
        by_user=request.user,
        lead_organisation=organisation,
        responsible_person=person,
        note=data["note"],
    )


def _resolve(request, incident, version, data):
    open_follow_ups = incident_open_follow_ups(incident)
    if open_follow_ups and not data["confirm_open_follow_ups"]:
        raise DjangoValidationError(
            {
                "confirm_open_follow_ups": [
                    _(
                        "Masih ada %(n)s tindak lanjut terbuka; kirim confirm_open_follow_ups=true untuk tetap menyelesaikan."
                    )
                    % {"n": len(open_follow_ups)}
                ]
            }
        )
    services.incident_resolve(
        incident=incident, expected_version=version, by_user=request.user, note=data["note"]
    )


def _close(request, incident, version, data):
    services.incident_close(
        incident=incident, expected_version=version, by_user=request.user, note=data["note"]
    )


def _reopen(request, incident, version, data):
    services.incident_reopen(
        incident=incident, expected_version=version, by_user=request.user, reason=data["reason"]
    )


def _promote(request, incident, version, data):
    services.incident_promote(
        incident=incident, expected_version=version, by_user=request.user, note=data["note"]
    )


IncidentVerifyView = _action(
    "verify", gettext_lazy("Verifikasi (baru ke terverifikasi)"), NoteSerializer, _verify
)
IncidentRejectView = _action("reject", gettext_lazy("Tolak laporan"), RejectSerializer, _reject)
IncidentSeverityView = _action(
    "severity", gettext_lazy("Ubah tingkat keparahan"), SeveritySerializer, _severity
)
IncidentAssignView = _action("assign", gettext_lazy("Tetapkan penanggung jawab"), AssignSerializer, _assign)
IncidentResolveView = _action(
    "resolve", gettext_lazy("Nyatakan selesai ditangani"), ResolveSerializer, _resolve
)
IncidentCloseView = _action("close", gettext_lazy("Tutup laporan"), NoteSerializer, _close)
IncidentReopenView = _action("reopen", gettext_lazy("Buka kembali"), ReopenSerializer, _reopen)
IncidentPromoteView = _action(
    "promote", gettext_lazy("Naikkan peringatan dini menjadi insiden"), NoteSerializer, _promote
)
