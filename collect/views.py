"""Endpoints of collect: the submission webhook of KoboToolbox / ODK Central, the public web form, and
the pages where a kabupaten administrator makes, renews and switches off form integrations."""

from __future__ import annotations

import base64
import binascii
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core.clientip import client_ip
from core.tabular import XLSX_CONTENT_TYPE
from incidents.forms import apply_service_errors
from intake.choices import CallOutcome, IntakeChannel, SignatureCheck
from intake.services import inbound_call_record, inbound_call_settle

from .choices import IntegrationKind
from .forms import FormIntegrationForm, PublicReportForm
from .public import challenge_check, challenge_make, pow_difficulty, public_form_enabled, rate_limit_hit
from .selectors import formintegration_for_token, formintegration_history, formintegration_visible_to
from .services import (
    AttachmentUnavailable,
    formintegration_create,
    formintegration_deactivate,
    formintegration_may_manage,
    formintegration_token_renew,
    public_report_receive,
    submission_attachments_fetch,
    submission_receive,
    submission_webhook_url,
)
from .submissions import SubmissionError, submission_from_kobo, submission_from_odk
from .xlsform import xlsform_bytes


def _offered_token(request) -> str:
    """The integration's secret: ``Authorization: Bearer|Token <secret>``, HTTP Basic (the password;
    what Kobo's REST Services offer), or ``X-API-Key``."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token"):
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return request.headers.get("X-API-Key", "").strip()


@csrf_exempt  # a server-to-server call authenticated by the integration's own secret
@require_POST
def submission_webhook(request):
    """One submission from a KoboToolbox REST Service or an ODK Central webhook.

    The call is stored in the intake log before anything else (as received, with whether its secret
    was valid). 201/200 with what it became (a report or unverified intake; 200 for a repeated
    delivery), 401 for an unknown or switched-off secret, 400 for a body that holds no submission,
    503 when an attachment cannot be fetched now (the sender delivers again later).
    """
    token = _offered_token(request)
    integration = formintegration_for_token(token)
    valid = integration is not None and integration.is_active
    signature = SignatureCheck.VALID if valid else SignatureCheck.INVALID if token else SignatureCheck.MISSING
    call = inbound_call_record(
        channel=IntakeChannel.KOBO,
        body=request.body,
        signature=signature,
        headers=dict(request.headers),
        remote_addr=client_ip(request) or "",
        content_type=request.content_type or "",
    )
    if not valid:
        inbound_call_settle(call=call, outcome=CallOutcome.FORGED, detail="unknown or inactive integration")
        return JsonResponse({"error": "unauthorized"}, status=401)
    try:
        payload = json.loads(request.body or b"null")
        if integration.kind == IntegrationKind.ODK:
            submission = submission_from_odk(payload, form_url=integration.download_base_url)
        else:
            submission = submission_from_kobo(payload)
    except (ValueError, SubmissionError) as exc:
        inbound_call_settle(call=call, outcome=CallOutcome.MALFORMED, detail=str(exc)[:500])
        return JsonResponse({"error": "no submission", "detail": str(exc)[:200]}, status=400)
    try:
        attachments = submission_attachments_fetch(integration=integration, submission=submission)
    except AttachmentUnavailable as exc:
        inbound_call_settle(
            call=call, outcome=CallOutcome.IGNORED, detail=f"attachment, 503 (sent again later): {exc}"[:500]
        )
        return JsonResponse({"error": "attachment unavailable", "detail": str(exc)[:200]}, status=503)
    try:
        result = submission_receive(integration=integration, submission=submission, attachments=attachments)
    except ValidationError as exc:
        detail = " ".join(exc.messages)
        inbound_call_settle(call=call, outcome=CallOutcome.MALFORMED, detail=detail[:500])
        return JsonResponse({"error": "refused", "detail": detail[:500]}, status=400)
    if result.incident is not None:
        body = {"report": result.incident.number, "created": result.created}
        detail = f"report {result.incident.number}"
    else:
        body = {"intake": result.intake.pk, "created": result.created}
        detail = f"unverified intake {result.intake.pk}" + (f" ({result.detail})" if result.detail else "")
    inbound_call_settle(call=call, outcome=CallOutcome.PROCESSED, detail=detail[:500])
    return JsonResponse(body, status=201 if result.created else 200)


# --- the public web form ------------------------------------------------------------------------


def _public_page(request, form, *, status: int = 200, refusal: str = ""):
    return render(
        request,
        "collect/public_report.html",
        {"form": form, "pow_bits": pow_difficulty(), "refusal": refusal},
        status=status,
    )


def public_report(request):
    """The public web form (no account): 404 unless PUBLIC_REPORT_FORM_ENABLED. A sending is counted
    per address (429 past the limit), needs its proof of work, and becomes unverified intake."""
    if not public_form_enabled():
        raise Http404
    if request.method != "POST":
        return _public_page(request, PublicReportForm(initial={"pow_challenge": challenge_make()}))
    if rate_limit_hit(client_ip(request) or "tanpa-alamat"):
        form = PublicReportForm(initial={"pow_challenge": challenge_make()})
        refusal = _("Terlalu banyak laporan dari alamat ini; coba lagi nanti.")
        return _public_page(request, form, status=429, refusal=refusal)
    form = PublicReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _public_page(request, form, status=400)
    nonce = challenge_check(form.cleaned_data["pow_challenge"], form.cleaned_data["pow_answer"] or "")
    if nonce is None:
        form.add_error(
            None,
            _(
                "Pemeriksaan anti-spam belum selesai atau kedaluwarsa; tunggu tombol Kirim aktif, lalu kirim lagi."
            ),
        )
        return _public_page(request, _fresh_challenge(form), status=400)
    try:
        public_report_receive(nonce=nonce, data=form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _public_page(request, form, status=400)
    return redirect("collect:public_report_thanks")


def _fresh_challenge(form):
    """The same form with a new challenge (the browser solves it again)."""
    data = form.data.copy()
    data["pow_challenge"] = challenge_make()
    data["pow_answer"] = ""
    fresh = PublicReportForm(data, form.files)
    fresh.is_valid()
    for error in form.non_field_errors():
        fresh.add_error(None, error)
    return fresh


def public_report_thanks(request):
    if not public_form_enabled():
        raise Http404
    return render(request, "collect/public_report_thanks.html")


# --- the integrations' pages (kabupaten administrators) ----------------------------------------


def _require_manager(request) -> None:
    if not formintegration_may_manage(request.user):
        raise PermissionDenied


def _secret_page(request, integration, token: str):
    """The secret, shown this once (never stored in clear, never cached), with where to paste it."""
    response = render(
        request,
        "collect/integration_secret.html",
        {
            "integration": integration,
            "token": token,
            "endpoint": submission_webhook_url(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def integration_list(request):
    """The form integrations of the user's kabupaten: kind, whose reports, state, last submission."""
    _require_manager(request)
    integrations = formintegration_visible_to(request.user).order_by("-is_active", "name")
    return render(request, "collect/integration_list.html", {"integrations": integrations})


@login_required
def integration_create(request):
    """Make an integration; its secret is shown once, on the answer to this form."""
    _require_manager(request)
    form = FormIntegrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            integration, token = formintegration_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return _secret_page(request, integration, token)
    return render(request, "collect/integration_form.html", {"form": form})


@login_required
@require_safe
def integration_detail(request, pk: int):
    """One integration: whose reports its submissions become, where it fetches attachments, and how
    to set Kobo or ODK Central up to send to it."""
    _require_manager(request)
    integration = get_object_or_404(formintegration_visible_to(request.user), pk=pk)
    return render(
        request,
        "collect/integration_detail.html",
        {
            "integration": integration,
            "endpoint": submission_webhook_url(),
            "changes": formintegration_history(integration),
        },
    )


@login_required
@require_safe
def integration_xlsform(request, pk: int):
    """The field report's XLSForm with the integration's kabupaten's kecamatan and desa, to upload to
    KoboToolbox or ODK Central."""
    _require_manager(request)
    integration = get_object_or_404(formintegration_visible_to(request.user), pk=pk)
    response = HttpResponse(xlsform_bytes(integration.area.code), content_type=XLSX_CONTENT_TYPE)
    name = f"laporan-lapangan-{integration.area.code.replace('.', '')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def integration_renew(request, pk: int):
    """A new secret (shown once); the old one stops working at once."""
    _require_manager(request)
    integration = get_object_or_404(formintegration_visible_to(request.user), pk=pk)
    try:
        token = formintegration_token_renew(integration=integration, by_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("collect:integration_detail", pk=integration.pk)
    return _secret_page(request, integration, token)


@login_required
@require_POST
def integration_deactivate(request, pk: int):
    """Switch the integration off: its submissions are refused (401) from now on."""
    _require_manager(request)
    integration = get_object_or_404(formintegration_visible_to(request.user), pk=pk)
    formintegration_deactivate(integration=integration, by_user=request.user)
    messages.success(request, _("Integrasi %(name)s dinonaktifkan.") % {"name": integration.name})
    return redirect("collect:integration_detail", pk=integration.pk)
