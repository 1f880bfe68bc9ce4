"""Pages of the incidents app: report form, triage queue with htmx quick actions, incident page,
evidence, confidential informant, exports. Thin: parse with a form, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from audit.choices import AccessKind
from audit.selectors import access_records_for_object
from audit.services import access_record_object, export_download_record
from core.choices import JobStatus
from core.dbrouter import read_alias, replica_reads
from core.files import image_thumbnail, safe_file_name
from core.keyset import InvalidCursor
from core.views import job_progress_response
from regions.selectors import adminunit_list, election_current
from stakeholders.access import KABUPATEN_WIDE_ROLES
from stakeholders.selectors import (
    access_profile,
    organisation_visible_to,
    person_visible_to,
    pollingstation_visible_to,
)

from . import services
from .choices import EvidenceKind, Status
from .exports import EXPORT_SYNC_MAX, export_response, recap_response
from .filters import IncidentFilterSet
from .forms import (
    AssignForm,
    BawasluStepForm,
    EvidenceForm,
    FollowUpForm,
    HistoricalImportForm,
    IncidentEditForm,
    IncidentHistoricalForm,
    IncidentReportForm,
    LinkForm,
    NoteForm,
    NoteStepForm,
    OutcomeForm,
    ReferralForm,
    RejectForm,
    ReopenForm,
    ResolveElsewhereForm,
    SeverityForm,
    apply_service_errors,
)
from .models import Incident, IncidentExport
from .panels import CREATED, DETAIL, incident_panels_render
from .selectors import (
    evidence_visible_to,
    incident_area_q_for_stations,
    incident_duplicates,
    incident_duplicates_evidence,
    incident_get_for_detail,
    incident_list_for_triage,
    incident_notes_for,
    incident_number_normalise,
    incident_open_follow_ups,
    incident_places_for,
    incident_shows_internal_to,
    incident_timeline_for,
    incident_triage_paginator,
    incident_triageable_among,
    incident_triageable_by,
    incident_visible_to,
)
from .services.export import incident_export_request
from .services.outcome import ELSEWHERE_FROM
from .story import incident_story

PAGE_SIZE = 25


def _query_string(request) -> str:
    params = request.GET.copy()
    # The queue pages by cursor; a ?page= of an old bookmark is dropped with it.
    params.pop("page", None)
    params.pop("cursor", None)
    return params.urlencode()


def _first_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- triage queue -------------------------------------------------------------------------------


@login_required
@permission_required("incidents.view_incident", raise_exception=True)
def incident_list(request):
    """The triage queue: open reports by severity then age, filtered, searched, paginated."""
    # A report number typed in the search box opens that report (when the user may see it).
    number = incident_number_normalise(request.GET.get("q", ""))
    if number is not None:
        found = incident_visible_to(request.user).filter(number__iexact=number).first()
        if found is not None:
            return redirect(found.get_absolute_url())
    filterset = IncidentFilterSet(
        request.GET, queryset=incident_list_for_triage(request.user), user=request.user
    )
    paginator = incident_triage_paginator(
        filterset.qs,
        per_page=PAGE_SIZE,
        searched=bool(request.GET.get("q", "").strip()),
        phase_filtered=bool(request.GET.get("phase")),
    )
    cursor_invalid = False
    try:
        page = paginator.page(request.GET.get("cursor"))
    except InvalidCursor:
        # An altered or outdated link: the first page, and a line saying why.
        cursor_invalid = True
        page = paginator.page(None)
    rows = page.object_list
    triageable = incident_triageable_among(request.user, rows)
    return render(
        request,
        "incidents/incident_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "triageable": triageable,
            "count": paginator.count,
            "count_capped": paginator.count_capped,
            "count_cap": paginator.count_cap,
            "cursor_invalid": cursor_invalid,
            "query_string": _query_string(request),
            "can_record_historical": _can_record_historical(request.user),
            "voting_day": _voting_day(),
        },
    )


def _can_record_historical(user) -> bool:
    """Past events are entered by the kabupaten's officials who triage (Kesbangpol): with several
    kabupaten served, each for its own kabupaten (the service refuses another's areas)."""
    profile = access_profile(user)
    return user.has_perms(["incidents.add_incident", "incidents.triage_incident"]) and (
        profile.kabupaten_wide or profile.has_role(*KABUPATEN_WIDE_ROLES)
    )


# The current election changes with the calendar, not with each request: its voting day is cached.
VOTING_DAY_CACHE_SECONDS = 300


def _voting_day():
    """The current election's voting day, for the list's "happened on voting day" shortcut."""

    def lookup():
        election = election_current()
        return election.voting_date if election is not None else False

    return cache.get_or_set("incidents:voting_day", lookup, VOTING_DAY_CACHE_SECONDS) or None


def _render_row(request, incident: Incident, *, error: str = "", success: str = "", assign_form=None):
    incident = incident_list_for_triage(request.user).get(pk=incident.pk)
    triageable = incident.pk in incident_triageable_among(request.user, [incident])
    return render(
        request,
        "incidents/partials/incident_row.html",
        {
            "incident": incident,
            "triageable": {incident.pk} if triageable else set(),
            "row_error": error,
            "row_success": success,
            "assign_form": assign_form,
        },
    )


def _finish(request, incident, *, error: str = "", success: str = ""):
    """Answer a workflow action: the row partial for htmx, else a redirect with a message."""
    if request.htmx and request.POST.get("_row"):
        return _render_row(request, incident, error=error, success=success)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(incident.get_absolute_url())


def _triage_target(request, number: str) -> Incident:
    return get_object_or_404(incident_triageable_by(request.user), number=number)


def _workflow(request, number: str, form_class, call, success: str):
    incident = _triage_target(request, number)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _finish(request, incident, error=_("Isian tidak lengkap: %(errors)s") % {"errors": errors})
    try:
        call(incident, form.cleaned_data)
    except ValidationError as exc:
        return _finish(request, incident, error=_first_message(exc))
    return _finish(request, incident, success=success)


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_verify(request, number):
    """baru -> terverifikasi."""
    return _workflow(
        request,
        number,
        NoteStepForm,
        lambda i, d: services.incident_verify(
            incident=i, expected_version=d["version"], by_user=request.user, note=d["note"]
        ),
        _("Laporan diverifikasi."),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_reject(request, number):
    """Reject with a reason (duplicate: with the main report's number)."""

    def call(incident, data):
        main = None
        if data["duplicate_of"]:
            main = (
                incident_visible_to(request.user).filter(number__iexact=data["duplicate_of"].strip()).first()
            )
            if main is None:
                raise ValidationError(
                    _("Laporan utama %(number)s tidak ditemukan.") % {"number": data["duplicate_of"]}
                )
        services.incident_reject(
            incident=incident,
            expected_version=data["version"],
            by_user=request.user,
            reason=data["reason"],
            note=data["note"],
            duplicate_of=main,
        )

    return _workflow(request, number, RejectForm, call, _("Laporan ditolak."))


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_change_severity(request, number):
    """Change the severity."""
    return _workflow(
        request,
        number,
        SeverityForm,
        lambda i, d: services.incident_change_severity(
            incident=i,
            expected_version=d["version"],
            by_user=request.user,
            severity=d["severity"],
            note=d["note"],
        ),
        _("Tingkat keparahan diubah."),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_resolve(request, number):
    """ditangani -> selesai; with a follow-up still open, only once the user confirms it (the form's box)."""
    incident = _triage_target(request, number)
    open_follow_ups = incident_open_follow_ups(incident)
    if open_follow_ups and not request.POST.get("confirm_open_follow_ups"):
        return _finish(
            request,
            incident,
            error=ngettext(
                "Masih ada %(n)s tindak lanjut terbuka. Selesaikan dulu, atau centang "
                '"Tetap selesaikan walau ada tindak lanjut terbuka".',
                "Masih ada %(n)s tindak lanjut terbuka. Selesaikan dulu, atau centang "
                '"Tetap selesaikan walau ada tindak lanjut terbuka".',
                len(open_follow_ups),
            )
            % {"n": len(open_follow_ups)},
        )
    return _workflow(
        request,
        number,
        NoteStepForm,
        lambda i, d: services.incident_resolve(
            incident=i, expected_version=d["version"], by_user=request.user, note=d["note"]
        ),
        _("Penanganan dinyatakan selesai."),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_close(request, number):
    """selesai -> ditutup."""
    return _workflow(
        request,
        number,
        NoteStepForm,
        lambda i, d: services.incident_close(
            incident=i, expected_version=d["version"], by_user=request.user, note=d["note"]
        ),
        _("Laporan ditutup."),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_reopen(request, number):
    """Reopen a rejected, handled or closed report, with a reason."""
    return _workflow(
        request,
        number,
        ReopenForm,
        lambda i, d: services.incident_reopen(
            incident=i, expected_version=d["version"], by_user=request.user, reason=d["reason"]
        ),
        _("Laporan dibuka kembali."),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_promote(request, number):
    """Early warning -> incident."""
    return _workflow(
        request,
        number,
        NoteStepForm,
        lambda i, d: services.incident_promote(
            incident=i, expected_version=d["version"], by_user=request.user, note=d["note"]
        ),
        _("Peringatan dini dinaikkan menjadi insiden."),
    )


def _assign_form(request, incident, data=None, initial=None):
    return AssignForm(
        data,
        initial=initial,
        area_code=incident.area_code,
        organisations=organisation_visible_to(request.user).order_by("name"),
        people=person_visible_to(request.user).order_by("full_name"),
    )


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
def incident_assign(request, number):
    """GET: the assign form (a row partial for htmx); POST: assign lead organisation and person."""
    incident = _triage_target(request, number)
    if request.method != "POST":
        form = _assign_form(
            request,
            incident,
            initial={
                "version": incident.version,
                "lead_organisation": incident.lead_organisation_id,
                "responsible_person": incident.responsible_person_id,
            },
        )
        if request.htmx:
            return _render_row(request, incident, assign_form=form)
        return render(request, "incidents/incident_assign.html", {"incident": incident, "form": form})
    form = _assign_form(request, incident, request.POST)
    if not form.is_valid():
        if request.htmx and request.POST.get("_row"):
            return _render_row(
                request, incident, assign_form=form, error=_("Pilih organisasi dan penanggung jawab.")
            )
        return render(request, "incidents/incident_assign.html", {"incident": incident, "form": form})
    try:
        services.incident_assign(
            incident=incident,
            expected_version=form.cleaned_data["version"],
            by_user=request.user,
            lead_organisation=form.cleaned_data["lead_organisation"],
            responsible_person=form.cleaned_data["responsible_person"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return _finish(request, incident, error=_first_message(exc))
    return _finish(request, incident, success=_("Penanggung jawab ditetapkan."))


# --- report form --------------------------------------------------------------------------------


@login_required
@permission_required("incidents.add_incident", raise_exception=True)
def incident_create(request):
    """The mobile-first report form; the report and its photo are saved together or not at all.

    The page works without signal (static/js/offline.js queues the report on the phone and sends it
    to incident_sync later); a form sent twice with one client id makes one report."""
    form = IncidentReportForm(
        request.POST or None,
        request.FILES or None,
        initial=None if request.POST else _report_initial(request.user),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident, _created = services.incident_submit(by_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("incidents:incident_created", number=incident.number)
    return render(request, "incidents/incident_form.html", {"form": form})


def _report_initial(user) -> dict:
    """A new report starts at the current minute (WITA) and in the reporter's own kecamatan (and desa)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial: dict = {"occurred_at": now, "known_at": now}
    codes = access_profile(user).area_codes
    if len(codes) == 1 and codes[0].count(".") >= 2:  # one kecamatan (64.08.04) or desa (64.08.04.2001)
        code = codes[0]
        areas = {a.code: a for a in adminunit_list(codes=[code[:8], code])}
        if code[:8] in areas:
            initial["kecamatan"] = areas[code[:8]].pk
        if len(code) > 8 and code in areas:
            initial["desa"] = areas[code].pk
    return initial


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@login_required
@permission_required("incidents.add_incident", raise_exception=True)
@require_POST
def incident_sync(request):
    """A report queued on the phone, sent when the signal returns (static/js/offline.js): the report
    form's fields as multipart, answered in JSON. 201 with the number for a new report, 200 with the
    first report's number for a retried send (same client id), 400 with the field errors."""
    form = IncidentReportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    if not form.cleaned_data.get("client_id"):
        return JsonResponse({"errors": {"__all__": [_("Laporan tanpa id perangkat ditolak.")]}}, status=400)
    try:
        incident, created = services.incident_submit(by_user=request.user, **form.service_kwargs())
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    return JsonResponse(
        {
            "number": incident.number,
            "url": reverse("incidents:incident_created", args=[incident.number]),
            "created": created,
        },
        status=201 if created else 200,
    )


def _require_kabupaten_triage(request) -> None:
    """Past events are entered by the kabupaten's officials (Kesbangpol), not by a kecamatan."""
    if not _can_record_historical(request.user):
        raise PermissionDenied


@login_required
@permission_required(["incidents.add_incident", "incidents.triage_incident"], raise_exception=True)
def incident_create_historical(request):
    """Record a past event afterwards (catat kejadian lampau): its real dates, no escalation."""
    _require_kabupaten_triage(request)
    form = IncidentHistoricalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(by_user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Kejadian lampau %(number)s dicatat; tidak ada peringatan yang dikirim.")
                % {"number": incident.number},
            )
            return redirect(incident.get_absolute_url())
    return render(request, "incidents/incident_historical_form.html", {"form": form})


@login_required
@permission_required(["incidents.add_incident", "incidents.triage_incident"], raise_exception=True)
def incident_import_historical(request):
    """Import past events from a spreadsheet: check every row, then save all of them or none."""
    from .imports import HISTORICAL_MAX_ROWS, historical_import_run, historical_spec

    _require_kabupaten_triage(request)
    form = HistoricalImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = historical_import_run(
            content=form.cleaned_data["file"].read(), by_user=request.user, commit=form.cleaned_data["commit"]
        )
        if result.committed:
            messages.success(
                request,
                _("%(n)s kejadian lampau disimpan; tidak ada peringatan yang dikirim.")
                % {"n": result.written},
            )
    columns = historical_spec(by_user=request.user).columns
    return render(
        request,
        "incidents/incident_import_historical.html",
        {"form": form, "result": result, "columns": columns, "max_rows": HISTORICAL_MAX_ROWS},
    )


@login_required
@permission_required("incidents.add_incident", raise_exception=True)
def incident_created(request, number):
    """The confirmation with the report's number."""
    incident = get_object_or_404(
        incident_visible_to(request.user).select_related("area", "category"), number=number
    )
    return render(
        request,
        "incidents/incident_created.html",
        {"incident": incident, "panels": incident_panels_render(request, page=CREATED, incident=incident)},
    )


# --- incident page ------------------------------------------------------------------------------


@login_required
@permission_required("incidents.view_incident", raise_exception=True)
def incident_detail(request, number):
    """Everything about one incident: fields, timeline, notes, evidence, follow-ups, referrals, links."""
    try:
        incident = incident_get_for_detail(request.user, number)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc
    can_triage = incident.pk in incident_triageable_among(request.user, [incident])
    evidence = list(incident.evidence.all())
    read_only = incident.status == Status.DITUTUP
    context = {
        "incident": incident,
        "can_triage": can_triage,
        "read_only": read_only,
        "open_follow_ups": incident_open_follow_ups(incident),
        "photos": [e for e in evidence if e.kind == EvidenceKind.PHOTO],
        "thumbnails": {
            e.pk for e in evidence if e.kind == EvidenceKind.PHOTO and e.content_type in THUMBNAIL_TYPES
        },
        "evidence": evidence,
        "duplicates": incident_duplicates(incident),
        "duplicate_evidence": incident_duplicates_evidence(incident),
        "version": incident.version,
        "shows_internal": incident_shows_internal_to(request.user, incident),
        "notes": incident_notes_for(request.user, incident),
        "timeline": incident_timeline_for(request.user, incident),
        # Each form's ids carry its own prefix: two forms on the page have a "description" field.
        "note_form": NoteForm(auto_id="note_%s"),
        "evidence_form": EvidenceForm(auto_id="evidence_%s"),
        "referral_form": ReferralForm(auto_id="referral_%s"),
        "link_form": LinkForm(auto_id="link_%s"),
        "story": incident_story(incident),
        # Sub-phases (logistics distribution...) running on the day, shown beside the main phase.
        "subphases": incident.subphases,
    }
    if can_triage and not read_only and request.user.has_perm("incidents.add_referral"):
        context["bawaslu_form"] = BawasluStepForm(prefix="bawaslu")
        context["outcome_form"] = OutcomeForm(prefix="hasil", stations=_outcome_stations(request, incident))
    if can_triage and incident.status in ELSEWHERE_FROM:
        context["elsewhere_form"] = ResolveElsewhereForm(
            initial={"version": incident.version}, auto_id="elsewhere_%s"
        )
    # Other apps' panels (the escalation panel), each in a fixed number of queries.
    context["panels"] = incident_panels_render(request, page=DETAIL, incident=incident)
    if request.user.has_perm("incidents.add_followupaction"):
        context["follow_up_form"] = FollowUpForm(
            people=person_visible_to(request.user).order_by("full_name"),
            area_code=incident.area_code,
            auto_id="followup_%s",
        )
    return render(request, "incidents/incident_detail.html", context)


@login_required
@permission_required("incidents.view_incident", raise_exception=True)
def incident_report_pdf(request, number):
    """The laporan kejadian of one incident as a one-page PDF (what the reader may see of it)."""
    from .report_pdf import incident_report_pdf as build

    try:
        incident = incident_get_for_detail(request.user, number)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc
    export_download_record(
        by_user=request.user, name="incidents.report_pdf", request=request, detail={"number": incident.number}
    )
    content = build(
        incident,
        timeline=incident_timeline_for(request.user, incident),
        printed_by=request.user.get_full_name() or request.user.get_username(),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-kejadian-{incident.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("incidents.change_incident", raise_exception=True)
def incident_update(request, number):
    """Edit the recorded facts, the place included (within the user's areas); a stale form is refused
    with what changed."""
    incident = _triage_target(request, number)
    places = incident_places_for(request.user)
    if request.method == "POST":
        form = IncidentEditForm(request.POST, places=places, incident=incident)
        if form.is_valid():
            try:
                services.incident_update(
                    incident=incident,
                    expected_version=form.cleaned_data["version"],
                    by_user=request.user,
                    **form.changes(),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Perubahan disimpan."))
                return redirect(incident.get_absolute_url())
    else:
        form = IncidentEditForm(
            initial=IncidentEditForm.initial_for(incident), places=places, incident=incident
        )
    return render(request, "incidents/incident_edit.html", {"incident": incident, "form": form})


def _visible_target(request, number: str) -> Incident:
    return get_object_or_404(incident_visible_to(request.user), number=number)


@login_required
@permission_required("incidents.add_incidentnote", raise_exception=True)
@require_POST
def note_create(request, number):
    """Add an internal note."""
    incident = _visible_target(request, number)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(incident=incident, body=form.cleaned_data["body"], by_user=request.user)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Catatan ditambahkan."))
    else:
        messages.error(request, _("Catatan kosong tidak disimpan."))
    return redirect(incident.get_absolute_url() + "#catatan")


@login_required
@permission_required("incidents.add_evidence", raise_exception=True)
@require_POST
def evidence_create(request, number):
    """Upload an evidence file (checked by content and size)."""
    incident = _visible_target(request, number)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                incident=incident,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Bukti diunggah."))
    else:
        messages.error(request, _("Pilih berkas bukti."))
    return redirect(incident.get_absolute_url() + "#bukti")


@login_required
@permission_required("incidents.view_evidence", raise_exception=True)
def evidence_download(request, pk):
    """Serve one evidence file as an attachment, only inside the user's scope."""
    evidence = get_object_or_404(evidence_visible_to(request.user).select_related("incident"), pk=pk)
    access_record_object(
        kind=AccessKind.EVIDENCE,
        by_user=request.user,
        obj=evidence,
        object_repr=evidence.incident.number,
        request=request,
    )
    # The name's extension and the Content-Type both follow the detected type (rows stored before
    # names were made safe included); nosniff keeps the browser from guessing another.
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=safe_file_name(evidence.original_name, evidence.extension),
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Thumbnails are made for the photo types the image library reads (HEIC is offered for download only).
THUMBNAIL_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
THUMBNAIL_SIZE = (320, 320)


@login_required
@permission_required("incidents.view_evidence", raise_exception=True)
@require_GET
def evidence_thumbnail(request, pk):
    """A small JPEG of a photo, re-encoded (never the uploaded bytes), only inside the user's scope."""
    evidence = get_object_or_404(
        evidence_visible_to(request.user).filter(kind=EvidenceKind.PHOTO, content_type__in=THUMBNAIL_TYPES),
        pk=pk,
    )
    try:
        content = image_thumbnail(evidence.file, size=THUMBNAIL_SIZE)
    except ValueError as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required("incidents.add_followupaction", raise_exception=True)
@require_POST
def follow_up_create(request, number):
    """Add a follow-up action with an owner and a due date."""
    incident = _visible_target(request, number)
    form = FollowUpForm(request.POST, people=person_visible_to(request.user))
    if form.is_valid():
        try:
            services.follow_up_add(incident=incident, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Tindak lanjut ditambahkan."))
    else:
        messages.error(request, _("Tindak lanjut perlu tindakan, pelaksana dan tenggat."))
    return redirect(incident.get_absolute_url() + "#tindak-lanjut")


@login_required
@permission_required("incidents.change_followupaction", raise_exception=True)
@require_POST
def follow_up_complete(request, pk):
    """Mark a follow-up action done."""
    from .models import FollowUpAction

    action = get_object_or_404(
        FollowUpAction.objects.filter(incident__in=incident_visible_to(request.user).values("pk")), pk=pk
    )
    try:
        services.follow_up_complete(action=action, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, _first_message(exc))
    else:
        messages.success(request, _("Tindak lanjut ditandai selesai."))
    return redirect(reverse("incidents:incident_detail", args=[action.incident.number]) + "#tindak-lanjut")


@login_required
@permission_required("incidents.add_referral", raise_exception=True)
@require_POST
def referral_create(request, number):
    """Record a referral (Bawaslu, Gakkumdu, KPU, BKN, DKPP) with its register number."""
    incident = _triage_target(request, number)
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            services.referral_add(incident=incident, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Rujukan dicatat."))
    else:
        messages.error(request, _("Isi tujuan dan tanggal rujukan."))
    return redirect(incident.get_absolute_url() + "#rujukan")


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def incident_resolve_elsewhere(request, number):
    """Close a case another body handled (Bawaslu, Gakkumdu...), with that body and a closing note."""

    def call(incident, data):
        services.incident_resolve_elsewhere(
            incident=incident,
            expected_version=data["version"],
            by_user=request.user,
            body=data["body"],
            note=data["note"],
        )

    return _workflow(request, number, ResolveElsewhereForm, call, _("Kasus ditutup: ditangani lembaga lain."))


def _form_error_text(form) -> str:
    return "; ".join(str(e) for errs in form.errors.values() for e in errs)


@login_required
@permission_required("incidents.add_referral", raise_exception=True)
@require_POST
def bawaslu_step_create(request, number):
    """Record a step of Bawaslu's handling (received, registered, ... decided) with its register number."""
    incident = _triage_target(request, number)
    form = BawasluStepForm(request.POST, prefix="bawaslu")
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: %(errors)s") % {"errors": _form_error_text(form)})
    else:
        try:
            services.bawaslu_step_add(incident=incident, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Tahap penanganan Bawaslu dicatat."))
    return redirect(incident.get_absolute_url() + "#hasil")


def _outcome_stations(request, incident):
    """The TPS a recommendation may name: inside the case's area, of its election, that the user covers."""
    stations = pollingstation_visible_to(request.user).filter(incident_area_q_for_stations(incident))
    if incident.election_id:
        stations = stations.filter(election_id=incident.election_id)
    return stations.order_by("-election__voting_date", "desa__name", "number")


@login_required
@permission_required("incidents.add_referral", raise_exception=True)
@require_POST
def outcome_create(request, number):
    """Record a recommendation or decision (PSU, correction, sanction...)."""
    incident = _triage_target(request, number)
    form = OutcomeForm(request.POST, prefix="hasil", stations=_outcome_stations(request, incident))
    if not form.is_valid():
        messages.error(request, _("Isian tidak lengkap: %(errors)s") % {"errors": _form_error_text(form)})
    else:
        try:
            services.outcome_add(incident=incident, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _first_message(exc))
        else:
            messages.success(request, _("Rekomendasi atau putusan dicatat."))
    return redirect(incident.get_absolute_url() + "#hasil")


@login_required
@permission_required("incidents.add_incidentlink", raise_exception=True)
@require_POST
def link_create(request, number):
    """Link this report to another (duplicate of, related to)."""
    incident = _triage_target(request, number)
    form = LinkForm(request.POST)
    if form.is_valid():
        other = (
            incident_visible_to(request.user)
            .filter(number__iexact=form.cleaned_data["number"].strip())
            .first()
        )
        if other is None:
            messages.error(
                request, _("Laporan %(number)s tidak ditemukan.") % {"number": form.cleaned_data["number"]}
            )
        else:
            try:
                services.incident_link(
                    source=incident, target=other, kind=form.cleaned_data["kind"], by_user=request.user
                )
            except ValidationError as exc:
                messages.error(request, _first_message(exc))
            else:
                messages.success(request, _("Tautan disimpan."))
    return redirect(incident.get_absolute_url() + "#tautan")


@login_required
@permission_required("incidents.view_confidentialinformant", raise_exception=True)
def informant_detail(request, number):
    """The protected identity of the informant; every view is written to the access log."""
    incident = _visible_target(request, number)
    if not incident.has_confidential_informant:
        raise Http404
    informant = services.informant_reveal(
        incident=incident, by_user=request.user, purpose=request.GET.get("untuk", ""), request=request
    )
    log = access_records_for_object(
        object_type=incident._meta.label_lower, object_id=incident.pk, kind=AccessKind.INFORMANT
    )[:20]
    response = render(
        request, "incidents/informant_detail.html", {"incident": incident, "informant": informant, "log": log}
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- export -------------------------------------------------------------------------------------


@login_required
@permission_required("incidents.export_incident", raise_exception=True)
@replica_reads()
def incident_export(request):
    """The filtered list as CSV or XLSX; more than EXPORT_SYNC_MAX rows go to a background export."""
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    filterset = IncidentFilterSet(
        request.GET, queryset=incident_list_for_triage(request.user), user=request.user
    )
    queryset = filterset.qs
    if queryset.values("pk")[: EXPORT_SYNC_MAX + 1].count() <= EXPORT_SYNC_MAX:
        export_download_record(
            by_user=request.user,
            name="incidents.export",
            request=request,
            detail={"format": file_format, "filter": request.GET.urlencode()[:500]},
        )
        # The CSV streams after the view returns, outside replica_reads(): its database is chosen now
        # (the replica, or the primary for a browser pinned after its write).
        return export_response(queryset.using(read_alias()), file_format)
    params = {k: v for k, v in request.GET.lists() if k not in ("format", "page")}
    export = incident_export_request(user=request.user, params=params, file_format=file_format)
    return redirect("incidents:export_detail", pk=export.pk)


@login_required
@permission_required("incidents.export_incident", raise_exception=True)
@replica_reads()
def incident_recap(request):
    """The Bawaslu recap (XLSX): one row per election-law case of the filtered list, any status
    unless one is chosen."""
    params = request.GET.copy()
    params.setdefault("status", "semua")
    filterset = IncidentFilterSet(params, queryset=incident_list_for_triage(request.user), user=request.user)
    export_download_record(
        by_user=request.user,
        name="incidents.recap",
        request=request,
        detail={"filter": request.GET.urlencode()[:500]},
    )
    return recap_response(filterset.qs)


@login_required
@permission_required("incidents.export_incident", raise_exception=True)
def export_detail(request, pk):
    """A background export's progress (polled by htmx) and its download link when done."""
    export = get_object_or_404(IncidentExport.objects.filter(created_by=request.user), pk=pk)
    if request.htmx:
        return job_progress_response(request, export)
    return render(request, "incidents/export_detail.html", {"export": export})


@login_required
@permission_required("incidents.export_incident", raise_exception=True)
def export_download(request, pk):
    """The finished export file, for the user who asked for it."""
    export = get_object_or_404(
        IncidentExport.objects.filter(created_by=request.user, status=JobStatus.DONE), pk=pk
    )
    export_download_record(
        by_user=request.user,
        name="incidents.export",
        request=request,
        detail={"export": export.pk, "format": export.file_format},
    )
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"insiden-{export.created_at:%Y%m%d-%H%M}.{export.file_format}",
    )
