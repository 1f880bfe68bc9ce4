"""Forms of the Bimtek pages, each with a crispy helper."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin
from stakeholders.choices import OrgType
from stakeholders.pickers import OrganisationMultiPickerField, OrganisationPickerField, PersonMultiPickerField

from .choices import AttendanceStatus, RegistrationRole, TestKind
from .models import Batch, Programme, Registration, Session


def _helper(label, *, action: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    if action:
        helper.form_action = action
    helper.add_input(Submit("submit", label))
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ProgrammeForm(DateBoundsMixin, forms.ModelForm):
    target_org_types = forms.MultipleChoiceField(
        label=_("Sasaran jenis organisasi"),
        choices=OrgType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila terbuka untuk semua jenis organisasi."),
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "theme",
            "organiser",
            "partners",
            "venue",
            "start_date",
            "end_date",
            "lesson_hours",
            "quota",
            "target_org_types",
            "attendance_threshold",
            "pass_mark",
            "signatory_name",
            "signatory_title",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        field_classes = {"organiser": OrganisationPickerField, "partners": OrganisationMultiPickerField}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organiser"].queryset = organisations
            self.fields["partners"].queryset = organisations
        self.helper = _helper(_("Simpan"))


class SessionForm(DateBoundsMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "topic", "room", "trainers", "speakers"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }
        field_classes = {"speakers": PersonMultiPickerField}

    guest_speakers = forms.CharField(
        label=_("Narasumber tamu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Narasumber yang tidak ada di registri, satu per baris: nama; jabatan dan instansi. "
            "Contoh: Drs. H. Fulan, M.Si.; Sekretaris Daerah Kabupaten"
        ),
    )

    def __init__(self, *args, people=None, speaker_people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["trainers"].queryset = people
            self.fields["speakers"].queryset = people
        if speaker_people is not None:
            self.fields["speakers"].queryset = speaker_people
        self.fields["trainers"].help_text = _(
            "Daftarkan dulu sebagai fasilitator atau narasumber di daftar peserta."
        )
        self.fields["speakers"].help_text = _(
            "Dari registri tokoh; tidak perlu terdaftar sebagai peserta. Yang belum ada di registri "
            "ditulis di Narasumber tamu."
        )
        self.helper = _helper(_("Tambah sesi"))

    def clean_guest_speakers(self) -> list[tuple[str, str]]:
        guests = []
        for number, line in enumerate(self.cleaned_data.get("guest_speakers", "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, office = line.partition(";")
            name, office = name.strip(), office.strip()
            if not name:
                raise forms.ValidationError(
                    _("Baris %(n)s: nama narasumber wajib diisi sebelum tanda titik koma.") % {"n": number}
                )
            if len(name) > 150 or len(office) > 200:
                raise forms.ValidationError(
                    _("Baris %(n)s: nama paling banyak 150 karakter, jabatan paling banyak 200.")
                    % {"n": number}
                )
            guests.append((name, office))
        return guests


class RegistrationForm(forms.Form):
    """Register someone from the registry, or type a new person's name to add them on the way."""

    person = forms.ModelChoiceField(label=_("Orang dari registri"), queryset=None, required=False)
    new_full_name = forms.CharField(label=_("atau nama orang baru"), max_length=150, required=False)
    new_honorific = forms.CharField(label=_("Pangkat/gelar orang baru"), max_length=60, required=False)
    organisation = OrganisationPickerField(
        label=_("Asal organisasi"),
        required=False,
        help_text=_("Kosongkan untuk memakai jabatan orang itu saat ini."),
    )
    role = forms.ChoiceField(
        label=_("Peran"), choices=RegistrationRole.choices, initial=RegistrationRole.PESERTA
    )
    batch = forms.ModelChoiceField(label=_("Angkatan"), queryset=Batch.objects.none(), required=False)

    def __init__(self, *args, people, organisations, batches=None, **kwargs):
        """``people`` and ``organisations`` are the registry's, scoped to the user by the view."""
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations
        if batches is not None:
            self.fields["batch"].queryset = batches
        if not self.fields["batch"].queryset.exists():
            del self.fields["batch"]
        self.helper = _helper(_("Daftarkan"))

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("new_full_name", "").strip():
            raise forms.ValidationError(_("Pilih orang dari registri atau isi nama orang baru."))
        if data.get("person") and data.get("new_full_name", "").strip():
            raise forms.ValidationError(_("Pilih salah satu: orang dari registri atau orang baru."))
        return data


class BatchForm(forms.Form):
    number = forms.IntegerField(label=_("Angkatan ke"), min_value=1, max_value=99)
    label = forms.CharField(label=_("Nama angkatan"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah angkatan"))


class OrgTypeQuotaForm(forms.Form):
    org_type = forms.ChoiceField(label=_("Jenis organisasi"), choices=OrgType.choices)
    quota = forms.IntegerField(label=_("Kuota"), min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX atau CSV"),
        help_text=_("Kolom: nama, gelar, organisasi, peran, angkatan. Baris pertama adalah judul kolom."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Pratinjau"))
        self.helper.form_enctype = "multipart/form-data"


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Kode tiket"), max_length=20)


class AttendanceMarkForm(forms.Form):
    """One row of the attendance sheet: a participant of this programme and their status."""

    registration = forms.ModelChoiceField(
        label=_("Peserta"),
        queryset=Registration.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Pilih peserta yang akan ditandai."),
            "invalid_choice": _("Peserta tidak terdaftar di Bimtek ini."),
        },
    )
    status = forms.ChoiceField(
        label=_("Kehadiran"),
        choices=AttendanceStatus.choices,
        error_messages={"invalid_choice": _("Status kehadiran tidak dikenal.")},
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = Registration.objects.filter(
            programme=programme
        ).select_related("person")


class AttendanceBulkForm(forms.Form):
    """The sheet's bulk action: one status for every ticked participant, or for all of them."""

    registrations = forms.ModelMultipleChoiceField(
        label=_("Peserta"),
        queryset=Registration.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Peserta tidak terdaftar di Bimtek ini.")},
    )
    status = forms.ChoiceField(
        label=_("Kehadiran"),
        choices=AttendanceStatus.choices,
        error_messages={"invalid_choice": _("Status kehadiran tidak dikenal.")},
    )
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = participants

    def clean(self):
        data = super().clean()
        if not data.get("everyone") and not data.get("registrations"):
            raise forms.ValidationError(_("Centang peserta yang akan ditandai."))
        if data.get("everyone"):
            data["registrations"] = list(self.fields["registrations"].queryset)
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    session = forms.ModelChoiceField(label=_("Sesi"), queryset=Session.objects.none(), required=False)
    file = forms.FileField(
        label=_("Berkas"), required=False, help_text=_("PDF, PPTX, DOCX, XLSX atau gambar.")
    )
    video_url = forms.URLField(label=_("atau tautan video"), required=False, assume_scheme="https")

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sessions is not None:
            self.fields["session"].queryset = sessions
        self.helper = _helper(_("Unggah"))
        self.helper.form_enctype = "multipart/form-data"


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 2}))
    choice_1 = forms.CharField(label=_("Pilihan A"), max_length=300)
    choice_2 = forms.CharField(label=_("Pilihan B"), max_length=300)
    choice_3 = forms.CharField(label=_("Pilihan C"), max_length=300, required=False)
    choice_4 = forms.CharField(label=_("Pilihan D"), max_length=300, required=False)
    correct = forms.ChoiceField(label=_("Jawaban benar"), choices=[(0, "A"), (1, "B"), (2, "C"), (3, "D")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Tambah soal"))


class TestForm(forms.Form):
    """One radio group per question of the bank."""

    __test__ = False  # not a pytest class

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"q{q.id}"] = forms.TypedChoiceField(
                label=q.text,
                choices=list(enumerate(q.choices)),
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.helper = _helper(_("Kirim jawaban"))

    def answers(self) -> dict[int, int]:
        return {q.id: self.cleaned_data[f"q{q.id}"] for q in self.questions}


LIKERT = [(i, str(i)) for i in range(1, 6)]


class EvaluationForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Sesi"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Bimtek secara keseluruhan"),
    )
    relevance = forms.TypedChoiceField(
        label=_("Materi relevan dengan tugas saya (1-5)"),
        choices=LIKERT,
        coerce=int,
        widget=forms.RadioSelect,
    )
    delivery = forms.TypedChoiceField(
        label=_("Fasilitator/narasumber menyampaikan dengan jelas (1-5)"),
        choices=LIKERT,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("Bermanfaat untuk pencegahan konflik di wilayah saya (1-5)"),
        choices=LIKERT,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Saran dan komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    anonymous = forms.BooleanField(label=_("Kirim tanpa nama"), required=False)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sessions is not None:
            self.fields["session"].queryset = sessions
        self.helper = _helper(_("Kirim evaluasi"))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=300)


class CertificateIssueForm(forms.Form):
    """Issuing certificates: before the programme is over, only with a reason (kept in the history)."""

    early_reason = forms.CharField(
        label=_("Alasan terbit sebelum Bimtek selesai"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Alasan paling banyak %(limit_value)d karakter.")},
    )


KIND_CHOICES = TestKind.choices
