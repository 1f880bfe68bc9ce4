"""Project-wide views: the home page, the health endpoint and the error pages."""

import hmac
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.clientip import client_ip
from incidents.selectors import incident_list_reported_by

from .health import run_checks
from .startup import is_loopback

# How many of their own reports a reporter sees on the home page (the rest are in Insiden).
HOME_REPORTS = 10


@login_required
def home(request):
    """The landing page after login: who is logged in, and where to go next. A reporter (who files
    reports but does not triage them) lands on their own reports, with *Lapor kejadian* first."""
    user = request.user
    context: dict = {"now": timezone.now()}
    context["reporter_home"] = user.has_perm("incidents.add_incident") and not user.has_perm(
        "incidents.triage_incident"
    )
    if context["reporter_home"]:
        context["my_reports"] = list(incident_list_reported_by(user)[:HOME_REPORTS])
    return render(request, "home.html", context)


@never_cache
@require_GET
def healthz(request):
    """200 when every component is healthy, else 503; the details only for monitoring.

    Anyone gets ``{"status": "ok"|"fail"}``. Worker names, timings and errors help an attacker
    as much as an operator, so they go only to a caller on this host (not through the proxy)
    or one sending ``X-Health-Token: <HEALTH_TOKEN>``.
    """
    healthy, results = run_checks()
    body = {"status": "ok" if healthy else "fail"}
    if _may_see_health_details(request):
        body |= {
            "failing": [name for name, result in results.items() if not result["ok"]],
            "checks": results,
            "time": timezone.now().isoformat(),
        }
    return JsonResponse(body, status=200 if healthy else 503)


def _may_see_health_details(request) -> bool:
    token = settings.HEALTH_TOKEN
    offered = request.headers.get("X-Health-Token", "")
    if token and offered and hmac.compare_digest(offered.encode(), token.encode()):
        return True
    return is_loopback(client_ip(request))


def server_error(request):
    """The 500 page in the app's layout; degrades to a context-free page, then to plain text.

    Whatever broke the request may break rendering too (the database, a template), so each
    fallback needs less than the one before.
    """
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logging.getLogger(__name__).exception("the 500 page could not be rendered with its context")
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError(
            "<!doctype html><title>500</title><h1>Terjadi kesalahan pada server</h1>",
        )


def csrf_failure(request, reason=""):
    """A refused form (missing or stale CSRF token), explained in the app's language and layout."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
