"""Coordination pages: tracked actions (tindak lanjut koordinasi), meetings (rakor) and the Inpres
2/2013 obligations of serious incidents. Thin: parse with a form, call one service, render or redirect.
Every object comes from a selector scoped to the user (out of scope is a 404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import export_download_record
from core.files import safe_file_name
from incidents.forms import apply_service_errors

from . import selectors, services
from .choices import InpresKind, MeetingStatus, PlanPeriod
from .forms import (
    ActionEvidenceForm,
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    InviteesForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    PlanActivityForm,
    PlanForm,
    PlanProgressForm,
    PreventionFilterForm,
    PreventionForm,
    PreventionPhotoForm,
    ReportSendForm,
    StatementApproveForm,
    StatementPublishForm,
    prevention_initial,
)

PAGE_SIZE = 25


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal onto the form: on its field when the form has it, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _first_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- tracked actions ---------------------------------------------------------------------------


@login_required
@permission_required("coordination.view_trackedaction", raise_exception=True)
def action_list(request):
    """Tindak lanjut koordinasi: the actions the user may see, filtered, paginated, overdue in red."""
    form = ActionFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    actions = selectors.action_list(
        request.user,
        status=filters.get("status", ""),
        source=filters.get("source", ""),
        area_code=area.code if area else "",
        overdue=bool(filters.get("overdue")),
        text=filters.get("q", ""),
    )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/action_list.html",
        {
            "form": form,
            "page_obj": page,
            "actions": page.object_list,
            "today": timezone.localdate(),
            "query_string": query.urlencode(),
        },
    )


@login_required
@permission_required("coordination.add_trackedaction", raise_exception=True)
def action_create(request):
    """Record a tracked action in one of the user's areas."""
    form = ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        incidents = data.pop("incident_numbers")
        try:
            action = services.action_create(by_user=request.user, incidents=incidents, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut dicatat."))
            return redirect(action)
    return render(request, "coordination/action_form.html", {"form": form})


@login_required
@permission_required("coordination.view_trackedaction", raise_exception=True)
def action_detail(request, pk):
    """One action: what, who, by when, status, linked incidents, evidence, history."""
    action = selectors.action_get_for_detail(request.user, pk)
    may_change = selectors.action_changeable_by(request.user).filter(pk=action.pk).exists()
    history = selectors.action_history(action)
    return render(
        request,
        "coordination/action_detail.html",
        {
            "action": action,
            "may_change": may_change,
            "status_form": ActionStatusForm(),
            "evidence_form": ActionEvidenceForm(),
            "history": history,
            "inpres": getattr(action, "inpres", None),
        },
    )


def _changeable_action(request, pk):
    return get_object_or_404(selectors.action_changeable_by(request.user), pk=pk)


@login_required
@permission_required("coordination.change_trackedaction", raise_exception=True)
def action_update(request, pk):
    """Edit what, who, by when, where and the linked incidents."""
    action = _changeable_action(request, pk)
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "organisation": action.organisation_id,
        "due_date": action.due_date,
        "area": action.area_id,
        "incident_numbers": ", ".join(i.number for i in action.incidents.all()),
    }
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        incidents = data.pop("incident_numbers")
        try:
            services.action_update(action=action, by_user=request.user, incidents=incidents, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut diubah."))
            return redirect(action)
    return render(request, "coordination/action_form.html", {"form": form, "action": action})


@login_required
@permission_required("coordination.change_trackedaction", raise_exception=True)
@require_POST
def action_status(request, pk):
    """Move an action to another status (done, cancelled, reopened...) with a note."""
    action = _changeable_action(request, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_status_set(action=action, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Status tindak lanjut diubah."))
    else:
        messages.error(request, _("Pilih status baru."))
    return redirect(action)


@login_required
@permission_required("coordination.change_trackedaction", raise_exception=True)
@require_POST
def action_evidence_create(request, pk):
    """Add a note and/or a file (checked by content and size) as evidence."""
    action = _changeable_action(request, pk)
    form = ActionEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.action_evidence_add(
                action=action,
                by_user=request.user,
                note=form.cleaned_data["note"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Bukti ditambahkan."))
    else:
        messages.error(request, _first_message(ValidationError(list(form.errors.values()))))
    return redirect(action.get_absolute_url() + "#bukti")


@login_required
@permission_required("coordination.view_trackedaction", raise_exception=True)
def action_evidence_download(request, pk):
    """Serve one evidence file as an attachment, only for an action the user may see."""
    evidence = get_object_or_404(selectors.action_evidence_visible_to(request.user).exclude(file=""), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=safe_file_name(evidence.original_name, evidence.extension),
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Inpres 2/2013 ------------------------------------------------------------------------------


@login_required
@permission_required("coordination.record_inpresobligation", raise_exception=True)
def inpres_record(request, pk):
    """Record the next step of an obligation: the statement's approval, then its publication; the
    report's sending."""
    obligation = selectors.inpres_obligation_get(request.user, pk)
    if obligation.kind == InpresKind.LAPORAN:
        form_class, step = ReportSendForm, "send"
        initial = {"recipient": obligation.recipient, "letter_number": obligation.letter_number}
    elif obligation.approved_at is None:
        form_class, step = StatementApproveForm, "approve"
        initial = {"text": obligation.text}
    else:
        form_class, step = StatementPublishForm, "publish"
        initial = {}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if step == "send":
                services.inpres_report_send(obligation=obligation, by_user=request.user, **form.cleaned_data)
            elif step == "approve":
                services.inpres_statement_approve(
                    obligation=obligation, by_user=request.user, **form.cleaned_data
                )
            else:
                services.inpres_statement_publish(
                    obligation=obligation, by_user=request.user, **form.cleaned_data
                )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Dicatat."))
            return redirect(obligation.action)
    return render(
        request, "coordination/inpres_form.html", {"form": form, "obligation": obligation, "step": step}
    )


@login_required
@permission_required("coordination.view_trackedaction", raise_exception=True)
def inpres_letter_pdf(request, pk):
    """The letter reporting a serious incident upward, as a PDF under the letterhead."""
    from .pdf import inpres_report_letter_pdf

    obligation = selectors.inpres_obligation_get(request.user, pk)
    if obligation.kind != InpresKind.LAPORAN:
        return HttpResponse(status=404)
    export_download_record(
        by_user=request.user,
        name="coordination.inpres_letter",
        request=request,
        detail={"number": obligation.incident.number},
    )
    content = inpres_report_letter_pdf(
        obligation, printed_by=request.user.get_full_name() or request.user.get_username()
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-inpres-{obligation.incident.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- meetings --------------------------------------------------------------------------------


@login_required
@permission_required("coordination.view_meeting", raise_exception=True)
def meeting_list(request):
    """The meetings the user may see, newest first, with attendance and decisions counted."""
    form = MeetingFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = Paginator(selectors.meeting_list(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coordination/meeting_list.html",
        {"form": form, "page_obj": page, "meetings": page.object_list},
    )


@login_required
@permission_required("coordination.add_meeting", raise_exception=True)
def meeting_create(request):
    """Schedule a meeting of a forum (its seat holders invited) or of an ad-hoc group."""
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Rapat dijadwalkan. Periksa undangan, lalu kirim."))
            return redirect(meeting)
    return render(request, "coordination/meeting_form.html", {"form": form})


@login_required
@permission_required("coordination.view_meeting", raise_exception=True)
def meeting_detail(request, pk):
    """One meeting: invitees and whom the invitations reached, attendance, minutes, decisions."""
    meeting = selectors.meeting_get_for_detail(request.user, pk)
    may_run = selectors.meeting_changeable_by(request.user).filter(pk=meeting.pk).exists()
    reach = selectors.meeting_reach(meeting)
    invitees = list(meeting.invitees.all())
    context = {
        "meeting": meeting,
        "invitees": invitees,
        "decisions": list(meeting.decisions.all()),
        "may_run": may_run,
        "reach": reach,
        "reached": sum(1 for r in reach if r.state == "terjangkau"),
        "not_reached": sum(1 for r in reach if r.state == "tidak_terjangkau"),
        "waiting": sum(1 for r in reach if r.state == "menunggu"),
        "uninvited": sum(1 for i in invitees if not i.invitation_key),
        "when": services.meeting_when_label(meeting),
        "today": timezone.localdate(),
        "held": meeting.status == MeetingStatus.SELESAI,
    }
    if may_run:
        context.update(
            invitees_form=InviteesForm(user=request.user),
            minutes_form=MinutesForm(initial={"minutes": meeting.minutes}),
            decision_form=DecisionForm(user=request.user),
        )
    return render(request, "coordination/meeting_detail.html", context)


def _runnable_meeting(request, pk):
    return get_object_or_404(selectors.meeting_changeable_by(request.user), pk=pk)


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_POST
def meeting_invitees_add(request, pk):
    """Invite more people from the registry."""
    meeting = _runnable_meeting(request, pk)
    form = InviteesForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            added = services.meeting_invitees_add(
                meeting=meeting, people=form.cleaned_data["people"], by_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("%(n)s orang ditambahkan ke undangan.") % {"n": added})
    else:
        messages.error(request, _("Pilih orang yang diundang."))
    return redirect(meeting.get_absolute_url() + "#undangan")


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_POST
def meeting_invite(request, pk):
    """Send the invitation to everyone not invited yet, through their notification channels."""
    meeting = _runnable_meeting(request, pk)
    try:
        sent = services.meeting_invitations_send(meeting=meeting, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, _first_message(exc))
    else:
        messages.success(request, _("Undangan dikirim ke %(n)s orang.") % {"n": sent})
    return redirect(meeting.get_absolute_url() + "#undangan")


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_POST
def meeting_attendance(request, pk):
    """Record who attended, ticked on the list of invitees."""
    meeting = _runnable_meeting(request, pk)
    present = [value for value in request.POST.getlist("present") if value.isdigit()]
    try:
        count = services.meeting_attendance_set(
            meeting=meeting, present_person_ids=present, by_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, _first_message(exc))
    else:
        messages.success(request, _("Kehadiran dicatat: %(n)s hadir.") % {"n": count})
    return redirect(meeting.get_absolute_url() + "#kehadiran")


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_GET
def meeting_qr(request, pk):
    """The meeting's attendance QR code for the organiser's screen or projector; renews itself (a meta
    refresh, no script) well before the code runs out, so a code scanned from the screen is always live."""
    meeting = _runnable_meeting(request, pk)
    token = services.meeting_checkin_token(meeting=meeting)
    ttl = settings.COORDINATION_CHECKIN_QR_TTL_S
    opens_at = services.meeting_checkin_opens_at(meeting)
    return render(
        request,
        "coordination/meeting_qr.html",
        {
            "meeting": meeting,
            "token": token,
            "checkin_url": services.meeting_checkin_url(token=token),
            "refresh_s": max(10, ttl // 2),
            "ttl_min": max(1, round(ttl / 60)),
            "opens_at": opens_at,
            "is_open": opens_at <= timezone.now(),
            "attended": meeting.invitees.filter(attended=True).count(),
            "invited": meeting.invitees.count(),
        },
    )


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_GET
def meeting_qr_image(request, pk):
    """The QR code of the token the organiser's page shows (``?t=``), or of a fresh one."""
    meeting = _runnable_meeting(request, pk)
    token = services.meeting_checkin_token(meeting=meeting, current=request.GET.get("t", ""))
    response = HttpResponse(services.meeting_checkin_qr(token=token), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def meeting_self_checkin(request, token):
    """An invitee's own phone after scanning the meeting's QR code: confirm, then marked present. Anyone
    logged in may open it; only an invitee (their account's registry person) is marked, others read why
    not (404, as for a meeting they may not see). An expired or forged code is a 400 with a message."""
    error, invitee, meeting = None, None, None
    try:
        meeting = services.meeting_from_checkin_token(token=token)
    except ValidationError as exc:
        error = _first_message(exc)
    mine = selectors.meeting_invitee_own(request.user, meeting) if meeting else None
    if meeting is not None and mine is None:
        error = services.meeting_not_invited_message(meeting)
    elif mine is not None:
        invitee = mine if mine.attended else None
        if request.method == "POST":
            try:
                invitee = services.meeting_attendance_self_mark(
                    meeting=meeting, person_id=mine.person_id, token=token, by_user=request.user
                )
            except ValidationError as exc:
                error = _first_message(exc)
    if meeting is None:
        status = 400
    elif mine is None:
        status = 404
    else:
        status = 200
    return render(
        request,
        "coordination/meeting_self_checkin.html",
        {
            "meeting": meeting,
            "when": services.meeting_when_label(meeting) if meeting else "",
            "mine": mine,
            "invitee": invitee,
            "error": error,
        },
        status=status,
    )


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
@require_POST
def meeting_minutes(request, pk):
    """Record the minutes (notulen)."""
    meeting = _runnable_meeting(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_minutes_record(meeting=meeting, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Notulen dicatat."))
    else:
        messages.error(request, _("Notulen wajib diisi."))
    return redirect(meeting.get_absolute_url() + "#notulen")


@login_required
@permission_required("coordination.change_meeting", raise_exception=True)
def meeting_decision_create(request, pk):
    """A decision of the meeting, which becomes a tracked action."""
    meeting = _runnable_meeting(request, pk)
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        incidents = data.pop("incident_numbers")
        try:
            services.meeting_decision_add(meeting=meeting, by_user=request.user, incidents=incidents, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Keputusan dicatat sebagai tindak lanjut."))
            return redirect(meeting.get_absolute_url() + "#keputusan")
    return render(request, "coordination/decision_form.html", {"form": form, "meeting": meeting})


@login_required
@permission_required("coordination.view_meeting", raise_exception=True)
def meeting_minutes_pdf(request, pk):
    """The printable notulen (PDF, Unicode font, letterhead)."""
    from .pdf import meeting_minutes_pdf as build

    meeting = selectors.meeting_get_for_detail(request.user, pk)
    export_download_record(
        by_user=request.user,
        name="coordination.meeting_minutes",
        request=request,
        detail={"meeting": meeting.pk},
    )
    content = build(
        meeting,
        when=services.meeting_when_label(meeting),
        printed_by=request.user.get_full_name() or request.user.get_username(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-rakor-{meeting.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- preventive activities ------------------------------------------------------------------------


@login_required
@permission_required("coordination.view_preventiveactivity", raise_exception=True)
def prevention_list(request):
    """Kegiatan pencegahan: the activities the user may see, filtered, newest first, paginated."""
    form = PreventionFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    activities = selectors.prevention_list(
        request.user,
        kind=filters.get("kind", ""),
        area_code=area.code if area else "",
        start=filters.get("dari"),
        end=filters.get("sampai"),
    )
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/prevention_list.html",
        {
            "form": form,
            "page_obj": page,
            "activities": page.object_list,
            "query_string": query.urlencode(),
        },
    )


@login_required
@permission_required("coordination.add_preventiveactivity", raise_exception=True)
def prevention_create(request):
    """The phone form: log a preventive activity with its photos (saved together or not at all)."""
    form = PreventionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=None if request.method == "POST" else prevention_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity, created = services.prevention_submit(by_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Kegiatan pencegahan dicatat."))
            else:
                messages.info(request, _("Kegiatan ini sudah tercatat sebelumnya; tidak dicatat dua kali."))
            return redirect(activity)
    return render(request, "coordination/prevention_form.html", {"form": form})


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@login_required
@permission_required("coordination.add_preventiveactivity", raise_exception=True)
@require_POST
def prevention_sync(request):
    """An activity queued on the phone without signal, sent when the signal returns (static/js/offline.js,
    as the field report): the form's fields as multipart, answered in JSON. 201 for a new activity, 200
    for a repeated send of the same client id (the first activity, nothing written), 400 with the field
    errors."""
    form = PreventionForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    if not form.cleaned_data.get("client_id"):
        return JsonResponse({"errors": {"__all__": [_("Kegiatan tanpa id perangkat ditolak.")]}}, status=400)
    try:
        activity, created = services.prevention_submit(by_user=request.user, **form.service_kwargs())
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    return JsonResponse(
        {"number": str(activity), "url": activity.get_absolute_url(), "created": created},
        status=201 if created else 200,
    )


@login_required
@permission_required("coordination.view_preventiveactivity", raise_exception=True)
def prevention_detail(request, pk):
    """One activity: what, when, where, who, notes, photos, history."""
    activity = selectors.prevention_get_for_detail(request.user, pk)
    may_change = selectors.prevention_changeable_by(request.user).filter(pk=activity.pk).exists()
    return render(
        request,
        "coordination/prevention_detail.html",
        {
            "activity": activity,
            "may_change": may_change,
            "photo_form": PreventionPhotoForm() if may_change else None,
            "history": selectors.prevention_history(activity),
        },
    )


def _changeable_activity(request, pk):
    return get_object_or_404(selectors.prevention_changeable_by(request.user), pk=pk)


@login_required
@permission_required("coordination.change_preventiveactivity", raise_exception=True)
def prevention_update(request, pk):
    """Edit what, when, where and who (photos are added on the activity's page)."""
    activity = _changeable_activity(request, pk)
    area = activity.area
    initial = {
        "kind": activity.kind,
        "held_at": timezone.localtime(activity.held_at),
        "kecamatan": area.parent_id if area.level == "desa" else area.pk,
        "desa": area.pk if area.level == "desa" else None,
        "place": activity.place,
        "lat": activity.lat,
        "lng": activity.lng,
        "organisation": activity.organisation_id,
        "participant_count": activity.participant_count,
        "participants": [p.pk for p in activity.participants.all()],
        "notes": activity.notes,
    }
    form = PreventionForm(request.POST or None, user=request.user, initial=initial, with_photos=False)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        participants = data.pop("participants")
        try:
            services.prevention_update(
                activity=activity, by_user=request.user, participants=participants, **data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan pencegahan diubah."))
            return redirect(activity)
    return render(request, "coordination/prevention_form.html", {"form": form, "activity": activity})


@login_required
@permission_required("coordination.change_preventiveactivity", raise_exception=True)
@require_POST
def prevention_photo_create(request, pk):
    """Add photos (each checked by content and size)."""
    activity = _changeable_activity(request, pk)
    form = PreventionPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.prevention_photos_add(
                activity=activity, photos=form.cleaned_data["photos"], by_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("%(n)s foto ditambahkan.") % {"n": len(added)})
    else:
        messages.error(request, _first_message(ValidationError(list(form.errors.values()))))
    return redirect(activity.get_absolute_url() + "#foto")


@login_required
@permission_required("coordination.view_preventiveactivity", raise_exception=True)
def prevention_photo_download(request, pk):
    """Serve one photo (shown in the page), only of an activity the user may see; its type is the one
    detected from its content."""
    photo = get_object_or_404(selectors.prevention_photo_visible_to(request.user), pk=pk)
    response = FileResponse(
        photo.file.open("rb"),
        as_attachment="download" in request.GET,
        filename=safe_file_name(photo.original_name, photo.extension),
        content_type=photo.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- the action plan (rencana aksi terpadu) -------------------------------------------------------


@login_required
@permission_required("coordination.view_actionplan", raise_exception=True)
def plan_list(request):
    """The Tim Terpadu's action plans, one per year."""
    return render(request, "coordination/plan_list.html", {"plans": selectors.plan_list(request.user)})


@login_required
@permission_required("coordination.add_actionplan", raise_exception=True)
def plan_create(request):
    """Start the action plan of a year."""
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Rencana aksi dibuat. Tambahkan kegiatannya."))
            return redirect(plan)
    return render(request, "coordination/plan_form.html", {"form": form})


@login_required
@permission_required("coordination.view_actionplan", raise_exception=True)
def plan_detail(request, pk):
    """A plan: its activities the user may see, with progress, lateness, and the four-monthly reports."""
    plan = selectors.plan_get(request.user, pk)
    today = timezone.localdate()
    activities = list(selectors.plan_activities_for(request.user, plan))
    changeable = set(
        selectors.action_changeable_by(request.user)
        .filter(pk__in=[a.action_id for a in activities])
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "activity": a,
            "done": selectors.plan_activity_done(a, today),
            "late": selectors.plan_activity_late(a, today),
            "may_record": a.action_id in changeable,
        }
        for a in activities
    ]
    return render(
        request,
        "coordination/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "periods": PlanPeriod.choices,
            "current_period": selectors.plan_period_of(today) if today.year == plan.year else "",
        },
    )


@login_required
@permission_required("coordination.add_actionplan", raise_exception=True)
def plan_activity_create(request, pk):
    """Add an activity to the plan (it becomes a tracked action of the responsible agency)."""
    plan = selectors.plan_get(request.user, pk)
    form = PlanActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_activity_add(plan=plan, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan ditambahkan ke rencana aksi."))
            return redirect(plan)
    return render(request, "coordination/plan_activity_form.html", {"form": form, "plan": plan})


@login_required
@permission_required("coordination.change_trackedaction", raise_exception=True)
def plan_progress(request, pk):
    """Record an activity's progress and actual dates (the responsible agency, or whoever runs it)."""
    activity = selectors.plan_activity_changeable(request.user, pk)
    initial = {
        "progress": activity.progress,
        "actual_start": activity.actual_start,
        "actual_end": activity.actual_end,
        "note": activity.progress_note,
    }
    form = PlanProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_progress_record(activity=activity, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Kemajuan dicatat."))
            return redirect(activity.plan)
    return render(request, "coordination/plan_progress_form.html", {"form": form, "activity": activity})


@login_required
@permission_required("coordination.view_actionplan", raise_exception=True)
def plan_report(request, pk, period, file_format):
    """The four-monthly report (B.04, B.08, B.12) as PDF or XLSX, over the activities the user may see."""
    from .pdf import plan_report_pdf, plan_report_xlsx

    plan = selectors.plan_get(request.user, pk)
    if period not in PlanPeriod.values or file_format not in ("pdf", "xlsx"):
        return HttpResponse(status=404)
    report = selectors.plan_report(request.user, plan, period)
    export_download_record(
        by_user=request.user,
        name="coordination.plan_report",
        request=request,
        detail={"plan": plan.pk, "period": period, "format": file_format},
    )
    if file_format == "pdf":
        content = plan_report_pdf(
            report, printed_by=request.user.get_full_name() or request.user.get_username()
        )
        content_type = "application/pdf"
    else:
        content = plan_report_xlsx(report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="rencana-aksi-{plan.year}-{period}.{file_format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
