"""Filters of the audit page: user, kind, period and object, each backed by an index."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AccessKind
from .models import AccessRecord

# Dates outside this range are refused with a field message, never a 500.
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
_DATE_VALIDATORS = [
    MinValueValidator(DATE_MIN, message=_("Tanggal paling awal 01/01/2000.")),
    MaxValueValidator(DATE_MAX, message=_("Tanggal paling akhir 31/12/2100.")),
]


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AccessRecordFilterSet(django_filters.FilterSet):
    """Narrow the access records; dates are days in WITA, both ends included."""

    user = django_filters.CharFilter(label=_("Pengguna"), method="filter_user", max_length=150)
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=AccessKind.choices)
    date_from = django_filters.DateFilter(
        label=_("Dari tanggal"),
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=_DATE_VALIDATORS,
    )
    date_to = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        method="filter_date_to",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=_DATE_VALIDATORS,
    )
    object = django_filters.CharFilter(
        label=_("Objek"),
        method="filter_object",
        max_length=120,
        help_text=_("Nomor insiden, #id, atau jenis objek"),
    )
    person = django_filters.NumberFilter(
        label=_("ID orang"), field_name="person_id", min_value=1, max_value=2**62
    )

    class Meta:
        model = AccessRecord
        fields = ["kind"]

    def filter_user(self, queryset, name, value):
        return queryset.filter(user__username__iexact=value.strip())

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + timedelta(days=1)))

    def filter_object(self, queryset, name, value):
        text = value.strip()
        ident = text.removeprefix("#")
        return queryset.filter(Q(object_repr__iexact=text) | Q(object_id=ident) | Q(object_type=text))
