"""The escalation settings pages for kabupaten administrators: policies with a form per step and
target, grouping rules, the preview of who a policy alerts now, the test alert, the gaps.

Thin: parse with a form, call one service in ``settings_services``, render or redirect. Anyone
without the permission gets 403; a user with it but without kabupaten-wide access finds nothing (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import settings_services as svc
from .forms import (
    AlertGroupRuleForm,
    EscalationPolicyForm,
    EscalationPolicyStepForm,
    EscalationStepTargetForm,
    PolicyPreviewForm,
    TestAlertForm,
)
from .selectors import (
    alertgrouprule_for_settings,
    alertgrouprule_list_for,
    escalation_settings_allowed,
    escalationpolicy_for_settings,
    policy_coverage,
    policy_preview,
    test_alert_result,
)

_PERM = "escalation.change_escalationpolicy"


def _allowed(request) -> None:
    if not escalation_settings_allowed(request.user):
        raise Http404


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@permission_required(_PERM, raise_exception=True)
def escalation_settings(request):
    """Every policy with its steps and targets, the grouping rules and the gaps of the ladder."""
    from .selectors import escalationpolicy_list_for

    _allowed(request)
    gaps = policy_coverage()
    return render(
        request,
        "escalation/settings.html",
        {
            "policies": escalationpolicy_list_for(request.user),
            "editable": set(escalationpolicy_for_settings(request.user).values_list("pk", flat=True)),
            "rules": alertgrouprule_list_for(request.user),
            "editable_rules": set(alertgrouprule_for_settings(request.user).values_list("pk", flat=True)),
            "gaps": gaps,
            "gap_tracks": _gap_table(gaps),
            "nobody": [g for g in gaps if g.state == "none"],
        },
    )


def _gap_table(gaps) -> list[dict]:
    rows: dict[str, dict] = {}
    for gap in gaps:
        rows.setdefault(gap.track, {"label": gap.track_label, "cells": []})["cells"].append(gap)
    return list(rows.values())


@login_required
@permission_required(_PERM, raise_exception=True)
def escalationpolicy_create(request):
    _allowed(request)
    form = EscalationPolicyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            policy = svc.escalationpolicy_save(
                by_user=request.user,
                categories=data.pop("categories"),
                areas=data.pop("areas"),
                **data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Kebijakan dibuat; tambahkan langkah dan sasarannya."))
            return redirect("escalation:escalationpolicy_edit", pk=policy.pk)
    return render(request, "escalation/policy_form.html", {"form": form, "policy": None})


@login_required
@permission_required(_PERM, raise_exception=True)
def escalationpolicy_edit(request, pk: int):
    """A policy's page: its form, a form per step, the targets of each step with a form to add one.

    Each POST names what it changes in ``action``: policy, step_add, step:<id>, step_delete:<id>,
    target_add:<step id>, target_delete:<id>.
    """
    policy = get_object_or_404(escalationpolicy_for_settings(request.user), pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    policy_form = EscalationPolicyForm(
        request.POST if action == "policy" else None, instance=policy, user=request.user
    )
    steps = list(policy.steps.prefetch_related("targets__person").order_by("order", "id"))
    step_forms = {
        step.pk: EscalationPolicyStepForm(
            request.POST if action == f"step:{step.pk}" else None, instance=step, prefix=f"step{step.pk}"
        )
        for step in steps
    }
    target_forms = {
        step.pk: EscalationStepTargetForm(
            request.POST if action == f"target_add:{step.pk}" else None, prefix=f"target{step.pk}"
        )
        for step in steps
    }
    next_order = (steps[-1].order + 1) if steps else 1
    new_step = EscalationPolicyStepForm(
        request.POST if action == "step_add" else None, prefix="newstep", initial={"order": next_order}
    )
    if action:
        done = _policy_action(request, policy, steps, action, policy_form, step_forms, target_forms, new_step)
        if done:
            return redirect(reverse("escalation:escalationpolicy_edit", args=[policy.pk]) + done)
    return render(
        request,
        "escalation/policy_form.html",
        {
            "form": policy_form,
            "policy": policy,
            "steps": [(step, step_forms[step.pk], target_forms[step.pk]) for step in steps],
            "new_step": new_step,
        },
    )


def _policy_action(request, policy, steps, action, policy_form, step_forms, target_forms, new_step) -> str:
    """Run one action of the policy page; the anchor to return to, or "" to show the form's errors."""
    by_user = request.user
    by_id = {step.pk: step for step in steps}
    kind, _sep, ident = action.partition(":")
    try:
        if kind == "policy" and policy_form.is_valid():
            data = dict(policy_form.cleaned_data)
            svc.escalationpolicy_save(
                policy=policy,
                by_user=by_user,
                categories=data.pop("categories"),
                areas=data.pop("areas"),
                **data,
            )
            messages.success(request, _("Kebijakan disimpan."))
            return "#kebijakan"
        if kind == "step_add" and new_step.is_valid():
            step = svc.escalationpolicystep_save(policy=policy, by_user=by_user, **new_step.cleaned_data)
            messages.success(request, _("Langkah %(n)s ditambahkan.") % {"n": step.order})
            return f"#langkah-{step.pk}"
        step = by_id.get(int(ident)) if ident.isdigit() and kind.startswith("step") else None
        if kind == "step" and step and step_forms[step.pk].is_valid():
            svc.escalationpolicystep_save(
                policy=policy, step=step, by_user=by_user, **step_forms[step.pk].cleaned_data
            )
            messages.success(request, _("Langkah disimpan."))
            return f"#langkah-{step.pk}"
        if kind == "step_delete" and step:
            svc.escalationpolicystep_delete(step=step, by_user=by_user)
            messages.success(request, _("Langkah dihapus."))
            return "#langkah"
        if kind == "target_add" and ident.isdigit() and int(ident) in by_id:
            form = target_forms[int(ident)]
            if form.is_valid():
                svc.escalationsteptarget_save(step=by_id[int(ident)], by_user=by_user, **form.cleaned_data)
                messages.success(request, _("Sasaran ditambahkan."))
                return f"#langkah-{ident}"
        if kind == "target_delete" and ident.isdigit():
            target = next(
                (t for s in steps for t in s.targets.all() if t.pk == int(ident)),
                None,
            )
            if target is None:
                raise Http404
            svc.escalationsteptarget_delete(target=target, by_user=by_user)
            messages.success(request, _("Sasaran dihapus."))
            return f"#langkah-{target.step_id}"
    except ValidationError as exc:
        form = {
            "policy": policy_form,
            "step_add": new_step,
            "step": step_forms.get(int(ident)) if ident.isdigit() else None,
            "target_add": target_forms.get(int(ident)) if ident.isdigit() else None,
        }.get(kind)
        if form is not None:
            _apply_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return ""
    if kind not in ("policy", "step_add", "step", "step_delete", "target_add", "target_delete"):
        messages.error(request, _("Tindakan tidak dikenal."))
    return ""


@login_required
@permission_required(_PERM, raise_exception=True)
def alertgrouprule_create(request):
    return _rule_form(request, None)


@login_required
@permission_required(_PERM, raise_exception=True)
def alertgrouprule_edit(request, pk: int):
    return _rule_form(request, get_object_or_404(alertgrouprule_for_settings(request.user), pk=pk))


def _rule_form(request, rule):
    _allowed(request)
    form = AlertGroupRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            svc.alertgrouprule_save(
                rule=rule, by_user=request.user, categories=data.pop("categories"), **data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Aturan kelompok peringatan disimpan."))
            return redirect(reverse("escalation:escalation_settings") + "#kelompok")
    return render(request, "escalation/rule_form.html", {"form": form, "rule": rule})


@login_required
@permission_required(_PERM, raise_exception=True)
def escalationpolicy_preview(request):
    """For a desa, a category and a severity: who each step would alert now and on which channels."""
    _allowed(request)
    form = PolicyPreviewForm(request.GET or None)
    preview = None
    if request.GET and form.is_valid():
        preview = policy_preview(
            area=form.cleaned_data["area"],
            category=form.cleaned_data["category"],
            severity=form.cleaned_data["severity"],
            policy=form.cleaned_data["policy"],
        )
    return render(request, "escalation/preview.html", {"form": form, "preview": preview})


@login_required
@permission_required(_PERM, raise_exception=True)
def escalation_test_alert(request):
    """Send a test alert to one seat holder or one forum over the real channels; then show the result."""
    _allowed(request)
    form = TestAlertForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            key, _people = svc.escalation_test_alert(
                by_user=request.user, person=form.cleaned_data["person"], forum=form.cleaned_data["forum"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("escalation:escalation_test_alert_result", token=key.split("|", 1)[1])
    return render(request, "escalation/test_alert.html", {"form": form})


@login_required
@permission_required(_PERM, raise_exception=True)
def escalation_test_alert_result(request, token: str):
    """Who the test alert reached, per person and channel (refresh while deliveries are pending)."""
    reach = test_alert_result(key=f"uji-peringatan|{token}", user=request.user)
    if reach is None:
        raise Http404
    pending = any(d.is_pending for r in reach for d in r.deliveries)
    return render(
        request, "escalation/test_alert_result.html", {"reach": reach, "pending": pending, "token": token}
    )
