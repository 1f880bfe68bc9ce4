"""Forms of the coordination pages; every choice of another app's rows comes from that app's selector,
limited to what the user may see."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from incidents.forms import AreaSelect
from incidents.selectors import incident_visible_to
from regions.choices import AdminLevel, PhaseCode
from regions.selectors import adminunit_list
from stakeholders.pickers import OrganisationPickerField, PersonMultiPickerField, PersonPickerField
from stakeholders.selectors import (
    access_profile,
    area_choices_for,
    forum_visible_to,
    organisation_visible_to,
    person_visible_to,
)

from .choices import ActionSource, ActionStatus, ApprovalBody, MeetingStatus, PreventionKind
from .selectors import WORK_ROLES
from .services import prevention_organisation_default

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS, **kwargs)


class IncidentNumbersField(forms.CharField):
    """Report numbers separated by commas or spaces; resolved against the user's visible incidents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Nomor laporan, dipisah koma (boleh kosong)."))
        super().__init__(**kwargs)


def _incidents_clean(form, value: str):
    numbers = [n for n in re.split(r"[\s,;]+", value or "") if n]
    if not numbers:
        return []
    found = list(incident_visible_to(form.user).filter(number__in=numbers))
    missing = sorted(set(numbers) - {i.number for i in found})
    if missing:
        raise ValidationError(
            _("Laporan tidak ditemukan: %(numbers)s.") % {"numbers": ", ".join(missing)}, code="unknown"
        )
    return found


class ActionForm(DateBoundsMixin, forms.Form):
    """A tracked action: what, who, by when, where, linked incidents."""

    title = forms.CharField(label=_("Tindakan"), max_length=300)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = PersonPickerField(
        label=_("Penanggung jawab"),
        required=False,
        filter_from="organisation",
    )
    organisation = OrganisationPickerField(
        label=_("Instansi"),
        required=False,
    )
    due_date = forms.DateField(label=_("Tenggat"), widget=DATE_WIDGET)
    area = forms.ModelChoiceField(label=_("Wilayah"), queryset=None)
    incident_numbers = IncidentNumbersField(label=_("Insiden terkait"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = person_visible_to(user).order_by("full_name")
        self.fields["organisation"].queryset = organisation_visible_to(user).order_by("name")
        self.fields["area"].queryset = area_choices_for(user, roles=WORK_ROLES).order_by("code")

    def clean_incident_numbers(self):
        return _incidents_clean(self, self.cleaned_data.get("incident_numbers", ""))


class ActionFilterForm(forms.Form):
    """The filters of the list "Tindak lanjut koordinasi"."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), ("terbuka_semua", _("Belum selesai")), *ActionStatus.choices],
    )
    source = forms.ChoiceField(
        label=_("Sumber"), required=False, choices=[("", _("Semua")), *ActionSource.choices]
    )
    area = forms.ModelChoiceField(label=_("Wilayah"), queryset=None, required=False, to_field_name="code")
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            area_choices_for(user).filter(level__in=["kabupaten", "kecamatan"]).order_by("code")
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ActionEvidenceForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    file = forms.FileField(label=_("Berkas (foto, PDF/Word, audio, video)"), required=False)


class MeetingForm(DateBoundsMixin, forms.Form):
    """A meeting of a forum, or of an ad-hoc group in an area."""

    title = forms.CharField(label=_("Judul rapat"), max_length=250)
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=None, required=False)
    group_label = forms.CharField(
        label=_("Atau kelompok tanpa forum"),
        max_length=200,
        required=False,
        help_text=_("Misalnya: LO pasangan calon, tokoh adat Kecamatan ..."),
    )
    area = forms.ModelChoiceField(label=_("Wilayah (untuk rapat tanpa forum)"), queryset=None, required=False)
    starts_at = _datetime_field(_("Waktu mulai (WITA)"))
    place = forms.CharField(label=_("Tempat"), max_length=250)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}))
    people = PersonMultiPickerField(
        label=_("Undang juga"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = (
            forum_visible_to(user).select_related("area").order_by("area__code", "kind")
        )
        self.fields["area"].queryset = area_choices_for(user, roles=WORK_ROLES).order_by("code")
        self.fields["people"].queryset = person_visible_to(user).order_by("full_name")

    def clean(self):
        data = super().clean()
        if not data.get("forum") and not (data.get("group_label") or "").strip():
            self.add_error("forum", _("Pilih forum atau tulis nama kelompok rapat."))
        if not data.get("forum") and not data.get("area"):
            self.add_error("area", _("Wilayah wajib diisi untuk rapat tanpa forum."))
        return data


class MeetingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *MeetingStatus.choices]
    )


class InviteesForm(forms.Form):
    people = PersonMultiPickerField(
        label=_("Orang dari registri"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = person_visible_to(user).order_by("full_name")


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(DateBoundsMixin, forms.Form):
    """A decision of the meeting, which becomes a tracked action."""

    title = forms.CharField(label=_("Keputusan / tindakan"), max_length=300)
    owner = PersonPickerField(
        label=_("Penanggung jawab"),
        required=False,
        filter_from="organisation",
    )
    organisation = OrganisationPickerField(
        label=_("Instansi"),
        required=False,
    )
    due_date = forms.DateField(label=_("Tenggat"), widget=DATE_WIDGET)
    area = forms.ModelChoiceField(label=_("Wilayah (bawaan: wilayah rapat)"), queryset=None, required=False)
    incident_numbers = IncidentNumbersField(label=_("Insiden terkait"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = person_visible_to(user).order_by("full_name")
        self.fields["organisation"].queryset = organisation_visible_to(user).order_by("name")
        self.fields["area"].queryset = area_choices_for(user, roles=WORK_ROLES).order_by("code")

    def clean_incident_numbers(self):
        return _incidents_clean(self, self.cleaned_data.get("incident_numbers", ""))


class StatementApproveForm(DateBoundsMixin, forms.Form):
    text = forms.CharField(label=_("Naskah penjelasan"), widget=forms.Textarea(attrs={"rows": 6}))
    body = forms.ChoiceField(label=_("Disetujui oleh"), choices=ApprovalBody.choices)
    approver_name = forms.CharField(label=_("Nama pejabat"), max_length=200, required=False)
    approved_at = _datetime_field(_("Waktu persetujuan (WITA)"))


class StatementPublishForm(DateBoundsMixin, forms.Form):
    published_at = _datetime_field(_("Waktu publikasi (WITA)"))
    link = forms.URLField(label=_("Tautan publikasi"), max_length=500, required=False, assume_scheme="https")


class ReportSendForm(DateBoundsMixin, forms.Form):
    recipient = forms.CharField(label=_("Kepada"), max_length=300)
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100)
    sent_at = _datetime_field(_("Waktu pengiriman (WITA)"))


# --- preventive activities -------------------------------------------------------------------------


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (the phone's camera or gallery); cleans to a list, maybe empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True}),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


def _kecamatan_choices_for(user):
    """The kecamatan a user logs activities in: those they cover, and those of the desa they cover."""
    profile = access_profile(user)
    units = adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False)
    if profile.kabupaten_wide:
        return units
    codes = profile.area_codes_for(*WORK_ROLES)
    if any(code.count(".") < 2 for code in codes):  # a kabupaten-level office (Polres, Kodim)
        return units
    return units.filter(code__in={code[:8] for code in codes})


def prevention_initial(user) -> dict:
    """A new activity starts at the current minute (WITA), in the user's own kecamatan (and desa), for
    their own organisation."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial: dict = {"held_at": now}
    codes = access_profile(user).area_codes_for(*WORK_ROLES)
    if len(codes) == 1 and codes[0].count(".") >= 2:  # one kecamatan (64.08.04) or desa (64.08.04.2001)
        code = codes[0]
        areas = {a.code: a for a in adminunit_list(codes=[code[:8], code], with_parent=False)}
        if code[:8] in areas:
            initial["kecamatan"] = areas[code[:8]].pk
        if len(code) > 8 and code in areas:
            initial["desa"] = areas[code].pk
    organisation = prevention_organisation_default(user)
    if organisation:
        initial["organisation"] = organisation
    return initial


class PreventionForm(DateBoundsMixin, forms.Form):
    """The phone form of a preventive activity: what, when, where (kecamatan, desa, GPS), who, photos."""

    SERVICE_FIELDS = {"area": "kecamatan", "photos": "photos", "client_id": "__all__"}

    kind = forms.ChoiceField(
        label=_("Jenis kegiatan"), choices=PreventionKind.choices, widget=forms.RadioSelect
    )
    held_at = _datetime_field(_("Waktu kegiatan (WITA)"))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=None, widget=AreaSelect(attrs={"data-kecamatan-select": ""})
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=None,
        required=False,
        help_text=_("Kosongkan bila kegiatan untuk seluruh kecamatan."),
        widget=AreaSelect(attrs={"data-desa-select": ""}),
    )
    place = forms.CharField(
        label=_("Tempat"), max_length=300, required=False, help_text=_("Misalnya: Pasar Sangatta, TPS 005.")
    )
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
    organisation = OrganisationPickerField(
        label=_("Instansi"),
        required=False,
    )
    participant_count = forms.IntegerField(
        label=_("Jumlah peserta"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Kosongkan untuk menghitung orang yang dipilih dari registri."),
    )
    participants = PersonMultiPickerField(
        label=_("Peserta dari registri (opsional)"),
        required=False,
    )
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    photos = MultiplePhotoField(label=_("Foto kegiatan (boleh beberapa)"))
    # The id the phone gives a new activity (static/js/offline.js): a repeated send finds the first.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"data-client-id": ""}))

    def __init__(self, *args, user, with_photos: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kecamatan"].queryset = _kecamatan_choices_for(user)
        self.fields["desa"].queryset = adminunit_list(level=AdminLevel.DESA, with_parent=False).filter(
            parent__in=self.fields["kecamatan"].queryset
        )
        self.fields["organisation"].queryset = organisation_visible_to(user).order_by("name")
        self.fields["participants"].queryset = person_visible_to(user).order_by("full_name")
        if not with_photos:
            # The edit form: photos are added on the activity's page, and the activity has its id.
            del self.fields["photos"]
            del self.fields["client_id"]

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and not desa.code.startswith(kecamatan.code + "."):
            self.add_error("desa", _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        kecamatan, desa = data.pop("kecamatan"), data.pop("desa")
        data["area"] = desa or kecamatan
        return data


class PreventionFilterForm(DateBoundsMixin, forms.Form):
    """The filters of the list "Kegiatan pencegahan" (each backed by an index)."""

    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua")), *PreventionKind.choices]
    )
    area = forms.ModelChoiceField(label=_("Wilayah"), queryset=None, required=False, to_field_name="code")
    dari = forms.DateField(label=_("Dari"), required=False, widget=DATE_WIDGET)
    sampai = forms.DateField(label=_("Sampai"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            area_choices_for(user).filter(level__in=["kabupaten", "kecamatan"]).order_by("code")
        )

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("Tanggal akhir sebelum tanggal awal."))
        return data


class PreventionPhotoForm(forms.Form):
    photos = MultiplePhotoField(label=_("Foto kegiatan"))


# --- the action plan ---------------------------------------------------------------------------------


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Judul"),
        max_length=250,
        required=False,
        help_text=_("Kosongkan: Rencana aksi terpadu <tahun>."),
    )
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlanActivityForm(DateBoundsMixin, forms.Form):
    """An activity of the plan: what, target, phase, where, which agency, planned dates."""

    title = forms.CharField(label=_("Kegiatan"), max_length=300)
    target = forms.CharField(label=_("Sasaran / target"), max_length=300)
    phase = forms.ChoiceField(
        label=_("Tahapan pemilihan"), choices=[("", "-"), *PhaseCode.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("Wilayah"), queryset=None)
    organisation = forms.ModelChoiceField(label=_("Instansi penanggung jawab"), queryset=None)
    owner = forms.ModelChoiceField(label=_("Penanggung jawab (orang)"), queryset=None, required=False)
    planned_start = forms.DateField(label=_("Rencana mulai"), widget=DATE_WIDGET)
    planned_end = forms.DateField(label=_("Rencana selesai"), widget=DATE_WIDGET)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            area_choices_for(user, roles=WORK_ROLES)
            .filter(level__in=["kabupaten", "kecamatan"])
            .order_by("code")
        )
        self.fields["organisation"].queryset = organisation_visible_to(user).order_by("name")
        self.fields["owner"].queryset = person_visible_to(user).order_by("full_name")


class PlanProgressForm(DateBoundsMixin, forms.Form):
    """Progress recorded by the responsible agency."""

    progress = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    actual_start = forms.DateField(label=_("Realisasi mulai"), widget=DATE_WIDGET, required=False)
    actual_end = forms.DateField(
        label=_("Realisasi selesai"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Untuk kegiatan yang selesai 100 persen; kosong: hari ini."),
    )
    note = forms.CharField(
        label=_("Catatan kemajuan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
