"""/api/v1/organisations/, /people/, /positions/: the registry as the user sees it. Contact points only
with the contact permission (each read audited, as on the person page); organisations and people are
made by kabupaten administrators through the registry's services, each within their own kabupaten when
the installation serves several."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from audit.choices import AccessKind
from audit.services import access_record_object
from regions.selectors import adminunit_find
from stakeholders import services
from stakeholders.choices import AccessRole, ActingKind, ContactKind, Office, OrgType
from stakeholders.selectors import (
    access_profile,
    grant_scope,
    organisation_visible_to,
    person_positions,
    person_visible_to,
    position_visible_to,
)

from .auth import call_integration
from .base import ApiView, area_limited
from .choices import Resource
from .problems import django_validation_detail

TAG = "pemangku"


def _require_administrator(request) -> None:
    """Kabupaten administrators write the registry through the API: with several kabupaten served, each
    in its own kabupaten (``_area_for_write``)."""
    if not (
        grant_scope(request.user).administrator
        or access_profile(request.user).has_role(AccessRole.KABUPATEN_ADMIN)
    ):
        raise exceptions.PermissionDenied(
            _("Hanya administrator kabupaten yang boleh mengubah registri lewat API.")
        )


def _installation_wide(request) -> bool:
    return access_profile(request.user).kabupaten_wide


def _area_for_write(request, code: str, field: str = "area"):
    area = adminunit_find(code=code or "")
    if area is None:
        raise exceptions.ValidationError(
            {field: [_("Kode wilayah %(code)s tidak dikenal.") % {"code": code}]}
        )
    if not access_profile(request.user).covers(area.code, AccessRole.KABUPATEN_ADMIN):
        raise exceptions.ValidationError({field: [_("Wilayah ini di luar kabupaten Anda.")]})
    integration = call_integration(request)
    if integration is not None and not (
        area.code == integration.area_code or area.code.startswith(integration.area_code + ".")
    ):
        raise exceptions.ValidationError({field: [_("Wilayah ini di luar wilayah token.")]})
    return area


# --- organisations ----------------------------------------------------------------------------------


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    short_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    org_type = serializers.ChoiceField(choices=OrgType.choices)
    area = serializers.CharField(source="area.code", help_text=gettext_lazy("Kode Kemendagri wilayahnya."))
    parent_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1
    )
    is_active = serializers.BooleanField(read_only=True)


class OrganisationFilter(django_filters.FilterSet):
    org_type = django_filters.ChoiceFilter(label=gettext_lazy("Jenis"), choices=OrgType.choices)
    area = django_filters.CharFilter(
        label=gettext_lazy("Kode wilayah (dan di bawahnya)"), method="filter_area"
    )

    def filter_area(self, queryset, name, value):
        return queryset.filter(Q(area__code=value) | Q(area__code__startswith=value + "."))


class OrganisationListView(ApiView):
    """Organisasi yang boleh Anda lihat; administrator kabupaten dapat menambah."""

    api_resource = Resource.STAKEHOLDERS
    read_permission = "stakeholders.view_organisation"
    write_permission = "stakeholders.add_organisation"
    serializer_class = OrganisationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OrganisationFilter

    def get_queryset(self):
        queryset = organisation_visible_to(self.request.user).select_related("area").defer("area__boundary")
        return area_limited(self.request, queryset, "area__code")

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar organisasi"), responses=OrganisationSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(OrganisationSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Tambah organisasi"),
        request=OrganisationSerializer,
        responses={201: OrganisationSerializer},
    )
    def post(self, request):
        _require_administrator(request)
        serializer = OrganisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        area = _area_for_write(request, data["area"]["code"])
        parent = None
        if data.get("parent_id"):
            parent = organisation_visible_to(request.user).filter(pk=data["parent_id"]).first()
            if parent is None:
                raise exceptions.ValidationError({"parent_id": [_("Organisasi induk tidak ditemukan.")]})
        try:
            organisation = services.organisation_create(
                name=data["name"],
                org_type=data["org_type"],
                area=area,
                parent=parent,
                short_name=data.get("short_name", ""),
                by_user=request.user,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(django_validation_detail(exc)) from exc
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailView(ApiView):
    """Satu organisasi."""

    api_resource = Resource.STAKEHOLDERS
    read_permission = "stakeholders.view_organisation"
    serializer_class = OrganisationSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail organisasi"))
    def get(self, request, pk: int):
        queryset = area_limited(
            request, organisation_visible_to(request.user).select_related("area"), "area__code"
        )
        return Response(OrganisationSerializer(get_object_or_404(queryset, pk=pk)).data)


# --- people and positions ------------------------------------------------------------------------------


class PositionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_name = serializers.CharField(source="person.display_name")
    office = serializers.ChoiceField(choices=Office.choices)
    office_label = serializers.CharField(source="get_office_display")
    organisation_id = serializers.IntegerField()
    organisation_name = serializers.CharField(source="organisation.name")
    area_code = serializers.CharField(source="area.code")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    acting = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    value = serializers.CharField()
    verified = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(max_length=150)
    honorific = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    degrees = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    display_name = serializers.CharField(read_only=True)


class PersonDetailSerializer(PersonSerializer):
    positions = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    @extend_schema_field(PositionSerializer(many=True))
    def get_positions(self, person):
        return PositionSerializer(person_positions(person=person), many=True).data

    @extend_schema_field(ContactSerializer(many=True, allow_null=True))
    def get_contacts(self, person):
        """Only with the contact permission; null otherwise."""
        if not self.context.get("contacts_visible"):
            return None
        return ContactSerializer(person.contact_points.all(), many=True).data


class PersonCreateSerializer(PersonSerializer):
    """A new person; with several kabupaten served, a kabupaten administrator records the office they
    hold in their kabupaten with them (as on the web page), so the person lands in that kabupaten."""

    organisation_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1, write_only=True
    )
    office = serializers.ChoiceField(
        choices=Office.choices, required=False, allow_blank=True, default="", write_only=True
    )
    position_area = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=13,
        write_only=True,
        help_text=gettext_lazy("Kode Kemendagri wilayah jabatannya."),
    )
    start_date = serializers.DateField(required=False, allow_null=True, default=None, write_only=True)
    acting = serializers.ChoiceField(
        choices=ActingKind.choices, required=False, allow_blank=True, default="", write_only=True
    )


POSITION_FIELDS = ("organisation_id", "office", "position_area", "start_date")


def _position_for_create(request, data) -> dict:
    """The office a new person holds, checked: {} when none is given and none is needed (an
    administrator of the whole installation); field errors when one is given in part or needed."""
    given = [name for name in POSITION_FIELDS if data.get(name)]
    if not given and _installation_wide(request):
        return {}
    missing = {
        name: [_("Wajib diisi: orang baru dicatat bersama jabatannya.")]
        for name in POSITION_FIELDS
        if not data.get(name)
    }
    if missing:
        raise exceptions.ValidationError(missing)
    organisation = organisation_visible_to(request.user).filter(pk=data["organisation_id"]).first()
    if organisation is None:
        raise exceptions.ValidationError({"organisation_id": [_("Organisasi tidak ditemukan.")]})
    return {
        "organisation": organisation,
        "office": data["office"],
        "area": _area_for_write(request, data["position_area"], "position_area"),
        "start_date": data["start_date"],
        "acting": data.get("acting", ""),
    }


def _people(request):
    people = person_visible_to(request.user)
    integration = call_integration(request)
    if integration is not None:
        code = integration.area_code
        held = position_visible_to(request.user).filter(
            Q(area__code=code) | Q(area__code__startswith=code + ".")
        )
        people = people.filter(pk__in=held.values("person_id"))
    return people


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Nama mengandung"), field_name="full_name", lookup_expr="icontains"
    )


class PersonListView(ApiView):
    """Orang dalam registri yang boleh Anda lihat (tanpa kontak); administrator kabupaten dapat menambah."""

    api_resource = Resource.STAKEHOLDERS
    read_permission = "stakeholders.view_person"
    write_permission = "stakeholders.add_person"
    serializer_class = PersonSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PersonFilter

    def get_queryset(self):
        return _people(self.request)

    @extend_schema(tags=[TAG], summary=gettext_lazy("Daftar orang"), responses=PersonSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Tambah orang"),
        request=PersonCreateSerializer,
        responses={201: PersonSerializer},
    )
    def post(self, request):
        _require_administrator(request)
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        position = _position_for_create(request, data)
        try:
            person, _grant = services.person_with_position_create(
                full_name=data["full_name"],
                honorific=data.get("honorific", ""),
                degrees=data.get("degrees", ""),
                by_user=request.user,
                **position,
            )
        except DjangoValidationError as exc:
            renamed = {"area": "position_area", "organisation": "organisation_id"}
            raise exceptions.ValidationError(django_validation_detail(exc, renamed)) from exc
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetailView(ApiView):
    """Satu orang dengan jabatannya; kontak hanya dengan izin melihat kontak (setiap pembacaan tercatat)."""

    api_resource = Resource.STAKEHOLDERS
    read_permission = "stakeholders.view_person"
    serializer_class = PersonDetailSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail orang"))
    def get(self, request, pk: int):
        person = get_object_or_404(_people(request).prefetch_related("contact_points"), pk=pk)
        contacts_visible = request.user.has_perm("stakeholders.view_contactpoint")
        if contacts_visible and person.user_id != request.user.pk and person.contact_points.all():
            access_record_object(
                kind=AccessKind.CONTACTS,
                by_user=request.user,
                obj=person,
                person_id=person.pk,
                request=request,
            )
        context = {"contacts_visible": contacts_visible}
        return Response(PersonDetailSerializer(person, context=context).data)


class PositionFilter(django_filters.FilterSet):
    office = django_filters.ChoiceFilter(label=gettext_lazy("Jabatan"), choices=Office.choices)
    area = django_filters.CharFilter(
        label=gettext_lazy("Kode wilayah (dan di bawahnya)"), method="filter_area"
    )
    current = django_filters.BooleanFilter(
        label=gettext_lazy("Hanya yang belum berakhir"), method="filter_current"
    )

    def filter_area(self, queryset, name, value):
        return queryset.filter(Q(area__code=value) | Q(area__code__startswith=value + "."))

    def filter_current(self, queryset, name, value):
        return queryset.filter(end_date__isnull=True) if value else queryset


class PositionListView(ApiView):
    """Jabatan: orang yang memegang jabatan di organisasi untuk suatu wilayah."""

    api_resource = Resource.STAKEHOLDERS
    read_permission = "stakeholders.view_person"
    serializer_class = PositionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PositionFilter

    def get_queryset(self):
        return area_limited(self.request, position_visible_to(self.request.user), "area__code")

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar jabatan"), responses=PositionSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(PositionSerializer(page, many=True).data)
