"""The triage queue's filters (django-filter); every one is backed by an index of Incident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conf import kabupaten_codes
from core.dates import bound_date_fields
from regions.choices import AdminLevel, PhaseCode
from regions.selectors import adminunit_list, election_list
from stakeholders.selectors import access_profile, kabupaten_reachable_by

from .choices import OPEN_STATUSES, IncidentKind, Severity, Status, Track
from .conditions import incident_condition_q
from .models import Incident, IncidentCategory
from .selectors import followup_overdue_q, incident_overdue_q, incident_search, legal_clock_overdue_q
from .widgets import FastCheckboxInput, FastDateInput, FastSelect, FastSelectMultiple, FastTextInput

STATUS_OPEN = ""
STATUS_ALL = "semua"


def _category_choices():
    return list(IncidentCategory.objects.order_by("order", "code").values_list("id", "name"))


@dataclass(frozen=True)
class _AreaChoices:
    """The served kabupaten, the kecamatan and the desa (named with their kecamatan) to filter by, by code."""

    kabupaten: list[tuple[str, str]]
    kecamatan: list[tuple[str, str]]
    desa: list[tuple[str, str]]


def _area_choices() -> _AreaChoices:
    """The areas to filter by, from one query (the kabupaten read with the kecamatan and desa, so that
    offering the kabupaten filter costs the queue no query of its own)."""
    served = set(kabupaten_codes())
    choices = _AreaChoices([], [], [])
    rows = (
        adminunit_list(with_parent=False)
        .filter(level__in=[AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA])
        .order_by("code")
        .values_list("code", "name", "level", "parent__name")
    )
    for code, name, level, parent in rows:
        if level == AdminLevel.KABUPATEN:
            if code in served:
                choices.kabupaten.append((code, name))
        elif level == AdminLevel.KECAMATAN:
            choices.kecamatan.append((code, name))
        else:
            choices.desa.append((code, f"{name} ({parent})"))
    return choices


def _election_and_phase_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The elections (newest first) and their phases (in calendar order, named with their election), from
    one query."""
    labels = dict(PhaseCode.choices)
    elections: dict[int, str] = {}
    phases = []
    rows = election_list().values_list(
        "id", "name", "voting_date", "phases__id", "phases__code", "phases__sequence"
    )
    for election_id, name, voting_date, phase_id, code, sequence in rows:
        elections.setdefault(election_id, name)
        if phase_id is not None:
            phases.append(((voting_date, sequence), phase_id, f"{labels.get(code, code)} ({name})"))
    phases.sort(key=lambda row: row[0])
    return list(elections.items()), [(pk, label) for _order, pk, label in phases]


def _kabupaten_choices():
    return _area_choices().kabupaten


def _kecamatan_choices():
    return _area_choices().kecamatan


def _desa_choices():
    return _area_choices().desa


def _election_choices():
    return _election_and_phase_choices()[0]


def _phase_choices():
    return _election_and_phase_choices()[1]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Bootstrap classes per widget kind; the filter form is rendered without crispy (it is on every queue page).
_WIDGET_CLASSES = {
    "select": "form-select form-select-sm",
    "selectmultiple": "form-select form-select-sm",
    "checkboxinput": "form-check-input",
}


class IncidentFilterSet(django_filters.FilterSet):
    """Filters of the triage queue and the export. Without a status, only open reports are shown."""

    q = django_filters.CharFilter(label=_("Cari"), method="filter_q", widget=FastTextInput)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(STATUS_ALL, _("Semua status")), *Status.choices],
        empty_label=_("Terbuka (baru, terverifikasi, ditangani)"),
        method="filter_status",
        widget=FastSelect,
    )
    severity = django_filters.TypedMultipleChoiceFilter(
        label=_("Keparahan"),
        choices=Severity.choices,
        coerce=int,
        distinct=False,
        method="filter_severity",
        widget=FastSelectMultiple(attrs={"size": 5}),
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=IncidentKind.choices, widget=FastSelect)
    # Choices as plain (value, label) rows: light queries, no model instances per option.
    category = django_filters.ChoiceFilter(
        label=_("Kategori"), field_name="category_id", choices=_category_choices, widget=FastSelect
    )
    track = django_filters.ChoiceFilter(
        label=_("Jalur"), choices=Track.choices[:3], method="filter_track", widget=FastSelect
    )
    # Offered only to a user covering several kabupaten (a provincial office); for the others it is a
    # hidden field, so that a link carrying it (a kabupaten's dashboard) still lists that kabupaten alone.
    kabupaten = django_filters.ChoiceFilter(
        label=_("Kabupaten/Kota"),
        choices=_kabupaten_choices,
        method="filter_area",
        widget=FastSelect,
        error_messages={"invalid_choice": _("Kabupaten/kota %(value)s tidak ada dalam wilayah Anda.")},
    )
    kecamatan = django_filters.ChoiceFilter(
        label=_("Kecamatan"), choices=_kecamatan_choices, method="filter_area", widget=FastSelect
    )
    desa = django_filters.ChoiceFilter(
        label=_("Desa/kelurahan"), choices=_desa_choices, method="filter_area", widget=FastSelect
    )
    election = django_filters.ChoiceFilter(
        label=_("Pemilihan"), field_name="election_id", choices=_election_choices, widget=FastSelect
    )
    phase = django_filters.ChoiceFilter(
        label=_("Tahapan"), field_name="phase_id", choices=_phase_choices, widget=FastSelect
    )
    dari = django_filters.DateFilter(
        label=_("Dilaporkan sejak"), method="filter_from", widget=FastDateInput(attrs={"type": "date"})
    )
    sampai = django_filters.DateFilter(
        label=_("Dilaporkan sampai"), method="filter_until", widget=FastDateInput(attrs={"type": "date"})
    )
    terjadi_dari = django_filters.DateFilter(
        label=_("Terjadi sejak"),
        method="filter_occurred_from",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    terjadi_sampai = django_filters.DateFilter(
        label=_("Terjadi sampai"),
        method="filter_occurred_until",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    tingkat_kabupaten = django_filters.BooleanFilter(
        label=_("Hanya tingkat kabupaten / tempat tidak diketahui"),
        method="filter_kabupaten_level",
        widget=FastCheckboxInput,
    )
    lampau = django_filters.BooleanFilter(
        label=_("Hanya kejadian lampau"), method="filter_historical", widget=FastCheckboxInput
    )
    mine = django_filters.BooleanFilter(
        label=_("Ditugaskan kepada saya"), method="filter_mine", widget=FastCheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Lewat batas 7 hari ke Bawaslu"), method="filter_overdue", widget=FastCheckboxInput
    )
    followup_overdue = django_filters.BooleanFilter(
        label=_("Tindak lanjut lewat tenggat"), method="filter_followup_overdue", widget=FastCheckboxInput
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Terbuka dan terlambat"), method="filter_terlambat", widget=FastCheckboxInput
    )
    belum_dikonfirmasi = django_filters.BooleanFilter(
        label=_("Peringatan belum dikonfirmasi"), method="filter_unacknowledged", widget=FastCheckboxInput
    )
    tidak_terjangkau = django_filters.BooleanFilter(
        label=_("Penerima peringatan tidak terjangkau"), method="filter_unreached", widget=FastCheckboxInput
    )
    confidential = django_filters.BooleanFilter(
        label=_("Ada pelapor rahasia"),
        field_name="has_confidential_informant",
        method="filter_confidential",
        widget=FastCheckboxInput,
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A day outside core.dates' range is refused with a field message instead of overflowing
        # the date arithmetic (``sampai=9999-12-31`` plus one day) into a 500.
        bound_date_fields(self.form)
        # Areas, elections and phases for this form in two queries instead of four. The declared choices
        # (callables, lazy) serve where a filter's field is read without a request (the API schema); here
        # the form's own fields get theirs before anything iterates them.
        areas = _area_choices()
        elections, phases = _election_and_phase_choices()
        # The kabupaten this user's positions reach (regions' names, stakeholders' scope): any other is a
        # field error and filters nothing, as an unknown kecamatan does; the queryset is scoped anyway.
        reachable = set(kabupaten_reachable_by(user))
        kabupaten = [(code, name) for code, name in areas.kabupaten if code in reachable]
        if "kabupaten" in self.form.fields and len(kabupaten) < 2:
            self.form.fields["kabupaten"].widget = forms.HiddenInput()
        # The categories too, once: as a callable they were read again for validation and for the form.
        for name, choices in (
            ("category", _category_choices()),
            ("kabupaten", kabupaten),
            ("kecamatan", areas.kecamatan),
            ("desa", areas.desa),
            ("election", elections),
            ("phase", phases),
        ):
            if name in self.form.fields:
                self.form.fields[name].choices = choices
        for field in self.form.fields.values():
            kind = field.widget.__class__.__name__.lower().replace("fast", "")
            field.widget.attrs.setdefault("class", _WIDGET_CLASSES.get(kind, "form-control form-control-sm"))

    def filter_q(self, queryset, name, value):
        return incident_search(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == STATUS_ALL:
            return queryset
        return queryset.filter(status=value)

    def filter_severity(self, queryset, name, value):
        if not value:
            return queryset
        # On the queue's negated key (incidents.selectors.TRIAGE_ORDERING), so that the indexes of the
        # keyset serve it: the rows of one severity come in order, and their count from the index.
        return queryset.alias(severity_key=F("severity") * -1).filter(severity_key__in=[-v for v in value])

    def filter_track(self, queryset, name, value):
        # A P/K category belongs to both tracks.
        return queryset.filter(track__in=[value, Track.PK])

    def filter_area(self, queryset, name, value: str):
        return queryset.filter(Q(area_code=value) | Q(area_code__startswith=value + "."))

    def filter_from(self, queryset, name, value):
        # A range on the column (index-backed), not a date cast of it.
        return queryset.filter(reported_at__gte=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(reported_at__lt=_day_start(value + timedelta(days=1)))

    def filter_occurred_from(self, queryset, name, value):
        # The day it happened (WITA), not the day it was reported: "everything on voting day".
        return queryset.filter(occurred_at__gte=_day_start(value))

    def filter_occurred_until(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_day_start(value + timedelta(days=1)))

    def filter_kabupaten_level(self, queryset, name, value):
        return queryset.filter(area_code__in=kabupaten_codes()) if value else queryset

    def filter_historical(self, queryset, name, value):
        return queryset.filter(is_historical=True) if value else queryset

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

    def filter_followup_overdue(self, queryset, name, value):
        return queryset.filter(followup_overdue_q()) if value else queryset

    def filter_terlambat(self, queryset, name, value):
        return queryset.filter(incident_overdue_q()) if value else queryset

    def filter_unacknowledged(self, queryset, name, value):
        if not value:
            return queryset
        # Supplied by the escalation app; without it no alert can be unacknowledged.
        condition = incident_condition_q("unacknowledged")
        return queryset.filter(condition) if condition is not None else queryset.none()

    def filter_unreached(self, queryset, name, value):
        if not value:
            return queryset
        # Supplied by the escalation app, as "unacknowledged".
        condition = incident_condition_q("unreached")
        return queryset.filter(condition) if condition is not None else queryset.none()

    def filter_confidential(self, queryset, name, value):
        return queryset.filter(has_confidential_informant=True) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        if self.is_bound and not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=list(OPEN_STATUSES))
        return queryset
