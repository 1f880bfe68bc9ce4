"""Pages of the escalation engine: the acknowledge link's landing page and the in-app (un)acknowledge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services as esc
from .choices import AckVia
from .engine.links import AckLinkError, ack_link_read
from .selectors import (
    escalation_acknowledgeable_by,
    escalation_may_unacknowledge,
    escalationpolicy_list_for,
    policy_gaps,
)


def escalation_ack_link(request, signed: str):
    """The page an alert's link opens; the link is the credential (no account needed).

    GET shows the incident and a button (mail scanners that follow links must not acknowledge);
    POST acknowledges as the link's recipient. The page says who acknowledged and when, also when
    someone else was first.
    """
    try:
        link = ack_link_read(signed)
    except AckLinkError as exc:
        return render(
            request,
            "escalation/escalation_ack.html",
            {"error": " ".join(exc.messages), "error_code": exc.code},
            status=404 if exc.code == "invalid" else 410,
        )
    error = ""
    done = False
    if request.method == "POST":
        try:
            esc.escalation_acknowledge_by_link(signed=signed)
            done = True
        except ValidationError as exc:
            error = " ".join(exc.messages)
        link.refresh_from_db()
        link.escalation.refresh_from_db()
    escalation = link.escalation
    return render(
        request,
        "escalation/escalation_ack.html",
        {
            "link": link,
            "escalation": escalation,
            "incident": escalation.incident,
            "recipient": link.person,
            "done": done,
            "error": error,
        },
    )


def _escalation_for(request, number: str, pk: int):
    return get_object_or_404(escalation_acknowledgeable_by(request.user), pk=pk, incident__number=number)


@login_required
@permission_required("escalation.acknowledge_escalation", raise_exception=True)
@require_POST
def escalation_acknowledge(request, number: str, pk: int):
    """In-app acknowledgement by a user who may see the incident."""
    escalation = _escalation_for(request, number, pk)
    try:
        esc.escalation_acknowledge(escalation=escalation, by_user=request.user, via=AckVia.APP)
        messages.success(request, _("Peringatan dikonfirmasi; eskalasi berhenti."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(escalation.incident.get_absolute_url() + "#eskalasi")


@login_required
@permission_required("escalation.acknowledge_escalation", raise_exception=True)
@require_POST
def escalation_unacknowledge(request, number: str, pk: int):
    """Withdraw an acknowledgement (the one who gave it, or a user who may triage the incident)."""
    escalation = _escalation_for(request, number, pk)
    if not escalation_may_unacknowledge(escalation=escalation, user=request.user):
        raise Http404
    try:
        esc.escalation_unacknowledge(escalation=escalation, by_user=request.user)
        messages.success(request, _("Konfirmasi dibatalkan; eskalasi berjalan lagi."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(escalation.incident.get_absolute_url() + "#eskalasi")


@login_required
@permission_required("incidents.triage_incident", raise_exception=True)
@require_POST
def alertgroup_split(request, number: str):
    """Take a report out of its alert group: it is another event and escalates on its own."""
    from incidents.selectors import incident_triageable_by

    incident = get_object_or_404(incident_triageable_by(request.user), number=number)
    try:
        escalation = esc.alertgroup_split(incident=incident, by_user=request.user)
        messages.success(
            request,
            _("Laporan dipisahkan dari kelompok; eskalasinya sendiri dimulai.")
            if escalation
            else _("Laporan dipisahkan dari kelompok; tidak ada kebijakan eskalasi yang cocok."),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(incident.get_absolute_url() + "#eskalasi")


@login_required
@permission_required("escalation.view_escalationpolicy", raise_exception=True)
def escalationpolicy_list(request):
    """The escalation ladder as configured: every policy, what it matches, its steps and targets.

    Read-only here; administrators edit policies in the Django admin. Above them, the track/severity
    combinations that alert nobody.
    """
    policies = escalationpolicy_list_for(request.user)
    return render(
        request,
        "escalation/escalationpolicy_list.html",
        {"policies": policies, "gaps": policy_gaps(policies=policies)},
    )
