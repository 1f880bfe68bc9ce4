"""Pages of the second factor: enrol, verify, recover, recovery codes, and the administrators' reset."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import services
from .forms import ConfirmForm, RecoveryForm, ResetForm, TokenForm, UserSearchForm
from .policy import NO_DEVICE_SESSION_KEY, mfa_required
from .selectors import mfa_reset_candidates, mfa_status, recovery_codes_left, user_has_mfa

NEW_CODES_SESSION_KEY = "mfa_new_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def mfa_enrol(request):
    """Show the authenticator's QR code and secret; a correct code confirms it and gives recovery codes."""
    if user_has_mfa(request.user):
        return redirect("mfa:overview")
    device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_device_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            otp_login(request, device)
            request.session.pop(NO_DEVICE_SESSION_KEY, None)
            request.session[NEW_CODES_SESSION_KEY] = codes
            return redirect(f"{reverse('mfa:codes')}?next={_next(request)}")
    return render(
        request,
        "mfa/enrol.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"),
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "required": mfa_required(request.user),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def mfa_verify(request):
    """Ask for the authenticator's current code after login."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_mfa(request.user):
        return redirect(f"{reverse('mfa:enrol')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.totp_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "token", _("Kode salah atau sudah dipakai. Tunggu beberapa detik, lalu masukkan kode berikutnya.")
        )
    return render(
        request, "mfa/verify.html", {"form": form, "next": _next(request)}, status=400 if form.errors else 200
    )


@never_cache
@login_required
def mfa_recovery(request):
    """Log in with a single-use recovery code when the phone is lost."""
    if request.user.is_verified():
        return redirect(_next(request))
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.recovery_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            left = recovery_codes_left(request.user)
            messages.warning(
                request,
                _(
                    "Anda masuk dengan kode pemulihan; sisa %(left)s kode. Buat kode baru atau daftarkan "
                    "ulang aplikasi autentikator di halaman Verifikasi dua langkah."
                )
                % {"left": left},
            )
            return redirect(_next(request))
        form.add_error("code", _("Kode pemulihan salah atau sudah pernah dipakai."))
    return render(
        request,
        "mfa/recovery.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def mfa_overview(request):
    """The account's second factor: status, recovery codes, and switching it off where optional."""
    return _overview(request)


def _overview(request, *, codes_form=None, disable_form=None):
    """The overview page; a refused confirmation comes back with its field message (400)."""
    return render(
        request,
        "mfa/overview.html",
        {
            "status": mfa_status(request.user),
            "codes_form": codes_form or ConfirmForm(auto_id="codes_%s"),
            "disable_form": disable_form or ConfirmForm(auto_id="disable_%s"),
        },
        status=400 if codes_form or disable_form else 200,
    )


def _confirmed(request, *, auto_id: str) -> tuple[ConfirmForm, bool]:
    """Whether the POST carries the user's current authenticator code: a stolen session alone cannot
    take new recovery codes or switch the second factor off."""
    form = ConfirmForm(request.POST, auto_id=auto_id)
    if form.is_valid() and services.totp_verify(user=request.user, token=form.cleaned_data["token"]):
        return form, True
    if not form.has_error("token"):
        form.add_error(
            "token", _("Kode salah atau sudah dipakai. Tunggu beberapa detik, lalu masukkan kode berikutnya.")
        )
    return form, False


@never_cache
@login_required
def recovery_codes(request):
    """New recovery codes are shown once (after enrolment or on request); POST makes new ones."""
    if request.method == "POST":
        if not user_has_mfa(request.user):
            return redirect("mfa:enrol")
        form, confirmed = _confirmed(request, auto_id="codes_%s")
        if not confirmed:
            return _overview(request, codes_form=form)
        request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_regenerate(user=request.user)
        return redirect("mfa:codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("mfa:overview")
    return render(request, "mfa/codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_POST
def mfa_disable(request):
    """Switch off one's own second factor (only where the role does not require it), confirmed by a code."""
    if user_has_mfa(request.user) and not mfa_required(request.user):
        form, confirmed = _confirmed(request, auto_id="disable_%s")
        if not confirmed:
            return _overview(request, disable_form=form)
    try:
        services.mfa_disable(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("mfa:overview")


@login_required
@permission_required("otp_totp.delete_totpdevice", raise_exception=True)
def mfa_reset_list(request):
    """Accounts a kabupaten administrator may reset, searchable by user name, paginated."""
    form = UserSearchForm(request.GET or None)
    username = form.cleaned_data["username"] if form.is_valid() else ""
    page = Paginator(mfa_reset_candidates(request.user, username=username), 25).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "mfa/reset_list.html",
        {"form": form, "page_obj": page, "query_string": params.urlencode(), "reset_form": ResetForm()},
    )


@login_required
@permission_required("otp_totp.delete_totpdevice", raise_exception=True)
@require_POST
def mfa_reset(request, user_id: int):
    """Reset one account's second factor (it enrols again at next login); the reset is audited."""
    target = get_object_or_404(mfa_reset_candidates(request.user), pk=user_id)
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan pengaturan ulang."))
        return redirect("mfa:reset_list")
    services.mfa_reset(user=target, by_user=request.user, reason=form.cleaned_data["reason"], request=request)
    messages.success(
        request,
        _("Verifikasi dua langkah %(username)s diatur ulang; ia mendaftar lagi saat masuk berikutnya.")
        % {"username": target.get_username()},
    )
    return redirect(f"{reverse('mfa:reset_list')}?username={target.get_username()}")
