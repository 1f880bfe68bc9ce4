"""/api/v1/programmes/: Bimtek programmes and their sessions (read), registrations and attendance (read,
for those who run the programme), registration and ticket check-in as actions through the training
services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from stakeholders.selectors import organisation_visible_to
from training import selectors, services
from training.choices import AttendanceStatus, RegistrationRole, RegistrationStatus

from .base import ApiView, area_limited
from .choices import Resource
from .pagination import Cursor
from .problems import django_validation_detail

TAG = "bimtek"


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "08:00:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A session's wall-clock time in WITA, ``HH:MM:SS``: not an RFC 3339 ``time`` (that one carries an
    offset), so the schema states the pattern instead of ``format: time``."""


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    start_time = LocalTimeField()
    end_time = LocalTimeField()
    topic = serializers.CharField()
    room = serializers.CharField()


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    theme = serializers.CharField()
    organiser = serializers.CharField(source="organiser.name")
    election_id = serializers.IntegerField(allow_null=True)
    venue = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    lesson_hours = serializers.IntegerField()
    quota = serializers.IntegerField()


class ProgrammeDetailSerializer(ProgrammeSerializer):
    sessions = serializers.SerializerMethodField()

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, programme):
        return SessionSerializer(selectors.session_agenda(programme=programme), many=True).data


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_name = serializers.CharField(source="person.display_name")
    organisation_id = serializers.IntegerField(allow_null=True)
    organisation_name = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=RegistrationRole.choices)
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    present_count = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Jumlah sesi yang dihadiri (hadir atau terlambat).")
    )

    def get_organisation_name(self, registration) -> str | None:
        return registration.organisation.name if registration.organisation_id else None


class RegistrationCreateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    organisation_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
    role = serializers.ChoiceField(choices=RegistrationRole.choices, default=RegistrationRole.PESERTA)


class AttendanceSerializer(serializers.Serializer):
    registration_id = serializers.IntegerField(source="id")
    person_name = serializers.CharField(source="person.display_name")
    status = serializers.SerializerMethodField()

    def get_status(self, registration) -> str | None:
        marks = getattr(registration, "session_marks", [])
        return marks[0].status if marks else None


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text=gettext_lazy("Kode tiket peserta (dari QR)."))


class CheckInResultSerializer(serializers.Serializer):
    registration_id = serializers.IntegerField(source="registration.id")
    person_name = serializers.CharField(source="registration.person.display_name")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    checked_in_at = serializers.DateTimeField(allow_null=True)


def _visible(request):
    queryset = selectors.programme_visible_to(request.user).select_related("organiser", "organiser__area")
    return area_limited(request, queryset, "organiser__area__code")


def _managed(request, pk: int):
    queryset = area_limited(request, selectors.programme_managed_by(request.user), "organiser__area__code")
    return get_object_or_404(queryset.select_related("organiser"), pk=pk)


class ByStart(Cursor):
    ordering = ("-start_date", "-id")


class ProgrammeListView(ApiView):
    """Program Bimtek yang Anda kelola atau ikuti."""

    api_resource = Resource.TRAINING
    serializer_class = ProgrammeSerializer
    pagination_class = ByStart

    def get_queryset(self):
        return _visible(self.request)

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar program Bimtek"), responses=ProgrammeSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)


class ProgrammeDetailView(ApiView):
    """Satu program dengan sesi-sesinya."""

    api_resource = Resource.TRAINING
    serializer_class = ProgrammeDetailSerializer

    @extend_schema(tags=[TAG], summary=gettext_lazy("Detail program Bimtek"))
    def get(self, request, pk: int):
        return Response(ProgrammeDetailSerializer(get_object_or_404(_visible(request), pk=pk)).data)


class ByRegistration(Cursor):
    ordering = "id"


class RegistrationListView(ApiView):
    """Pendaftaran program (untuk pengelola program) dan pendaftaran baru."""

    api_resource = Resource.TRAINING
    read_permission = "training.view_registration"
    write_permission = "training.add_registration"
    serializer_class = RegistrationSerializer
    pagination_class = ByRegistration

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Daftar pendaftaran"), responses=RegistrationSerializer(many=True)
    )
    def get(self, request, pk: int):
        programme = _managed(request, pk)
        page = self.paginate_queryset(selectors.registration_list(programme=programme))
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Daftarkan orang"),
        description=gettext_lazy("Lewat layanan Bimtek: sasaran, kuota dan pendaftaran ganda diperiksa."),
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer},
    )
    def post(self, request, pk: int):
        programme = _managed(request, pk)
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = selectors.person_registrable_by(request.user, programme).filter(pk=data["person_id"]).first()
        if person is None:
            raise exceptions.ValidationError(
                {"person_id": [_("Orang ini tidak ditemukan di sasaran Bimtek ini.")]}
            )
        organisation = None
        if data.get("organisation_id"):
            organisation = organisation_visible_to(request.user).filter(pk=data["organisation_id"]).first()
            if organisation is None:
                raise exceptions.ValidationError({"organisation_id": [_("Organisasi tidak ditemukan.")]})
        try:
            registration = services.registration_create(
                programme=programme,
                person=person,
                role=data["role"],
                organisation=organisation,
                by_user=request.user,
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(
                django_validation_detail(exc, {"person": "person_id", "organisation": "organisation_id"})
            ) from exc
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


class AttendanceView(ApiView):
    """Kehadiran peserta aktif pada satu sesi."""

    api_resource = Resource.TRAINING
    read_permission = "training.change_attendance"
    serializer_class = AttendanceSerializer
    pagination_class = ByRegistration

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Kehadiran satu sesi"), responses=AttendanceSerializer(many=True)
    )
    def get(self, request, pk: int, session_pk: int):
        programme = _managed(request, pk)
        session = get_object_or_404(programme.sessions, pk=session_pk)
        queryset = selectors.attendance_sheet(programme=programme, session=session).order_by("id")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(AttendanceSerializer(page, many=True).data)


class CheckInView(ApiView):
    """Check-in tiket ke satu sesi (seperti pemindai QR)."""

    api_resource = Resource.TRAINING
    write_permission = "training.change_attendance"
    serializer_class = CheckInSerializer

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Check-in tiket"),
        request=CheckInSerializer,
        responses={201: CheckInResultSerializer},
    )
    def post(self, request, pk: int, session_pk: int):
        programme = _managed(request, pk)
        session = get_object_or_404(programme.sessions, pk=session_pk)
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attendance = services.attendance_check_in(
                session=session, code=serializer.validated_data["code"], by_user=request.user
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"code": exc.messages}) from exc
        return Response(CheckInResultSerializer(attendance).data, status=status.HTTP_201_CREATED)
