"""Filters of the kerawanan list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import bound_date_fields
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, subtree_q

from .models import RiskAssessment, RiskInstrument


class RiskAssessmentFilterSet(django_filters.FilterSet):
    """Instrument, level, kecamatan (with its desa and TPS) and date range; each backed by an index."""

    instrument = django_filters.ModelChoiceFilter(
        queryset=RiskInstrument.objects.order_by("kind", "code"), label=_("Instrumen")
    )
    level = django_filters.CharFilter(label=_("Kode tingkat"))
    kecamatan = django_filters.ModelChoiceFilter(
        queryset=adminunit_list(level=AdminLevel.KECAMATAN),
        label=_("Kecamatan"),
        method="filter_kecamatan",
    )
    as_of_from = django_filters.DateFilter(field_name="as_of", lookup_expr="gte", label=_("Sejak"))
    as_of_to = django_filters.DateFilter(field_name="as_of", lookup_expr="lte", label=_("Sampai"))

    class Meta:
        model = RiskAssessment
        fields = ["instrument", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_date_fields(self.form)

    def filter_kecamatan(self, queryset, name, value):
        return queryset.filter(subtree_q(value.code, "area__code"))
