"""The triage queue's filters (django-filter); every one is backed by an index of Incident."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.choices import AdminLevel
from regions.models import AdminUnit, ElectionPhase
from stakeholders.selectors import access_profile

from .choices import OPEN_STATUSES, IncidentKind, Severity, Status, Track
from .models import Incident, IncidentCategory
from .selectors import incident_search, legal_clock_overdue_q

STATUS_OPEN = ""
STATUS_ALL = "semua"


class IncidentFilterSet(django_filters.FilterSet):
    """Filters of the triage queue and the export. Without a status, only open reports are shown."""

    q = django_filters.CharFilter(label=_("Cari"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(STATUS_ALL, _("Semua status")), *Status.choices],
        empty_label=_("Terbuka (baru, terverifikasi, ditangani)"),
        method="filter_status",
    )
    severity = django_filters.TypedMultipleChoiceFilter(
        label=_("Keparahan"),
        choices=Severity.choices,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=IncidentKind.choices)
    category = django_filters.ModelChoiceFilter(label=_("Kategori"), queryset=IncidentCategory.objects.all())
    track = django_filters.ChoiceFilter(label=_("Jalur"), choices=Track.choices[:3], method="filter_track")
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        queryset=AdminUnit.objects.filter(level=AdminLevel.KECAMATAN).defer("boundary"),
        method="filter_area",
        to_field_name="code",
    )
    desa = django_filters.ModelChoiceFilter(
        label=_("Desa/kelurahan"),
        queryset=AdminUnit.objects.filter(level=AdminLevel.DESA).defer("boundary"),
        method="filter_area",
        to_field_name="code",
    )
    phase = django_filters.ModelChoiceFilter(
        label=_("Tahapan"), queryset=ElectionPhase.objects.select_related("election")
    )
    dari = django_filters.DateFilter(
        label=_("Dilaporkan sejak"),
        field_name="reported_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Dilaporkan sampai"),
        field_name="reported_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("Ditugaskan kepada saya"), method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Lewat batas 7 hari ke Bawaslu"), method="filter_overdue", widget=forms.CheckboxInput
    )
    confidential = django_filters.BooleanFilter(
        label=_("Ada pelapor rahasia"),
        field_name="has_confidential_informant",
        method="filter_confidential",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_q(self, queryset, name, value):
        return incident_search(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == STATUS_ALL:
            return queryset
        return queryset.filter(status=value)

    def filter_track(self, queryset, name, value):
        # A P/K category belongs to both tracks.
        return queryset.filter(track__in=[value, Track.PK])

    def filter_area(self, queryset, name, value):
        return queryset.filter(Q(area_code=value.code) | Q(area_code__startswith=value.code + "."))

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None:
            return queryset
        profile = access_profile(self.user)
        mine = Q(pk__in=[])
        if profile.person_id:
            mine |= Q(responsible_person_id=profile.person_id)
        if profile.organisation_ids:
            mine |= Q(lead_organisation_id__in=profile.organisation_ids)
        return queryset.filter(mine)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(legal_clock_overdue_q()) if value else queryset

    def filter_confidential(self, queryset, name, value):
        return queryset.filter(has_confidential_informant=True) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        if self.is_bound and not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=list(OPEN_STATUSES))
        return queryset
