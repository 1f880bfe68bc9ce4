"""Send a logged-in user who still owes a second factor to verification (or enrolment) first."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .policy import NO_DEVICE_SESSION_KEY, mfa_required
from .selectors import user_has_mfa

# Reachable before the second factor: the login/logout pages, the MFA pages themselves,
# the language switch, health checks, the public certificate check and the offline form's service
# worker script (every page registers it; a redirect would make the browser refuse it).
EXEMPT_PREFIXES = (
    "/masuk/",
    "/keluar/",
    "/akun/mfa/daftar/",
    "/akun/mfa/verifikasi/",
    "/akun/mfa/pemulihan/",
    "/i18n/",
    "/healthz",
    "/verifikasi/",
    "/static/",
    "/sw.js",
)


class MfaRequiredMiddleware:
    """After django-otp's OTPMiddleware: an unverified session reaches only the exempt pages.

    A user with an authenticator must verify it after each login; a user whose access needs
    MFA (see policy.mfa_required) and has none is sent to enrolment. Optional users without a
    device pass, with that fact cached in the session so their requests cost no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.path_info.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        required = mfa_required(user)
        if not required and request.session.get(NO_DEVICE_SESSION_KEY):
            # Set at login (mfa.signals) and dropped on enrolment: no query per page.
            return self.get_response(request)
        if user_has_mfa(user):
            target = "mfa:verify"
        elif required:
            target = "mfa:enrol"
        else:
            request.session[NO_DEVICE_SESSION_KEY] = True
            return self.get_response(request)
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
