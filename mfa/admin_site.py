"""The Django admin site, answering only to staff whose session passed the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse


class OtpRequiredAdminSite(admin.AdminSite):
    """Like django-otp's OTPAdminSite: an unverified session counts as not staff.

    Logging in goes through the app's own login and verification pages, so there is one
    login form (throttled, in Bahasa Indonesia) and one second-factor page.
    """

    def has_permission(self, request):
        user = request.user
        verified = getattr(user, "is_verified", None)
        return super().has_permission(request) and callable(verified) and verified()

    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            # Logged in but unverified (or not staff): the verification page sends them back here.
            return redirect(f"{reverse('mfa:verify')}?{urlencode({'next': target})}")
        return redirect(f"{settings.LOGIN_URL_PATH}?{urlencode({'next': target})}")
