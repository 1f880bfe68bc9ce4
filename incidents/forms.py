"""Forms of the incidents pages; services do the validation that needs the database state."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from core.conf import kabupaten_code
from core.dates import DateBoundsMixin
from regions.choices import AdminLevel
from regions.selectors import (
    adminunit_find,
    adminunit_list,
    election_for_event,
    electionphase_list,
    pollingstation_by_number,
    served_kabupaten_q,
)
from regions.tps import parse_tps_number
from stakeholders.access import KABUPATEN_WIDE_ROLES
from stakeholders.pickers import OrganisationPickerField, PersonPickerField
from stakeholders.selectors import area_scope_q, home_kabupaten_for

from .choices import (
    SEVERITY_GUIDE,
    BallotType,
    BawasluState,
    ConflictStage,
    IncidentKind,
    LinkKind,
    OutcomeKind,
    OutcomeStage,
    ReferralTarget,
    RejectReason,
    Severity,
    Source,
    ViolationClass,
)
from .models import CHRONOLOGY_MAX_LENGTH, CHRONOLOGY_TOO_LONG, IncidentCategory
from .selectors import category_list

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class TpsNumberField(forms.Field):
    """A TPS number as people write it: "TPS 088", "088" or "88" are TPS 88."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Nomor TPS"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Misalnya 88 atau TPS 088; pilihan TPS desa muncul setelah desa dipilih.")
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "list": "tps-options",
                    "data-tps-input": "",
                    "data-tps-url": reverse_lazy("regions:pollingstation_options"),
                    "autocomplete": "off",
                    "maxlength": 20,
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        try:
            return parse_tps_number(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        **kwargs,
    )


class AreaSelect(forms.Select):
    """An area select whose options carry their code and kecamatan code, so incidents.js filters desa."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-code"] = instance.code
            option["attrs"]["data-kecamatan"] = instance.code.rsplit(".", 1)[0]
        return option


# The empty choice of a kecamatan select: the report is for the whole kabupaten, or its place is unknown.
WHOLE_KABUPATEN = _("Seluruh kabupaten / tempat tidak diketahui")


def severity_choices() -> list[tuple[int, str]]:
    """Severity choices with the §6.4 guide text beside each level."""
    return [(level.value, f"{level.label}: {SEVERITY_GUIDE[level]}") for level in Severity]


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields go to the form); a form's
    ``SERVICE_FIELDS`` maps a service's field name to the form field that holds it."""
    renamed = getattr(form, "SERVICE_FIELDS", {})
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = renamed.get(field, field)
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class IncidentReportForm(DateBoundsMixin, forms.Form):
    """The mobile report form: what happened, where, when, how bad; photo and GPS optional."""

    SERVICE_FIELDS = {"area": "kecamatan", "polling_station": "tps_number", "client_id": "__all__"}

    kind = forms.ChoiceField(
        label=_("Jenis laporan"),
        choices=IncidentKind.choices,
        initial=IncidentKind.INCIDENT,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Judul singkat"), max_length=200)
    chronology = forms.CharField(
        label=_("Kronologi"),
        max_length=CHRONOLOGY_MAX_LENGTH,
        error_messages={"max_length": CHRONOLOGY_TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=IncidentCategory.objects.none())
    severity = forms.TypedChoiceField(
        label=_("Tingkat keparahan"),
        coerce=int,
        choices=severity_choices,
        initial=Severity.RENDAH,
        widget=forms.RadioSelect,
    )
    occurred_at = _datetime_field(_("Waktu kejadian"))
    known_at = _datetime_field(_("Waktu diketahui"))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=None,
        required=False,
        empty_label=WHOLE_KABUPATEN,
        help_text=_("Kosongkan bila laporan untuk seluruh kabupaten atau tempatnya belum diketahui."),
        widget=AreaSelect(attrs={"data-kecamatan-select": ""}),
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=None,
        required=False,
        help_text=_("Kosongkan bila desanya belum diketahui."),
        widget=AreaSelect(attrs={"data-desa-select": ""}),
    )
    tps_number = TpsNumberField()
    location_description = forms.CharField(label=_("Keterangan lokasi"), max_length=300, required=False)
    lat = forms.FloatField(
        label=_("Lintang (GPS)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "data-gps-lat": ""}),
    )
    lng = forms.FloatField(
        label=_("Bujur (GPS)"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "data-gps-lng": ""}),
    )
    source = forms.ChoiceField(
        label=_("Sumber informasi"), choices=Source.choices, initial=Source.PETUGAS_LAPANGAN
    )
    conflict_stage = forms.ChoiceField(
        label=_("Tahap penanganan konflik"), choices=ConflictStage.choices, initial=ConflictStage.PENCEGAHAN
    )
    parties_involved = forms.CharField(
        label=_("Pihak yang terlibat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    crowd_size = forms.IntegerField(label=_("Jumlah massa"), required=False, min_value=0)
    injured = forms.IntegerField(label=_("Korban luka"), required=False, min_value=0, initial=0)
    dead = forms.IntegerField(label=_("Korban meninggal"), required=False, min_value=0, initial=0)
    damage = forms.CharField(label=_("Kerusakan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(
        label=_("Foto/berkas bukti"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    confidential = forms.BooleanField(
        label=_("Lindungi identitas informan (pelapor rahasia)"), required=False
    )
    informant_name = forms.CharField(label=_("Nama informan"), max_length=150, required=False)
    informant_phone = forms.CharField(label=_("Telepon informan"), max_length=20, required=False)
    informant_contact = forms.CharField(label=_("Cara menghubungi informan"), max_length=300, required=False)
    # Filled by static/js/offline.js: the report's id from the device (a retried send makes no second
    # report) and the moment it was written (a report queued without signal keeps that time).
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"data-client-id": ""}))
    written_at = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-written-at": ""}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A report without a kecamatan is about the reporter's whole kabupaten.
        self.home_kabupaten = home_kabupaten_for(user) if user is not None else kabupaten_code()
        self.fields["category"].queryset = category_list()
        served = served_kabupaten_q()
        self.fields["kecamatan"].queryset = adminunit_list(
            level=AdminLevel.KECAMATAN, with_parent=False
        ).filter(served)
        self.fields["desa"].queryset = adminunit_list(level=AdminLevel.DESA, with_parent=False).filter(served)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_written_at(self):
        text = (self.cleaned_data.get("written_at") or "").strip()
        if not text:
            return None
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None or timezone.is_naive(moment) or not (1900 <= moment.year <= 2100):
            raise ValidationError(_("Waktu penulisan laporan tidak terbaca; muat ulang formulir."))
        return moment

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and not desa.code.startswith(kecamatan.code + "."):
            self.add_error("desa", _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih."))
        data["area"] = desa or kecamatan or adminunit_find(code=self.home_kabupaten)
        number = data.get("tps_number")
        data["polling_station"] = None
        if number:
            if not desa:
                self.add_error("tps_number", _("Pilih desa/kelurahan dulu untuk mengisi nomor TPS."))
            else:
                # The TPS of the election of the day it happened (a past event: a past election's).
                election = election_for_event(moment=data.get("occurred_at") or timezone.now())
                data["polling_station"] = pollingstation_by_number(
                    desa=desa, number=number, election=election
                )
                if data["polling_station"] is None:
                    self.add_error(
                        "tps_number",
                        _("TPS nomor %(number)s tidak ada di %(desa)s.") % {"number": number, "desa": desa},
                    )
        if data.get("confidential") and not (data.get("informant_name") or "").strip():
            self.add_error("informant_name", _("Isi nama informan yang identitasnya dilindungi."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        informant = None
        if data.get("confidential"):
            informant = {
                "full_name": data["informant_name"],
                "phone": data.get("informant_phone", ""),
                "contact_note": data.get("informant_contact", ""),
            }
        return {
            "kind": data["kind"],
            "title": data["title"],
            "chronology": data["chronology"],
            "category": data["category"],
            "severity": data["severity"],
            "occurred_at": data["occurred_at"],
            "known_at": data["known_at"],
            "area": data["area"],
            "polling_station": data.get("polling_station"),
            "lat": data.get("lat"),
            "lng": data.get("lng"),
            "location_description": data.get("location_description", ""),
            "source": data["source"],
            "conflict_stage": data["conflict_stage"],
            "parties_involved": data.get("parties_involved", ""),
            "crowd_size": data.get("crowd_size"),
            "injured": data.get("injured") or 0,
            "dead": data.get("dead") or 0,
            "damage": data.get("damage", ""),
            "informant": informant,
            "client_id": data.get("client_id"),
            "reported_at": data.get("written_at"),
            "photo": data.get("photo"),
        }


class IncidentHistoricalForm(IncidentReportForm):
    """Record a past event afterwards (catat kejadian lampau): the report form with its real dates and
    Bawaslu's classification, without photo or informant (the sources are public)."""

    violation_class = forms.ChoiceField(
        label=_("Klasifikasi pelanggaran (Bawaslu)"),
        choices=[("", "---"), *ViolationClass.choices],
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in (
            "photo",
            "confidential",
            "informant_name",
            "informant_phone",
            "informant_contact",
            "client_id",
            "written_at",
        ):
            self.fields.pop(name, None)
        if user is not None:
            # The kabupaten's officials enter the past of their own kabupaten (every served one for the
            # installation's administrators).
            own = area_scope_q(user, field="code", roles=tuple(KABUPATEN_WIDE_ROLES))
            for name in ("kecamatan", "desa"):
                self.fields[name].queryset = self.fields[name].queryset.filter(own)
        self.fields["source"].initial = Source.BAWASLU
        self.fields["occurred_at"].help_text = _("Tanggal dan jam kejadian yang sebenarnya.")
        self.fields["known_at"].help_text = _(
            "Kapan kejadian diketahui (ditemukan atau dilaporkan ke Bawaslu); nomor laporan memakai tahun ini."
        )

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        # Entered at a desk from public sources: no photo, no phone's id or time of writing.
        for name in ("photo", "client_id", "reported_at"):
            kwargs.pop(name, None)
        kwargs.update(
            informant=None, historical=True, violation_class=self.cleaned_data.get("violation_class", "")
        )
        return kwargs


class HistoricalImportForm(forms.Form):
    """A spreadsheet of past events (XLSX or CSV), checked first, saved all or nothing."""

    file = forms.FileField(
        label=_("Berkas kejadian lampau (XLSX atau CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    commit = forms.BooleanField(
        label=_("Simpan bila semua baris benar (tanpa centang: periksa saja)"), required=False
    )


class VersionedForm(forms.Form):
    """A form that carries the incident version it was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class IncidentEditForm(DateBoundsMixin, VersionedForm):
    """Edit the recorded facts of an incident (not its status), its place included: kecamatan or desa,
    TPS and GPS point, within the areas the user triages (``places``, from incident_places_for)."""

    title = forms.CharField(label=_("Judul"), max_length=200)
    chronology = forms.CharField(
        label=_("Kronologi"),
        max_length=CHRONOLOGY_MAX_LENGTH,
        error_messages={"max_length": CHRONOLOGY_TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=IncidentCategory.objects.none())
    occurred_at = _datetime_field(_("Waktu kejadian"))
    known_at = _datetime_field(_("Waktu diketahui"))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=None,
        required=False,
        empty_label=WHOLE_KABUPATEN,
        widget=AreaSelect(attrs={"data-kecamatan-select": ""}),
        error_messages={"invalid_choice": _("Kecamatan ini di luar wilayah Anda.")},
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=None,
        required=False,
        help_text=_("Kosongkan bila desanya belum diketahui."),
        widget=AreaSelect(attrs={"data-desa-select": ""}),
        error_messages={"invalid_choice": _("Desa/kelurahan ini di luar wilayah Anda.")},
    )
    tps_number = TpsNumberField()
    location_description = forms.CharField(label=_("Keterangan lokasi"), max_length=300, required=False)
    lat = forms.FloatField(
        label=_("Lintang (GPS)"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    lng = forms.FloatField(
        label=_("Bujur (GPS)"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    phase = forms.ModelChoiceField(label=_("Tahapan pemilihan"), queryset=None, required=False)
    conflict_stage = forms.ChoiceField(label=_("Tahap penanganan konflik"), choices=ConflictStage.choices)
    source = forms.ChoiceField(label=_("Sumber"), choices=Source.choices)
    parties_involved = forms.CharField(
        label=_("Pihak yang terlibat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    crowd_size = forms.IntegerField(label=_("Jumlah massa"), required=False, min_value=0)
    injured = forms.IntegerField(label=_("Korban luka"), min_value=0)
    dead = forms.IntegerField(label=_("Korban meninggal"), min_value=0)
    damage = forms.CharField(label=_("Kerusakan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    violation_class = forms.ChoiceField(
        label=_("Klasifikasi pelanggaran (Bawaslu)"),
        choices=[("", "---"), *ViolationClass.choices],
        required=False,
    )

    FIELDS = (
        "title",
        "chronology",
        "category",
        "occurred_at",
        "known_at",
        "location_description",
        "lat",
        "lng",
        "phase",
        "conflict_stage",
        "source",
        "parties_involved",
        "crowd_size",
        "injured",
        "dead",
        "damage",
        "violation_class",
    )
    # incident_update's errors on the place land on the form's fields.
    SERVICE_FIELDS = {"area": "kecamatan", "polling_station": "tps_number"}

    def __init__(self, *args, places, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = places
        self.incident = incident
        self.fields["category"].queryset = category_list()
        self.fields["phase"].queryset = electionphase_list()
        self.fields["kecamatan"].queryset = places.kecamatan
        self.fields["desa"].queryset = places.desa
        if incident is not None and incident.election_id:
            self.fields["tps_number"].widget.attrs["data-tps-election"] = incident.election.code
        self.helper = FormHelper()
        self.helper.form_tag = False

    @classmethod
    def initial_for(cls, incident) -> dict:
        initial = {field: getattr(incident, field) for field in cls.FIELDS}
        area = incident.area
        if area.level == AdminLevel.DESA:
            initial["kecamatan"], initial["desa"] = area.parent_id, area.pk
        elif area.level == AdminLevel.KABUPATEN:
            initial["kecamatan"], initial["desa"] = None, None
        else:
            initial["kecamatan"], initial["desa"] = area.pk, None
        station = incident.polling_station
        initial["tps_number"] = station.number if station else None
        initial["version"] = incident.version
        return initial

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and desa.parent_id != kecamatan.pk:
            self.add_error("desa", _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih."))
            return data
        area = desa or kecamatan
        if area is None and not (self.has_error("kecamatan") or self.has_error("desa")):
            # No kecamatan: the whole kabupaten (or a place not known), for whom covers the kabupaten.
            area = self.places.allowed.filter(level=AdminLevel.KABUPATEN).first()
            if area is None:
                self.add_error(
                    "kecamatan", _("Pilih kecamatan; laporan tingkat kabupaten diatur admin kabupaten.")
                )
        elif area is not None and not self.places.allowed.filter(pk=area.pk).exists():
            # A kecamatan is listed for the desa of it the user covers, not to file the report on it.
            self.add_error("kecamatan", _("Kecamatan ini di luar wilayah Anda; pilih desa/kelurahan Anda."))
        data["area"] = area
        data["polling_station"] = self._polling_station(desa, data.get("tps_number"))
        return data

    def _polling_station(self, desa, number):
        if not number:
            return None
        if desa is None:
            self.add_error("tps_number", _("Pilih desa/kelurahan dulu untuk mengisi nomor TPS."))
            return None
        current = self.incident.polling_station if self.incident else None
        if current is not None and current.desa_id == desa.pk and current.number == number:
            return current  # unchanged, even when it belongs to an earlier election
        election = self.incident.election if self.incident else None
        station = pollingstation_by_number(desa=desa, number=number, election=election)
        if station is None:
            self.add_error(
                "tps_number",
                _("TPS nomor %(number)s tidak ada di %(desa)s.") % {"number": number, "desa": desa},
            )
        return station

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            **{field: data.get(field) for field in self.FIELDS},
            "area": data["area"],
            "polling_station": data["polling_station"],
        }


class RejectForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Alasan"), choices=RejectReason.choices)
    duplicate_of = forms.CharField(
        label=_("Nomor laporan utama (bila duplikat)"), max_length=20, required=False
    )
    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False)


class SeverityForm(VersionedForm):
    severity = forms.TypedChoiceField(label=_("Tingkat keparahan"), coerce=int, choices=Severity.choices)
    note = forms.CharField(label=_("Alasan"), max_length=500, required=False)


class AssignForm(VersionedForm):
    """Assign a lead organisation and a responsible person, from the registry's rows the user may see
    (``organisations`` and ``people``, from the view)."""

    lead_organisation = OrganisationPickerField(label=_("Organisasi penanggung jawab"))
    responsible_person = PersonPickerField(label=_("Penanggung jawab"), filter_from="lead_organisation")
    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False)

    def __init__(self, *args, organisations, people, area_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["responsible_person"].queryset = people
        for name in ("lead_organisation", "responsible_person"):
            self.fields[name].widget.set_area(area_code)


class ResolveElsewhereForm(VersionedForm):
    """Close a case another body handled, without a lead organisation or person of ours."""

    body = forms.CharField(
        label=_("Ditangani oleh"),
        max_length=200,
        help_text=_("Misalnya Bawaslu kabupaten/kota, Sentra Gakkumdu, KPU."),
    )
    note = forms.CharField(
        label=_("Catatan penutupan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BawasluStepForm(DateBoundsMixin, forms.Form):
    """A step of Bawaslu's handling, with its date and register number."""

    state = forms.ChoiceField(label=_("Tahap"), choices=BawasluState.choices)
    on_date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    register_number = forms.CharField(label=_("Nomor register"), max_length=80, required=False)
    forwarded_to = forms.ChoiceField(
        label=_("Diteruskan ke"), choices=[("", "---"), *ReferralTarget.choices], required=False
    )
    note = forms.CharField(
        label=_("Keterangan"),
        max_length=500,
        required=False,
        help_text=_("Misalnya alasan dihentikan: tidak cukup bukti."),
    )


class OutcomeForm(DateBoundsMixin, forms.Form):
    """A recommendation or decision: PSU (TPS, ballots, day, hours), correction, sanction (by whom)."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=OutcomeKind.choices)
    stage = forms.ChoiceField(label=_("Bentuk"), choices=OutcomeStage.choices)
    issued_by = forms.CharField(label=_("Dikeluarkan oleh"), max_length=200)
    issued_on = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    document_number = forms.CharField(label=_("Nomor surat/putusan"), max_length=120, required=False)
    polling_stations = forms.ModelMultipleChoiceField(label=_("TPS"), queryset=None, required=False)
    place_note = forms.CharField(
        label=_("TPS/tempat (bila TPS belum terdaftar)"), max_length=300, required=False
    )
    ballot_types = forms.MultipleChoiceField(
        label=_("Surat suara"),
        choices=BallotType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    held_on = forms.DateField(
        label=_("Tanggal pelaksanaan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    starts_at = forms.TimeField(
        label=_("Mulai"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Selesai"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    sanction = forms.CharField(label=_("Sanksi"), max_length=300, required=False)
    sanctioned_by = forms.CharField(
        label=_("Dijatuhkan oleh"), max_length=200, required=False, help_text=_("Misalnya BKN atau BKPSDM.")
    )
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polling_stations"].queryset = stations
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Jam selesai harus setelah jam mulai."))
        return data


class NoteStepForm(VersionedForm):
    """A workflow step with an optional note (verify, resolve, close, promote)."""

    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False)


class ReopenForm(VersionedForm):
    reason = forms.CharField(label=_("Alasan membuka kembali"), max_length=500)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Catatan internal"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas bukti"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,audio/*,video/*,.pdf,.docx,.odt"}),
    )
    description = forms.CharField(label=_("Keterangan"), max_length=300, required=False)


class FollowUpForm(DateBoundsMixin, forms.Form):
    """A follow-up action whose owner is one of the registry's people the user may see (``people``)."""

    description = forms.CharField(label=_("Tindakan"), max_length=300)
    owner = PersonPickerField(label=_("Pelaksana"))
    due_date = forms.DateField(
        label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, people, area_code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].widget.set_area(area_code)


class ReferralForm(DateBoundsMixin, forms.Form):
    target = forms.ChoiceField(label=_("Dirujuk ke"), choices=ReferralTarget.choices)
    register_number = forms.CharField(label=_("Nomor register"), max_length=80, required=False)
    referred_at = _datetime_field(_("Tanggal rujukan"))
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False)


class LinkForm(forms.Form):
    number = forms.CharField(label=_("Nomor laporan lain"), max_length=20)
    kind = forms.ChoiceField(label=_("Jenis tautan"), choices=LinkKind.choices)
