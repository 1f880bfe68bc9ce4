"""Request middleware of the registry's access model: sessions end after a spell of inactivity."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils.translation import gettext as _

ACTIVITY_KEY = "_last_activity"
# Who opens informant identities gets the shorter timeout.
SENSITIVE_PERMISSION = "incidents.view_confidentialinformant"
# Recording activity at most once a minute spares a session write per click.
ACTIVITY_RESOLUTION_S = 60


def idle_timeout_for(user) -> int:
    """Seconds of inactivity after which the user's session ends (SESSION_IDLE_TIMEOUT, or
    SESSION_IDLE_TIMEOUT_SENSITIVE for superusers and roles that open informant identities).
    """
    if user.is_superuser or user.has_perm(SENSITIVE_PERMISSION):
        return settings.SESSION_IDLE_TIMEOUT_SENSITIVE
    return settings.SESSION_IDLE_TIMEOUT


def _passive(request) -> bool:
    # htmx GETs are the page refreshing itself (the inbox badge, progress bars): not the user's activity.
    return request.method in ("GET", "HEAD") and request.headers.get("HX-Request") == "true"


def activity_start(sender, request, user, **kwargs) -> None:
    """On login (signal user_logged_in): idleness counts from now, saved with the login's own session write."""
    if getattr(request, "session", None) is not None:
        request.session[ACTIVITY_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Logs a user out when their last activity is older than their idle timeout.

    Activity is any request but a passive one, recorded in the session to the minute. After the
    timeout the session is flushed and the user goes to the login page (htmx: the whole page).
    Install after the authentication and message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(ACTIVITY_KEY)
            if last is not None and now - int(last) > idle_timeout_for(user):
                return self._expired(request)
            if last is None or (not _passive(request) and now - int(last) >= ACTIVITY_RESOLUTION_S):
                request.session[ACTIVITY_KEY] = now
        return self.get_response(request)

    def _expired(self, request):
        logout(request)
        messages.info(request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi."))
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(request.get_full_path())["Location"]
            return response
        return redirect_to_login(request.get_full_path())
