"""Filters of the delivery log: status, channel, person and period (each backed by an index)."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import bound_date_fields

from .choices import Channel, DeliveryStatus
from .models import Delivery


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class DeliveryFilterSet(django_filters.FilterSet):
    """Narrow the delivery log; dates are days in WITA, both ends included."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=DeliveryStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("Kanal"), choices=Channel.choices)
    # The people offered come from the view (the registry's person_visible_to).
    person = django_filters.ModelChoiceFilter(label=_("Penerima"), queryset=None)
    date_from = django_filters.DateFilter(
        label=_("Dari tanggal"),
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        method="filter_date_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Delivery
        fields = ["status", "channel", "person"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["person"].queryset = people
        bound_date_fields(self.form)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_day_start(value + timedelta(days=1)))
