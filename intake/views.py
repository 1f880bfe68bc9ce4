"""The operators' queue of unverified intake (list, detail, accept, merge, reject) and the one-time code
that links a Telegram chat to the user's person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.selectors import incident_triageable_by
from stakeholders.selectors import person_for_user

from . import services
from .forms import IntakeAcceptForm, IntakeMergeForm, IntakeRejectForm
from .selectors import intake_pending_visible_to, intake_visible_to

PAGE_SIZE = 50


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
def intake_list(request):
    """The queue of the user's areas: waiting intakes, oldest first, a page at a time with the total; the
    latest decided ones below."""
    page = Paginator(intake_pending_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    decided = list(intake_visible_to(request.user).exclude(status="menunggu").order_by("-decided_at")[:50])
    return render(
        request,
        "intake/unverifiedintake_list.html",
        {"page_obj": page, "pending": page.object_list, "decided": decided},
    )


def _intake_for(request, pk: int):
    return get_object_or_404(intake_visible_to(request.user), pk=pk)


def _detail(request, intake, **forms):
    initial = {
        "title": intake.title,
        "severity": intake.severity or 2,
        "area": intake.area_id,
        "category": intake.category_id,
        "kind": intake.kind or None,
    }
    context = {
        "intake": intake,
        "messages_in": intake.messages.all(),
        "attachments": intake.attachments.all(),
        "accept_form": forms.get("accept_form") or IntakeAcceptForm(user=request.user, initial=initial),
        "merge_form": forms.get("merge_form") or IntakeMergeForm(),
        "reject_form": forms.get("reject_form") or IntakeRejectForm(),
    }
    return render(request, "intake/unverifiedintake_detail.html", context, status=400 if forms else 200)


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
def intake_detail(request, pk: int):
    return _detail(request, _intake_for(request, pk))


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def intake_accept(request, pk: int):
    intake = _intake_for(request, pk)
    form = IntakeAcceptForm(request.POST, user=request.user)
    if not form.is_valid():
        return _detail(request, intake, accept_form=form)
    try:
        incident = services.intake_accept(intake=intake, by_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
        return _detail(request, intake, accept_form=form)
    messages.success(request, _("Diterima sebagai %(number)s.") % {"number": incident.number})
    return redirect(incident.get_absolute_url())


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def intake_merge(request, pk: int):
    intake = _intake_for(request, pk)
    form = IntakeMergeForm(request.POST)
    if not form.is_valid():
        return _detail(request, intake, merge_form=form)
    incident = (
        incident_triageable_by(request.user)
        .filter(number__iexact=form.cleaned_data["number"].strip())
        .first()
    )
    if incident is None:
        form.add_error("number", _("Laporan dengan nomor itu tidak ada di wilayah Anda."))
        return _detail(request, intake, merge_form=form)
    try:
        services.intake_merge(
            intake=intake, incident=incident, by_user=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _detail(request, intake, merge_form=form)
    messages.success(request, _("Digabung ke %(number)s.") % {"number": incident.number})
    return redirect(incident.get_absolute_url())


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def intake_reject(request, pk: int):
    intake = _intake_for(request, pk)
    form = IntakeRejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, intake, reject_form=form)
    try:
        services.intake_reject(intake=intake, reason=form.cleaned_data["reason"], by_user=request.user)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _detail(request, intake, reject_form=form)
    messages.success(request, _("Laporan masuk ditolak; pengirim diberi tahu."))
    return redirect("intake:intake_list")


@login_required
def channel_link_code(request):
    """GET: the page; POST: a new one-time code to send to the bot (/tautkan KODE)."""
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    code = None
    if request.method == "POST":
        code = services.channel_link_code_create(person=person, by_user=request.user)
    return render(request, "intake/channel_link_code.html", {"code": code, "person": person})
