"""Pages of the Bimtek. Thin: parse with a form, call one service, render or redirect."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import export_download_record
from core.views import job_progress_response
from stakeholders.choices import OrgType
from stakeholders.selectors import organisation_visible_to, person_visible_to

from . import selectors, services
from .choices import (
    ACTIVE_STATUSES,
    AttendanceStatus,
    ImportPhase,
    RegistrationRole,
    RegistrationStatus,
    TestKind,
)
from .forms import (
    AttendanceBulkForm,
    AttendanceMarkForm,
    BatchForm,
    CertificateIssueForm,
    CheckInForm,
    EvaluationForm,
    ImportForm,
    MaterialForm,
    OrgTypeQuotaForm,
    ProgrammeForm,
    QuestionForm,
    RegistrationForm,
    RevokeForm,
    SessionForm,
    TestForm,
)
from .models import Registration, TestAttempt, code_is_wellformed, code_normalise

PAGE_SIZE = 40
PERSON_CHOICES = 50


def staff_required(permission: str):
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _managed(request, pk):
    return get_object_or_404(selectors.programme_managed_by(request.user), pk=pk)


@login_required
def index(request):
    """People who run programmes land on the list; everyone else on their own tickets."""
    if request.user.has_perm("training.view_programme"):
        return redirect("training:programme_list")
    return redirect("training:my_training")


@staff_required("training.view_programme")
def programme_list(request):
    page = Paginator(selectors.programme_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/programme_list.html", {"page_obj": page, "programmes": page.object_list})


@staff_required("training.add_programme")
def programme_create(request):
    organisations = organisation_visible_to(request.user)
    form = ProgrammeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        try:
            programme = services.programme_create(by_user=request.user, partners=partners, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Bimtek disimpan. Tambahkan sesi ke agendanya."))
            return redirect(programme)
    return render(request, "training/programme_form.html", {"form": form})


@staff_required("training.change_programme")
def programme_update(request, pk):
    programme = _managed(request, pk)
    form = ProgrammeForm(
        request.POST or None, instance=programme, organisations=organisation_visible_to(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        try:
            services.programme_update(programme=programme, by_user=request.user, partners=partners, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(programme)
    return render(request, "training/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request, pk):
    programme = get_object_or_404(
        selectors.programme_with_related(selectors.programme_visible_to(request.user)), pk=pk
    )
    manages = selectors.programme_managed_by(request.user).filter(pk=pk).exists()
    own = selectors.registration_own(user=request.user).filter(programme=programme).first()
    session_form = None
    if manages:
        session_form = SessionForm(
            people=selectors.programme_staff_people(programme=programme),
            speaker_people=person_visible_to(request.user).order_by("full_name"),
        )
        session_form.helper.form_action = reverse("training:session_create", args=[programme.pk])
    context = {
        "programme": programme,
        "sessions": selectors.session_agenda(programme=programme),
        "manages": manages,
        "own": own,
        "session_form": session_form,
        "batch_form": BatchForm() if manages else None,
        "org_types": OrgType.choices,
        "invitation_sends": programme.invitation_sends.select_related("sent_by")[:5] if manages else (),
    }
    return render(request, "training/programme_detail.html", context)


@require_POST
@staff_required("training.change_programme")
def batch_create(request, pk):
    programme = _managed(request, pk)
    form = BatchForm(request.POST)
    if form.is_valid():
        try:
            services.batch_create(programme=programme, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Angkatan ditambahkan."))
    else:
        messages.error(request, _("Nomor angkatan wajib diisi (1-99)."))
    return redirect(programme)


@require_POST
@staff_required("training.change_programme")
def org_type_quota_set(request, pk):
    programme = _managed(request, pk)
    form = OrgTypeQuotaForm(request.POST)
    if form.is_valid():
        services.org_type_quota_set(programme=programme, by_user=request.user, **form.cleaned_data)
        messages.success(request, _("Kuota per jenis organisasi disimpan."))
    else:
        messages.error(request, _("Pilih jenis organisasi dan isi kuota (0 atau lebih)."))
    return redirect(programme)


@staff_required("training.add_session")
def session_create(request, pk):
    programme = _managed(request, pk)
    form = SessionForm(
        request.POST or None,
        people=selectors.programme_staff_people(programme=programme),
        speaker_people=person_visible_to(request.user).order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(programme=programme, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Sesi ditambahkan ke agenda."))
            return redirect(programme)
    return render(request, "training/session_form.html", {"form": form, "programme": programme})


@staff_required("training.view_registration")
def registration_list(request, pk):
    programme = _managed(request, pk)
    registrable = selectors.person_registrable_by(request.user, programme)
    form = RegistrationForm(
        request.POST or None,
        people=registrable,
        organisations=organisation_visible_to(request.user),
        batches=programme.batches.all(),
    )
    if request.method == "POST":
        if not request.user.has_perm("training.add_registration"):
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["person"]:
                    services.registration_create(
                        programme=programme,
                        person=data["person"],
                        role=data["role"],
                        organisation=data["organisation"],
                        batch=data.get("batch"),
                        by_user=request.user,
                    )
                else:
                    services.registration_create_new_person(
                        programme=programme,
                        full_name=data["new_full_name"],
                        honorific=data["new_honorific"],
                        organisation=data["organisation"],
                        role=data["role"],
                        batch=data.get("batch"),
                        by_user=request.user,
                    )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Peserta didaftarkan."))
                return redirect("training:registration_list", pk=programme.pk)
    # Render a short, searchable list of people; a post is validated against everyone in scope.
    search = request.GET.get("cari", "").strip()
    if request.method != "POST":
        people = registrable.order_by("full_name")
        if search:
            people = people.filter(full_name__icontains=search)
        form.fields["person"].queryset = people[:PERSON_CHOICES]
    page = Paginator(selectors.registration_list(programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/registration_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "registrations": page.object_list,
            "form": form,
            "search": search,
            "statuses": RegistrationStatus.choices,
        },
    )


@require_POST
@staff_required("training.change_registration")
def registration_status(request, pk, registration_pk):
    programme = _managed(request, pk)
    registration = get_object_or_404(Registration, programme=programme, pk=registration_pk)
    status = request.POST.get("status", "")
    if status not in RegistrationStatus.values:
        messages.error(request, _("Status tidak dikenal."))
    else:
        try:
            services.registration_set_status(registration=registration, status=status, by_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status %(person)s diubah.") % {"person": registration.person})
    return redirect("training:registration_list", pk=programme.pk)


@staff_required("training.add_registration")
def registration_import(request, pk):
    """Upload a participant file; it is checked (by the worker when large) before anything is saved."""
    programme = _managed(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.registration_import_create(
                programme=programme, upload=form.cleaned_data["file"], by_user=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(job)
    return render(
        request,
        "training/registration_import.html",
        {
            "programme": programme,
            "form": form,
            "imports": selectors.registration_import_list(programme=programme)[:5],
            "max_rows": services.import_max_rows(),
        },
    )


def _import_of(request, pk, import_pk):
    programme = _managed(request, pk)
    job = get_object_or_404(selectors.registration_import_list(programme=programme), pk=import_pk)
    return programme, job


@staff_required("training.add_registration")
def registration_import_detail(request, pk, import_pk):
    """An import's progress while it is checked or saved, then its rows and problems, and the save button."""
    programme, job = _import_of(request, pk, import_pk)
    return render(request, "training/registration_import_detail.html", {"programme": programme, "job": job})


@staff_required("training.add_registration")
def registration_import_progress(request, pk, import_pk):
    """The progress bar (polled by htmx); when the job is done the page reloads itself."""
    _programme, job = _import_of(request, pk, import_pk)
    return job_progress_response(request, job)


@require_POST
@staff_required("training.add_registration")
def registration_import_save(request, pk, import_pk):
    """Register every row of a checked import, or none."""
    programme, job = _import_of(request, pk, import_pk)
    try:
        job = services.registration_import_start_save(job=job, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    if job.phase == ImportPhase.DONE:
        messages.success(request, _("%(n)s orang didaftarkan.") % {"n": job.created_count})
        return redirect("training:registration_list", pk=programme.pk)
    if job.phase == ImportPhase.INVALID:
        messages.error(request, _("Tidak ada yang disimpan: ada masalah."))
    return redirect(job)


@login_required
def my_training(request):
    """The user's own programmes, tickets, materials and certificates."""
    registrations = list(selectors.registration_own(user=request.user))
    return render(request, "training/my_training.html", {"registrations": registrations})


@login_required
def ticket_detail(request, code):
    canonical = code_normalise(code)
    if not code_is_wellformed(canonical):
        raise Http404
    if canonical != code:
        # A code typed into the address bar in lower case or in groups ends on the ticket's own address.
        return redirect("training:ticket_detail", code=canonical)
    registration = get_object_or_404(selectors.ticket_visible_to(request.user), ticket_code=code)
    return render(request, "training/ticket_detail.html", {"registration": registration})


@login_required
def ticket_qr(request, code, kind):
    if kind not in ("svg", "png") or not code_is_wellformed(code_normalise(code)):
        raise Http404
    registration = get_object_or_404(
        selectors.ticket_visible_to(request.user), ticket_code=code_normalise(code)
    )
    content = services.ticket_qr(code=registration.ticket_code, kind=kind)
    return HttpResponse(content, content_type="image/png" if kind == "png" else "image/svg+xml")


@staff_required("training.change_attendance")
def checkin(request, pk):
    programme = _managed(request, pk)
    sessions = list(programme.sessions.order_by("date", "start_time"))
    selected = None
    if request.GET.get("sesi"):
        selected = next((s for s in sessions if str(s.pk) == request.GET["sesi"]), None)
    selected = selected or (sessions[0] if sessions else None)
    return render(
        request,
        "training/checkin.html",
        {"programme": programme, "sessions": sessions, "session": selected, "form": CheckInForm()},
    )


@require_POST
@staff_required("training.change_attendance")
def checkin_submit(request, pk, session_pk):
    programme = _managed(request, pk)
    session = get_object_or_404(programme.sessions, pk=session_pk)
    form = CheckInForm(request.POST)
    ok, message, attendance = False, _("Kode tiket wajib diisi."), None
    if form.is_valid():
        try:
            attendance = services.attendance_check_in(
                session=session, code=form.cleaned_data["code"], by_user=request.user
            )
        except ValidationError as exc:
            message = " ".join(exc.messages)
        else:
            ok = True
            message = _("%(person)s tercatat %(status)s.") % {
                "person": attendance.registration.person,
                "status": attendance.get_status_display().lower(),
            }
    return render(
        request,
        "training/partials/checkin_result.html",
        {"ok": ok, "message": message},
        status=200 if ok or request.htmx else 422,
    )


@staff_required("training.change_attendance")
def session_qr(request, pk, session_pk):
    """The session's self check-in QR code for the trainer's screen or projector; renews itself."""
    programme = _managed(request, pk)
    session = get_object_or_404(programme.sessions, pk=session_pk)
    token = services.session_checkin_token(session=session)
    ttl = settings.TRAINING_CHECKIN_QR_TTL_S
    return render(
        request,
        "training/session_qr.html",
        {
            "programme": programme,
            "session": session,
            "token": token,
            "checkin_url": services.session_checkin_url(token=token),
            # Reload well before the code runs out, so a code scanned from the screen is always live.
            "refresh_s": max(10, ttl // 2),
            "ttl_min": max(1, round(ttl / 60)),
            "opens_at": services.attendance_opens_at(session),
            "is_open": services.attendance_opens_at(session) <= timezone.now(),
        },
    )


@staff_required("training.change_attendance")
def session_qr_image(request, pk, session_pk):
    """The QR code of the token the trainer's page shows (``?t=``), or of a fresh one."""
    programme = _managed(request, pk)
    session = get_object_or_404(programme.sessions, pk=session_pk)
    token = services.session_checkin_token(session=session, current=request.GET.get("t", ""))
    response = HttpResponse(services.session_checkin_qr(token=token), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def session_self_checkin(request, token):
    """A participant's own phone after scanning the session's QR code: confirm, then checked in."""
    error, attendance, session, registration = None, None, None, None
    try:
        session = services.session_from_checkin_token(token=token)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        registration = (
            selectors.registration_own(user=request.user).filter(programme_id=session.programme_id).first()
        )
        if registration is None:
            error = _("Anda tidak terdaftar di Bimtek %(title)s. Hubungi panitia.") % {
                "title": session.programme.title
            }
        elif request.method == "POST":
            try:
                attendance = services.attendance_self_check_in(
                    session=session, registration=registration, token=token, by_user=request.user
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
    if session is None:
        status = 400
    elif registration is None:
        status = 404
    else:
        status = 200
    return render(
        request,
        "training/session_self_checkin.html",
        {"session": session, "registration": registration, "attendance": attendance, "error": error},
        status=status,
    )


@staff_required("training.change_attendance")
def attendance_sheet(request, pk, session_pk):
    programme = _managed(request, pk)
    session = get_object_or_404(programme.sessions, pk=session_pk)
    status = 200
    if request.method == "POST" and request.POST.get("bulk"):
        # Everyone present in one click, or one status for every ticked participant.
        bulk = AttendanceBulkForm(
            request.POST, participants=selectors.attendance_sheet(programme=programme, session=session)
        )
        if bulk.is_valid():
            try:
                count = services.attendance_mark_many(
                    session=session,
                    registrations=bulk.cleaned_data["registrations"],
                    status=bulk.cleaned_data["status"],
                    by_user=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Kehadiran %(n)s peserta disimpan: %(status)s.")
                    % {"n": count, "status": AttendanceStatus(bulk.cleaned_data["status"]).label},
                )
        else:
            messages.error(request, " ".join(e for errors in bulk.errors.values() for e in errors))
        return redirect("training:attendance_sheet", pk=programme.pk, session_pk=session.pk)
    if request.method == "POST":
        # A form, not the raw POST: a malformed participant id (text, NUL, a number past bigint) is
        # a message on the sheet, not a 500.
        form = AttendanceMarkForm(request.POST, programme=programme)
        if form.is_valid():
            registration = form.cleaned_data["registration"]
            try:
                services.attendance_mark(
                    registration=registration,
                    session=session,
                    status=form.cleaned_data["status"],
                    by_user=request.user,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Kehadiran %(person)s disimpan.") % {"person": registration.person}
                )
            return redirect("training:attendance_sheet", pk=programme.pk, session_pk=session.pk)
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        status = 400
    page = Paginator(selectors.attendance_sheet(programme=programme, session=session), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(r, r.session_marks[0] if r.session_marks else None) for r in page.object_list]
    return render(
        request,
        "training/attendance_sheet.html",
        {
            "programme": programme,
            "session": session,
            "rows": rows,
            "page_obj": page,
            "statuses": AttendanceStatus.choices,
            "opens_at": services.attendance_opens_at(session),
            "is_open": services.attendance_opens_at(session) <= timezone.now(),
        },
        status=status,
    )


@login_required
def material_list(request, pk):
    programme = get_object_or_404(selectors.programme_visible_to(request.user), pk=pk)
    manages = selectors.programme_managed_by(request.user).filter(pk=pk).exists()
    can_upload = manages and request.user.has_perm("training.add_material")
    form = MaterialForm(request.POST or None, request.FILES or None, sessions=programme.sessions.all())
    if request.method == "POST":
        if not can_upload:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.material_upload(
                    programme=programme,
                    title=data["title"],
                    uploaded=data["file"],
                    video_url=data["video_url"],
                    session=data["session"],
                    by_user=request.user,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Materi disimpan."))
                return redirect("training:material_list", pk=programme.pk)
    materials = selectors.material_visible_to(request.user).filter(programme=programme).order_by("created_at")
    return render(
        request,
        "training/material_list.html",
        {"programme": programme, "materials": materials, "form": form if can_upload else None},
    )


@login_required
def material_download(request, material_pk):
    material = get_object_or_404(selectors.material_visible_to(request.user), pk=material_pk)
    if not material.file:
        return redirect(material.video_url)
    services.material_download_record(material=material)
    extension = material.file.name.rsplit(".", 1)[-1]
    filename = f"{material.title[:80]}.{extension}"
    return FileResponse(
        default_storage.open(material.file.name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=material.content_type or "application/octet-stream",
    )


@staff_required("training.add_question")
def question_list(request, pk):
    programme = _managed(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_add(
                programme=programme,
                text=data["text"],
                choices=[data["choice_1"], data["choice_2"], data["choice_3"], data["choice_4"]],
                correct_index=int(data["correct"]),
                by_user=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Soal ditambahkan."))
            return redirect("training:question_list", pk=programme.pk)
    return render(
        request,
        "training/question_list.html",
        {"programme": programme, "questions": programme.questions.all(), "form": form},
    )


def _own_registration(request, pk) -> Registration:
    return get_object_or_404(
        selectors.registration_own(user=request.user),
        programme_id=pk,
        role=RegistrationRole.PESERTA,
        status__in=ACTIVE_STATUSES,
    )


@login_required
def test_take(request, pk, kind):
    registration = _own_registration(request, pk)
    if kind not in TestKind.values:
        raise Http404
    done = TestAttempt.objects.filter(registration=registration, kind=kind).first()
    form = TestForm(request.POST or None, questions=registration.programme.questions.all())
    if request.method == "POST" and done is None and form.is_valid():
        try:
            done = services.test_submit(registration=registration, kind=kind, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Jawaban terkirim. Nilai Anda %(score)s.") % {"score": done.score})
            return redirect("training:test_take", pk=pk, kind=kind)
    return render(
        request,
        "training/test_take.html",
        {
            "registration": registration,
            "programme": registration.programme,
            "form": form,
            "attempt": done,
            "kind_label": TestKind(kind).label,
        },
    )


test_take.__test__ = False  # not a pytest function


@login_required
def evaluation_take(request, pk):
    registration = _own_registration(request, pk)
    form = EvaluationForm(request.POST or None, sessions=registration.programme.sessions.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_submit(registration=registration, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
            return redirect("training:evaluation_take", pk=pk)
    return render(
        request, "training/evaluation_form.html", {"programme": registration.programme, "form": form}
    )


@staff_required("training.view_programme")
def evaluation_summary(request, pk):
    programme = _managed(request, pk)
    return render(
        request,
        "training/evaluation_summary.html",
        {"programme": programme, "summary": selectors.evaluation_summary(programme=programme)},
    )


@staff_required("training.view_certificate")
def certificate_list(request, pk):
    programme = _managed(request, pk)
    eligibility = services.certificate_eligibility_map(programme=programme)
    ends_at = services.programme_ends_at(programme)
    page = Paginator(
        selectors.registration_list(programme=programme).filter(role=RegistrationRole.PESERTA), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(r, eligibility.get(r.pk)) for r in page.object_list]
    return render(
        request,
        "training/certificate_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "rows": rows,
            "job": selectors.certificate_job_latest(programme=programme),
            "revoke_form": RevokeForm(),
            "ends_at": ends_at,
            "ended": ends_at <= timezone.now(),
        },
    )


@require_POST
@staff_required("training.change_registration")
def programme_invitations_send(request, pk):
    programme = _managed(request, pk)
    kind = request.POST.get("kind", "undangan")
    try:
        count = services.programme_invitations_send(programme=programme, by_user=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if kind == "pengingat":
            messages.success(request, _("Pengingat dikirim ke %(count)d peserta.") % {"count": count})
        else:
            messages.success(request, _("Undangan dikirim ke %(count)d peserta.") % {"count": count})
    return redirect("training:programme_detail", pk=programme.pk)


@require_POST
@staff_required("training.add_certificate")
def certificate_issue_all(request, pk):
    programme = _managed(request, pk)
    form = CertificateIssueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
        job = services.certificate_job_start(
            programme=programme, by_user=request.user, early_reason=form.cleaned_data["early_reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if request.htmx:
            return render(
                request, "training/partials/certificate_issue_error.html", {"message": " ".join(exc.messages)}
            )
        return redirect("training:certificate_list", pk=programme.pk)
    if request.htmx:
        return job_progress_response(request, job)
    return redirect("training:certificate_list", pk=programme.pk)


@require_POST
@staff_required("training.add_certificate")
def certificate_issue_one(request, pk, registration_pk):
    programme = _managed(request, pk)
    registration = get_object_or_404(Registration, programme=programme, pk=registration_pk)
    form = CertificateIssueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
        services.certificate_issue(
            registration=registration, by_user=request.user, early_reason=form.cleaned_data["early_reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sertifikat %(person)s diterbitkan.") % {"person": registration.person})
    return redirect("training:certificate_list", pk=programme.pk)


@staff_required("training.view_certificate")
def certificate_job_progress(request, pk, job_pk):
    programme = _managed(request, pk)
    job = get_object_or_404(programme.certificate_jobs, pk=job_pk)
    return job_progress_response(request, job)


@require_POST
@staff_required("training.change_certificate")
def certificate_revoke(request, pk, certificate_pk):
    programme = _managed(request, pk)
    certificate = get_object_or_404(selectors.certificate_list(programme=programme), pk=certificate_pk)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Alasan pencabutan wajib diisi."))
        services.certificate_revoke(
            certificate=certificate, reason=form.cleaned_data["reason"], by_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sertifikat dicabut."))
    return redirect("training:certificate_list", pk=programme.pk)


@login_required
def certificate_download(request, code):
    certificate = get_object_or_404(selectors.certificate_visible_to(request.user), code=code)
    if certificate.pdf:
        handle = default_storage.open(certificate.pdf.name, "rb")
    else:
        handle = io.BytesIO(services.certificate_pdf_render(certificate=certificate))
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"sertifikat-{certificate.code}.pdf",
        content_type="application/pdf",
    )


def certificate_verify(request, code):
    """Public: whether a certificate code is genuine, showing only name, programme and dates."""
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        return render(
            request, "training/certificate_verify.html", {"certificate": None, "code": code}, status=404
        )
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "dates": services.programme_dates_label(certificate.registration.programme),
        },
    )


@staff_required("training.view_attendance")
def programme_report(request, pk):
    programme = _managed(request, pk)
    context = {
        "programme": programme,
        "by_session": selectors.attendance_by_session(programme=programme),
        "by_org_type": selectors.attendance_by_org_type(programme=programme),
        "gain_by_org_type": selectors.learning_gain_by_org_type(programme=programme),
        "gain_rows": selectors.learning_gain_by_participant(programme=programme),
    }
    return render(request, "training/programme_report.html", context)


@staff_required("training.view_attendance")
def programme_report_xlsx(request, pk):
    programme = _managed(request, pk)
    from .exports import programme_report_workbook

    content = programme_report_workbook(programme=programme)
    export_download_record(
        by_user=request.user,
        name="training.programme_report",
        request=request,
        detail={"programme": programme.pk},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-bimtek-{programme.pk}.xlsx"'
    return response


@staff_required("training.view_programme")
def coverage_report(request):
    rows = selectors.training_coverage_for(request.user)
    if request.GET.get("format") == "xlsx":
        from .exports import coverage_workbook

        export_download_record(by_user=request.user, name="training.coverage_report", request=request)
        response = HttpResponse(
            coverage_workbook(rows=rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="cakupan-bimtek.xlsx"'
        return response
    return render(request, "training/coverage_report.html", {"rows": rows})
